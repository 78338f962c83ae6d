import { afterEach, describe, expect, it } from 'vitest';
import { renderReply } from '../../src/adapters/webex/webex-render.js';
import { markdownToPlain, splitText } from '../../src/adapters/webex/webex-text.js';
import { WEBEX_MAX_TEXT_BYTES } from '../../src/adapters/webex/webex.types.js';
import type { AdaptiveCard } from '../../src/dialogs/reply.js';
import { ScriptedEngine, startHarness, type Harness } from './harness.js';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
const plans = ['Meet', 'Suite', 'Calling', 'Enterprise', 'Messaging', 'Webinars'].map((p) => ({ label: p, value: p.toLowerCase() }));

describe('rendering replies for Webex', () => {
  it('renders up to five choices as Action.Submit buttons with {choice} data and a text fallback', () => {
    const [msg] = renderReply({ text: 'Pick a **renewal**', choices: plans.slice(0, 2) });
    expect(msg?.markdown).toBe('Pick a **renewal**\n\n- Meet\n- Suite');
    expect(msg?.text).toBe('Pick a renewal\n\n- Meet\n- Suite');
    expect(msg?.attachments?.[0]).toEqual({
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: {
        type: 'AdaptiveCard', version: '1.3', body: [{ type: 'TextBlock', text: 'Pick a **renewal**', wrap: true }],
        actions: [
          { type: 'Action.Submit', title: 'Meet', data: { choice: 'meet' } },
          { type: 'Action.Submit', title: 'Suite', data: { choice: 'suite' } },
        ],
      },
    });
  });

  it('renders more than five choices as one ChoiceSet and a submit button', () => {
    const [msg] = renderReply({ text: 'Which plan?', choices: plans });
    const card = msg?.attachments?.[0]?.content as AdaptiveCard;
    expect(card.actions).toEqual([{ type: 'Action.Submit', title: 'OK' }]);
    expect(card.body[1]).toMatchObject({ type: 'Input.ChoiceSet', id: 'choice', choices: plans.map((p) => ({ title: p.label, value: p.value })) });
  });

  it('sends a dialog card as the attachment with the text as fallback, pinned to 1.3', () => {
    const card: AdaptiveCard = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Text', id: 'city' }],
      actions: [{ type: 'Action.Submit', title: 'Save', data: { form: 'billingAddress' } }] };
    const out = renderReply({ text: 'Your billing address: [help](https://example.com/help)', card });
    expect(out).toHaveLength(1);
    expect(out[0]?.text).toBe('Your billing address: help (https://example.com/help)');
    // Webex shows the card rather than the text, so the form carries the question too.
    expect(out[0]?.attachments?.[0]?.content).toEqual({ ...card, version: '1.3',
      body: [{ type: 'TextBlock', text: 'Your billing address: [help](https://example.com/help)', wrap: true }, ...card.body] });
  });

  it('puts the question on a form card and its choices beside the submit, free of the required inputs', () => {
    const card: AdaptiveCard = { type: 'AdaptiveCard', version: '1.3', body: [
      { type: 'TextBlock', text: 'Address lines', weight: 'Bolder' },
      { type: 'Input.Text', id: 'line1', isRequired: true },
    ], actions: [{ type: 'Action.Submit', title: 'Submit', data: { form: 'serviceAddress' } }] };
    const [msg] = renderReply({ text: "What's the **service address**?", card, choices: [{ label: 'Same as billing', value: 'same as billing' }] });
    // Text-only clients learn they can type the choice.
    expect(msg?.markdown).toBe("What's the **service address**?\n\n- Same as billing");
    const content = msg?.attachments?.[0]?.content as AdaptiveCard;
    expect(content.body[0]).toEqual({ type: 'TextBlock', text: "What's the **service address**?", wrap: true });
    expect(content.body.slice(1)).toEqual(card.body);
    expect(content.actions).toEqual([
      { type: 'Action.Submit', title: 'Submit', data: { form: 'serviceAddress' } },
      { type: 'Action.Submit', title: 'Same as billing', data: { choice: 'same as billing' }, associatedInputs: 'none' },
    ]);
  });

  it('splits long text on paragraph, line and word boundaries within the byte limit', () => {
    const para = 'Лицензия нужна каждому сотруднику. '.repeat(60).trim();
    const text = Array.from({ length: 8 }, (_, i) => `**${i}** ${para}`).join('\n\n');
    const chunks = splitText(text);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(bytes(c)).toBeLessThanOrEqual(WEBEX_MAX_TEXT_BYTES);
    expect(chunks.join('\n\n')).toBe(text);
    const oneWord = 'ж'.repeat(5000);
    const parts = splitText(oneWord);
    expect(parts.join('')).toBe(oneWord);
    for (const c of parts) expect(bytes(c)).toBeLessThanOrEqual(WEBEX_MAX_TEXT_BYTES);
  });

  it('keeps the words and link targets in the plain fallback', () => {
    expect(markdownToPlain('**Total** _incl. tax_: `7,800.00` USD, see [terms](https://x.test/t)'))
      .toBe('Total incl. tax: 7,800.00 USD, see terms (https://x.test/t)');
  });

  it('puts the card on the last part of a long reply', () => {
    const out = renderReply({ text: `${'a '.repeat(5000)}\n\nChoose:`, choices: plans.slice(0, 2) });
    expect(out.length).toBe(2);
    expect(out[0]?.attachments).toBeUndefined();
    expect(out[1]?.attachments?.[0]?.content).toMatchObject({ actions: [{ title: 'Meet' }, { title: 'Suite' }] });
  });
});

describe('an oversized reply over the wire', () => {
  let h: Harness;
  afterEach(async () => { await h.close(); });

  it('arrives split, every part accepted by the API, in order, and whole', async () => {
    const engine = new ScriptedEngine();
    const long = Array.from({ length: 40 }, (_, i) => `${i}. ${'Терms and conditions apply. '.repeat(20)}`).join('\n');
    engine.respond = () => [{ text: long }, { text: 'after' }];
    h = await startHarness({ engine });
    const ann = h.fake.addPerson('Ann', 'ann@example.com');
    const room = h.fake.directRoom(ann);
    await h.fake.userSays(ann, room, 'terms');
    await h.quiet();
    const sent = h.fake.sentTo(room);
    expect(h.fake.rejected).toEqual([]);
    expect(sent.length).toBeGreaterThan(2);
    expect(sent.slice(0, -1).map((m) => m.markdown).join('\n')).toBe(long);
    expect(sent.at(-1)?.markdown).toBe('after');
  });
});
