import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETUP, parseTranscript } from '../../src/adapters/transcript/parse.js';
import { TranscriptParseError } from '../../src/adapters/transcript/transcript.types.js';

const parse = (text: string, files: Record<string, string> = {}) =>
  parseTranscript('t/main.chat', text, (p) => {
    const hit = Object.entries(files).find(([name]) => resolve(name) === p);
    if (!hit) throw new Error(`ENOENT: no such file ${p}`);
    return hit[1];
  });

function parseError(text: string, files: Record<string, string> = {}): TranscriptParseError {
  try {
    parse(text, files);
  } catch (err) {
    if (err instanceof TranscriptParseError) return err;
    throw err;
  }
  throw new Error('expected a parse error');
}

describe('title, comments, blank lines, directives', () => {
  it('reads the contract example', () => {
    const t = parse(`# Suite, annual, 25 licenses, with callback, in Teams
@channel teams
@locale en
@user jane@acme.com Jane Doe
@account jane@acme.com Acme Inc

user: I want to upgrade
bot: which plan
buttons include: Meet | Call | Suite
user clicks: Suite
state: renewal
mail: /(?<code>\\d{6})/
user: {{code}}`);
    expect(t.title).toBe('Suite, annual, 25 licenses, with callback, in Teams');
    expect(t.setup).toEqual({
      channel: 'teams', locale: 'en', user: { email: 'jane@acme.com', name: 'Jane Doe' },
      accounts: [{ email: 'jane@acme.com', organisation: 'Acme Inc' }], now: DEFAULT_SETUP.now,
    });
    expect(t.steps.map((s) => s.kind)).toEqual(['user', 'bot', 'buttons', 'userClicks', 'state', 'mail', 'user']);
    expect(t.steps[0]?.at).toEqual({ file: 't/main.chat', line: 7, via: [] });
    expect(t.steps[6]).toMatchObject({ kind: 'user', text: '{{code}}' });
  });

  it('applies defaults, uses the file name without a title, treats later # lines as comments', () => {
    const t = parse('#not a title\n\n   \nuser: hi\n# a comment\n# another\nbot: hello');
    expect(t.title).toBe('main.chat');
    expect(t.setup).toEqual(DEFAULT_SETUP);
    expect(t.steps).toHaveLength(2);
  });

  it('takes the first "# " line as title, even after a directive', () => {
    expect(parse('@locale ru\n# Title here\n# comment\nuser: x').title).toBe('Title here');
  });

  it('reads @now, repeated @account, @user without name', () => {
    const t = parse('@now 2026-03-01T12:00:00Z\n@account a@x.com\n@account b@y.org Bee Org\n@user me@x.com\nuser: hi');
    expect(t.setup.now).toBe(Date.parse('2026-03-01T12:00:00Z'));
    expect(t.setup.accounts).toEqual([{ email: 'a@x.com' }, { email: 'b@y.org', organisation: 'Bee Org' }]);
    expect(t.setup.user).toEqual({ email: 'me@x.com' });
  });

  it.each([
    ['@channel slack', 'main.chat:1: expected @channel console|webex|teams, got "slack"'],
    ['@locale de', 'expected @locale en|ru, got "de"'],
    ['@user nobody', 'expected @user EMAIL [Display name], got "nobody"'],
    ['@account', 'expected @account EMAIL [Organisation]'],
    ['@now yesterday', 'expected @now ISO-8601'],
    ['@now 2026-13-45T00:00:00Z', 'expected @now ISO-8601'],
    ['@colour blue', 'unknown directive @colour; expected one of @channel, @locale, @user, @account, @now, @include'],
    ['@channel teams\n@channel webex', 'main.chat:2: @channel is given twice'],
    ['user: hi\n@locale ru', 'main.chat:2: directive @locale must come before the first step (line 1)'],
  ])('rejects %j', (text, message) => {
    expect(parseError(text).message).toContain(message);
  });
});

