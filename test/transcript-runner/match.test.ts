import { describe, expect, it } from 'vitest';
import {
  StepError, checkButtons, choicesOf, compileMatch, extractCardText, markdownToPlain, messageAlternatives, resolveLabel, substitute,
} from '../../src/adapters/transcript/match.js';

const vars = (o: Record<string, string> = {}) => new Map(Object.entries(o));

describe('MATCH forms', () => {
  it('plain text: case-insensitive substring after folding white space', () => {
    const m = compileMatch({ kind: 'text', source: 'Total   DUE' }, vars());
    expect(m.test(['Your cart:\n  total\t due today 7,800.00'])).toEqual({});
    expect(m.test(['totaldue'])).toBeUndefined();
  });

  it('regex: searched, flags honoured, named groups captured', () => {
    const m = compileMatch({ kind: 'regex', source: '(?<code>\\d{6})', flags: '' }, vars());
    expect(m.test(['Your code is 123456.'])).toEqual({ code: '123456' });
    expect(compileMatch({ kind: 'regex', source: 'hello', flags: 'i' }, vars()).test(['HELLO'])).toEqual({});
    expect(compileMatch({ kind: 'regex', source: 'hello', flags: '' }, vars()).test(['HELLO'])).toBeUndefined();
  });

  it('regex with the g flag is not stateful between messages', () => {
    const m = compileMatch({ kind: 'regex', source: 'a', flags: 'g' }, vars());
    expect(m.test(['a'])).toEqual({});
    expect(m.test(['a'])).toEqual({});
  });

  it('exact: the whole message, trimmed (white space folded), case-sensitive', () => {
    const m = compileMatch({ kind: 'exact', source: 'How many licenses?' }, vars());
    expect(m.test(['  How many\nlicenses?  '])).toEqual({});
    expect(m.test(['How many licenses? (1-100)'])).toBeUndefined();
    expect(m.test(['how many licenses?'])).toBeUndefined();
  });

  it('substitutes variables, escaping them inside regexes', () => {
    const v = vars({ site: 'acme.co', n: '3' });
    expect(compileMatch({ kind: 'text', source: 'at {{site}}' }, v).test(['Live at ACME.co now'])).toEqual({});
    const re = compileMatch({ kind: 'regex', source: '^{{site}}$', flags: '' }, v);
    expect(re.test(['acme.co'])).toEqual({});
    expect(re.test(['acmexco'])).toBeUndefined();
    expect(substitute('{"a": "{{q}}"}', vars({ q: 'say "hi"' }), 'json')).toBe('{"a": "say \\"hi\\""}');
  });

  it('fails on an unknown variable, naming what is known', () => {
    expect(() => substitute('{{code}}', vars())).toThrow(new StepError('unknown variable {{code}} (none captured yet)'));
    expect(() => substitute('{{nope}}', vars({ code: '1' }))).toThrow('unknown variable {{nope}} (captured: code)');
  });
});

const cart = {
  type: 'AdaptiveCard', version: '1.3',
  body: [
    { type: 'TextBlock', text: 'Your cart' },
    { type: 'FactSet', facts: [{ title: 'Webex Suite', value: '25 x 22.50' }, { title: 'Total', value: '7,800.00 USD' }] },
    { type: 'Input.Text', id: 'n', label: 'Licenses', placeholder: '1 to 100' },
    { type: 'Input.ChoiceSet', id: 'r', choices: [{ title: 'Annual', value: 'annual' }, { title: 'Monthly', value: 'monthly' }] },
    { type: 'Container', items: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Tax later' }] }] },
    { type: 'Input.Toggle', id: 't', title: 'Add Callback' },
  ],
  actions: [{ type: 'Action.Submit', title: 'Checkout', data: { choice: 'checkout' } }, { type: 'Action.OpenUrl', title: 'Terms', url: 'https://x' }],
};

describe('plain text: markdown as the user reads it', () => {
  it('drops bold, italics and code marks, keeps a link\'s text, undoes escapes', () => {
    expect(markdownToPlain('renew **annually** or __monthly__, _for now_ or *later*')).toBe('renew annually or monthly, for now or later');
    expect(markdownToPlain('Pay here: [the payment page](https://pay.example/p/1) or [https://x.example](https://x.example)'))
      .toBe('Pay here: the payment page or https://x.example');
    expect(markdownToPlain('type `start over`')).toBe('type start over');
    expect(markdownToPlain('1 \\* 2 \\_x\\_ \\[a\\](b) snake_case_name 2 * 3 * 4')).toBe('1 * 2 _x_ [a](b) snake_case_name 2 * 3 * 4');
    expect(markdownToPlain('http:\u2060//typed.example')).toBe('http://typed.example');
  });

  it('a message matches on its plain text and card text, so bot!: never passes because of markup', () => {
    const msg = { text: 'Should it renew **annually** or **monthly**?', choices: [], card: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'See [terms](https://t.example)' }] } };
    const alts = messageAlternatives(msg);
    expect(compileMatch({ kind: 'text', source: 'renew annually' }, vars()).test(alts)).toEqual({});
    expect(compileMatch({ kind: 'text', source: 'See terms' }, vars()).test(alts)).toEqual({});
    expect(compileMatch({ kind: 'exact', source: 'Should it renew annually or monthly?' }, vars()).test(alts)).toEqual({});
    expect(compileMatch({ kind: 'text', source: '**annually**' }, vars()).test(alts)).toBeUndefined();
    expect(compileMatch({ kind: 'regex', source: 'https://t', flags: '' }, vars()).test(alts)).toBeUndefined();
  });
});

