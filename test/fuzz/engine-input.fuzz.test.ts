/**
 * Free text and card submissions, through the real engine at every kind of step, in English and Russian:
 * never a throw, always an answer; noise leaves the conversation as it was and is answered with a re-prompt in the
 * user's language; no user-supplied link, image or script comes back as live markup.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/types.js';
import type { StoredConversation } from '../../src/services/store.port.js';
import { fuzzRuns, fuzzTimeout, hostileSubmit, hostileText, injectedLink, noiseText, report, testCore, watchUnhandled, type TestCore } from './support.js';

interface Template { name: string; locale: Locale; doc: StoredConversation }

const EN_PATH = ['I want to upgrade', 'Suite', 'annual', '25', 'yes', 'checkout', 'jane@acme.com', '<code>', '100 Congress Ave, Austin, TX 78701, USA'];
const RU_PATH = ['хочу перейти на платный тариф', 'Suite', 'годовая', '10'];

let t: TestCore;
const templates: Template[] = [];
let cloned = 0;

async function build(locale: Locale, path: string[]): Promise<void> {
  for (let n = 0; n <= path.length; n++) {
    const user = `tpl-${locale}-${n}`;
    await t.say(user, locale === 'ru' ? 'привет' : 'hello', locale);
    for (const text of path.slice(0, n)) {
      const said = text === '<code>' ? /\b(\d{6})\b/.exec(t.mailer.lastTo('jane@acme.com')?.text ?? '')?.[1] ?? '000000' : text;
      await t.say(user, said, locale);
    }
    const peek = await t.core.engine.peek(t.core.engine.conversationIdFor(t.address(user), t.userRef(user)));
    if (!peek) throw new Error(`no conversation for ${user}`);
    templates.push({ name: `${locale}:${peek.snapshot.context.step}`, locale, doc: peek.doc });
  }
}

/** A fresh conversation in the template's state (its own user, so cases never share state). */
async function fromTemplate(tpl: Template): Promise<string> {
  const user = `case-${++cloned}`;
  const id = t.core.engine.conversationIdFor(t.address(user), t.userRef(user));
  await t.store.conversations.save({ ...tpl.doc, id, address: t.address(user), user: t.userRef(user), outbox: [], seen: [] });
  return user;
}

async function stateOf(user: string): Promise<{ step: string; answers: unknown; value: unknown }> {
  const peek = await t.core.engine.peek(t.core.engine.conversationIdFor(t.address(user), t.userRef(user)));
  if (!peek) throw new Error('conversation vanished');
  return { step: peek.snapshot.context.step, answers: peek.snapshot.context.answers, value: peek.snapshot.value };
}

const cyrillic = /[а-яё]/i;
const template = (): fc.Arbitrary<Template> => fc.constantFrom(...templates);

beforeAll(async () => {
  t = await testCore();
  await build('en', EN_PATH);
  await build('ru', RU_PATH);
}, 60_000);

describe('fuzz: free text through the engine', () => {
  it('any text at any step: no throw, at least one reply, no injected markup', async () => {
    const unhandled = watchUnhandled();
    const runs = fuzzRuns(300);
    await fc.assert(fc.asyncProperty(template(), hostileText(), async (tpl, text) => {
      const user = await fromTemplate(tpl);
      const replies = await t.say(user, text, tpl.locale);
      expect(replies.length).toBeGreaterThan(0);
      expect(replies.every((r) => r.text.trim().length > 0)).toBe(true);
      expect(injectedLink(replies)).toBeUndefined();
    }), { numRuns: runs });
    expect(unhandled()).toEqual([]);
    report('engine free text', runs);
  }, fuzzTimeout(300, 15));

  it('noise leaves the state unchanged and is answered with a re-prompt in the user\'s language', async () => {
    const runs = fuzzRuns(200);
    await fc.assert(fc.asyncProperty(template(), noiseText, async (tpl, text) => {
      const user = await fromTemplate(tpl);
      const before = await stateOf(user);
      const replies = await t.say(user, text, tpl.locale);
      expect(await stateOf(user)).toEqual(before);
      expect(replies.length).toBeGreaterThan(0);
      // A re-prompt: the step's question (or its choices/card) comes back, not a dead end.
      expect(replies.some((r) => r.kind === 'prompt' || (r.choices?.length ?? 0) > 0 || r.card !== undefined)).toBe(true);
      for (const r of replies) expect(cyrillic.test(r.text), r.text).toBe(tpl.locale === 'ru');
    }), { numRuns: runs });
    report('engine noise text (state unchanged)', runs);
  }, fuzzTimeout(200, 15));

  it('very long text is answered and the transcript does not keep it whole', async () => {
    const user = await fromTemplate(templates[1] ?? templates[0]!);
    const before = await stateOf(user);
    const id = t.core.engine.conversationIdFor(t.address(user), t.userRef(user));
    const replies = await t.say(user, 'Suite '.repeat(20_000));
    expect(replies.map((r) => r.text).join(' ')).toMatch(/too long.*4,000 characters/);
    expect(await stateOf(user)).toEqual(before);
    const stored = JSON.stringify(await t.store.transcripts.list(id, 100));
    expect(stored).not.toContain('Suite Suite Suite');
    // Russian is answered in Russian.
    expect((await t.say(user, 'я '.repeat(5_000), 'ru')).map((r) => r.text).join(' ')).toMatch(/слишком длинное/);
  });
});

describe('fuzz: card submissions through the engine', () => {
  it('wrong, missing, huge and hostile values: no throw, an answer, no injected markup', async () => {
    const unhandled = watchUnhandled();
    const runs = fuzzRuns(300);
    await fc.assert(fc.asyncProperty(template(), hostileSubmit, async (tpl, value) => {
      const user = await fromTemplate(tpl);
      const replies = await t.submit(user, value, tpl.locale);
      expect(replies.length).toBeGreaterThan(0);
      expect(injectedLink(replies)).toBeUndefined();
    }), { numRuns: runs });
    expect(unhandled()).toEqual([]);
    report('engine card submissions', runs);
  }, fuzzTimeout(300, 15));

  it('an address form with markup in every field is echoed without live links', async () => {
    const address = templates.find((x) => x.name === 'en:billingAddress');
    expect(address, templates.map((x) => x.name).join(', ')).toBeDefined();
    const user = await fromTemplate(address!);
    const evil = '[click me](http://evil.example/x)';
    const replies = await t.submit(user, {
      form: 'billingAddress', line1: `1 Main St ${evil}`, line2: '![x](http://evil.example/p.png) **Suite 5**', city: `Austin ${evil}`,
      region: 'TX', postalCode: '78701', country: 'US',
    });
    expect(injectedLink(replies), JSON.stringify(replies)).toBeUndefined();
  });
});