describe('steps', () => {
  it('parses every step kind', () => {
    const t = parse(`user: hello
user clicks: Suite
user submits: {"licenses": 25}
bot: plain
bot!: /nope/i
buttons: A | B | C
buttons include: A
state: handoff
state: handoff.waiting
order: plan=suite, licenses=25, subtotal=7800.00
sales: new case
agent: hi there
agent clicks: Claim
event: payment succeeded
event: payment failed {"reason": "card declined"}
event:  Provisioning   Complete
wait: 11 minutes
wait: 1 day
wait: 30 seconds
wait: 2 hours
mail: = Your code`);
    const kinds = t.steps.map((s) => s.kind);
    expect(kinds).toEqual(['user', 'userClicks', 'userSubmits', 'bot', 'botNot', 'buttons', 'buttons', 'state', 'state', 'order',
      'sales', 'agent', 'agentClicks', 'event', 'event', 'event', 'wait', 'wait', 'wait', 'wait', 'mail']);
    expect(t.steps[5]).toMatchObject({ labels: ['A', 'B', 'C'], exact: true });
    expect(t.steps[6]).toMatchObject({ labels: ['A'], exact: false });
    expect(t.steps[9]).toMatchObject({ fields: [{ key: 'plan', value: 'suite' }, { key: 'licenses', value: '25' }, { key: 'subtotal', value: '7800.00' }] });
    expect(t.steps[14]).toMatchObject({ name: 'payment failed', json: '{"reason": "card declined"}' });
    expect(t.steps[15]).toMatchObject({ name: 'provisioning complete' });
    expect(t.steps.slice(16, 20).map((s) => (s.kind === 'wait' ? s.ms : 0))).toEqual([660_000, 86_400_000, 30_000, 7_200_000]);
    expect(t.steps[20]).toMatchObject({ match: { kind: 'exact', source: 'Your code' } });
  });

  it('reads the three MATCH forms', () => {
    const t = parse('bot: /7,?800\\.00/\nbot: =  Exact text \nbot: some text\nbot: /help\nbot: /a/b\nbot: /(?<x>\\d+)/gi');
    expect(t.steps.map((s) => (s.kind === 'bot' ? s.match : undefined))).toEqual([
      { kind: 'regex', source: '7,?800\\.00', flags: '' },
      { kind: 'exact', source: 'Exact text' },
      { kind: 'text', source: 'some text' },
      { kind: 'text', source: '/help' },
      { kind: 'text', source: '/a/b' },
      { kind: 'regex', source: '(?<x>\\d+)', flags: 'gi' },
    ]);
  });

  it('accepts keywords in any case and spacing, and text with colons', () => {
    const t = parse('User  Clicks: Suite\nuser: see https://x.webex.com: ok');
    expect(t.steps[0]).toMatchObject({ kind: 'userClicks', label: 'Suite' });
    expect(t.steps[1]).toMatchObject({ kind: 'user', text: 'see https://x.webex.com: ok' });
  });

  it('keeps {{var}} in JSON and regexes for run time', () => {
    const t = parse('user submits: {"code": {{code}}, "s": "{{ s }}"}\nbot: /{{site}}\\.webex\\.com/');
    expect(t.steps[0]).toMatchObject({ json: '{"code": {{code}}, "s": "{{ s }}"}' });
    expect(t.steps[1]).toMatchObject({ match: { source: '{{site}}\\.webex\\.com' } });
  });

  it('lets an order value hold a comma when no key follows it', () => {
    const t = parse('order: email=a@b.com, status=placed');
    expect(t.steps[0]).toMatchObject({ fields: [{ key: 'email', value: 'a@b.com' }, { key: 'status', value: 'placed' }] });
  });

  it.each([
    ['user says: hi', 'main.chat:1: unknown step "user says:"; expected one of user:, user clicks:'],
    ['bot?: x', 'main.chat:1: expected a step (user:'],
    ['hello world', 'expected a step (user:, user clicks:, user submits:, bot:, bot!:, buttons:'],
    ['user:', 'expected the text the user sends after "user:"'],
    ['user clicks:   ', 'expected a button label after "user clicks:"'],
    ['bot: /(unclosed/', 'invalid regular expression /(unclosed/'],
    ['bot: =', 'expected the exact text after "="'],
    ['buttons: A || B', 'got an empty label'],
    ['state: checkout', 'unknown step "checkout"; expected one of plan, renewal'],
    ['order: plan suite', 'expected key=value, got "plan suite"'],
    ['order: colour=red', 'unknown order key "colour"; expected one of plan, renewal, licenses'],
    ['order: plan=', 'expected a value after "plan="'],
    ['order: plan=a, plan=b', 'order key "plan" is given twice'],
    ['event: payment refunded', 'unknown event "payment refunded"; expected one of payment succeeded, payment failed, provisioning complete'],
    ['event: payment failed {reason}', 'expected a JSON object, got "{reason}"'],
    ['user submits: [1,2]', 'expected a JSON object {...}, got "[1,2]"'],
    ['user submits: nope', 'expected a JSON object, got "nope"'],
    ['wait: 5', 'expected "N seconds|minutes|hours|days", got "5"'],
    ['wait: a while', 'expected "N seconds|minutes|hours|days"'],
    ['wait: 3 weeks', 'expected "N seconds|minutes|hours|days"'],
  ])('rejects %j', (text, message) => {
    const err = parseError(`# t\n${text}`);
    expect(err.line).toBe(2);
    expect(err.message).toContain(message.replace('main.chat:1', 'main.chat:2'));
  });
});