describe('card text', () => {
  it('extracts text blocks, facts, input labels and placeholders, choices, action titles', () => {
    expect(extractCardText(cart)).toEqual([
      'Your cart', 'Webex Suite 25 x 22.50', 'Total 7,800.00 USD', 'Licenses', '1 to 100', 'Annual', 'Monthly',
      'Tax later', 'Add Callback', 'Checkout', 'Terms',
    ]);
  });

  it('matches on plain text plus card text, or the card text given by the harness', () => {
    const alts = messageAlternatives({ text: 'Your cart', choices: [], card: cart });
    expect(compileMatch({ kind: 'regex', source: '7,?800\\.00', flags: '' }, vars()).test(alts)).toEqual({});
    expect(compileMatch({ kind: 'exact', source: 'Your cart' }, vars()).test(alts)).toEqual({});
    const given = messageAlternatives({ text: 'x', choices: [], cardText: 'Flattened 1', card: cart });
    expect(given).toEqual(['x\nFlattened 1', 'x', 'Flattened 1']);
  });

  it('takes a card\'s submit actions as choices when the harness gave none', () => {
    expect(choicesOf({ text: '', choices: [], card: cart })).toEqual([{ label: 'Checkout', value: 'Checkout', data: { choice: 'checkout' } }]);
    const own = [{ label: 'A', value: 'a' }];
    expect(choicesOf({ text: '', choices: own, card: cart })).toBe(own);
  });
});

describe('labels', () => {
  const plans = ['Webex Meet', 'Webex Call', 'Webex Suite (Meet + Call)'];

  it('exact label first, case-insensitive', () => {
    expect(resolveLabel('webex meet', plans)).toEqual({ index: 0 });
    expect(resolveLabel('Yes', ['Yes', 'Yes, and more'])).toEqual({ index: 0 });
  });

  it('else the single label containing it', () => {
    expect(resolveLabel('suite', plans)).toEqual({ index: 2 });
  });

  it('else an error naming the labels on offer', () => {
    expect(resolveLabel('Call', plans)).toEqual({
      error: '"Call" is ambiguous: "Webex Call", "Webex Suite (Meet + Call)" all contain it (offered: "Webex Meet", "Webex Call", "Webex Suite (Meet + Call)")',
    });
    expect(resolveLabel('Enterprise', plans)).toEqual({ error: 'no label "Enterprise" (offered: "Webex Meet", "Webex Call", "Webex Suite (Meet + Call)")' });
  });

  it('buttons: exact list in order, each by exact or containing label', () => {
    expect(checkButtons(['Meet', 'Call', 'Suite'], plans, true)).toBeUndefined();
    expect(checkButtons(['Call', 'Meet', 'Suite'], plans, true)).toBe(
      'expected exactly Call | Meet | Suite, offered "Webex Meet" | "Webex Call" | "Webex Suite (Meet + Call)"');
    expect(checkButtons(['Meet', 'Call'], plans, true)).toContain('expected exactly Meet | Call');
  });

  it('buttons include: distinct labels, assigned so overlapping names still fit', () => {
    expect(checkButtons(['Meet', 'Call', 'Suite'], plans, false)).toBeUndefined();
    expect(checkButtons(['suite'], plans, false)).toBeUndefined();
    expect(checkButtons(['Suite', 'Enterprise'], plans, false)).toBe(
      'expected at least Suite | Enterprise: missing Enterprise; offered "Webex Meet" | "Webex Call" | "Webex Suite (Meet + Call)"');
    expect(checkButtons(['Webex', 'Webex', 'Webex', 'Webex'], plans, false)).toContain('no distinct label for each of');
  });
});