describe('@include', () => {
  it('splices the steps of a relative file, with their own locations and the include chain', () => {
    const t = parse('# Main\n@include parts/start.chat\nstate: cart', {
      't/parts/start.chat': '# Start (ignored title)\n@account jane@acme.com Acme\n@channel webex\n\n@include ../common/plan.chat\nuser: 25',
      't/common/plan.chat': 'user: suite\nbot: renewal',
    });
    expect(t.title).toBe('Main');
    expect(t.setup.channel).toBe('webex');
    expect(t.setup.accounts).toEqual([{ email: 'jane@acme.com', organisation: 'Acme' }]);
    expect(t.steps.map((s) => s.raw)).toEqual(['user: suite', 'bot: renewal', 'user: 25', 'state: cart']);
    expect(t.steps[0]?.at).toEqual({
      file: 't/common/plan.chat', line: 1,
      via: [{ file: 't/main.chat', line: 2 }, { file: 't/parts/start.chat', line: 5 }],
    });
    expect(t.steps[2]?.at).toMatchObject({ file: 't/parts/start.chat', line: 6 });
    expect(t.steps[3]?.at).toEqual({ file: 't/main.chat', line: 3, via: [] });
  });

  it('lets the including file override included directives', () => {
    const t = parse('@channel teams\n@include p.chat\n@account b@b.com', { 't/p.chat': '@channel webex\n@account a@a.com\nuser: hi' });
    expect(t.setup.channel).toBe('teams');
    expect(t.setup.accounts.map((a) => a.email)).toEqual(['b@b.com', 'a@a.com']);
  });

  it('may appear after steps', () => {
    const t = parse('user: hi\n@include p.chat\nuser: bye', { 't/p.chat': 'bot: hello' });
    expect(t.steps.map((s) => s.raw)).toEqual(['user: hi', 'bot: hello', 'user: bye']);
  });

  it('detects a cycle and names it', () => {
    const err = parseError('@include a.chat', { 't/a.chat': 'user: a\n@include b.chat', 't/b.chat': '@include a.chat' });
    expect(err.message).toBe('t/b.chat:1: @include cycle: t/main.chat -> t/a.chat -> t/b.chat -> t/a.chat');
  });

  it('detects a file including itself', () => {
    expect(parseError('@include main.chat').message).toContain('@include cycle: t/main.chat -> t/main.chat');
  });

  it('names a missing file and a missing path', () => {
    expect(parseError('user: x\n@include nope.chat').message).toMatch(/^t\/main\.chat:2: cannot read @include nope\.chat: ENOENT/);
    expect(parseError('@include').message).toBe('t/main.chat:1: expected a relative path after @include');
  });

  it('reports errors inside an included file at that file and line', () => {
    const err = parseError('@include p.chat', { 't/p.chat': 'user: ok\nbogus: step' });
    expect(err.file).toBe('t/p.chat');
    expect(err.line).toBe(2);
  });
});
