/**
 * Shared pieces of the fuzz suite: how many cases to run, hostile text generators, a core with a capturing
 * channel, and a guard against unhandled rejections.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { createCore, type Core } from '../../src/core.js';
import type { ChannelSender, ConversationAddress, UserRef } from '../../src/dialogs/channel.types.js';
import type { Reply } from '../../src/dialogs/reply.js';
import { DEFAULT_DATA_DIR, loadProductData } from '../../src/domain/product-data.js';
import type { Locale } from '../../src/domain/types.js';
import { createIds, createVirtualClock } from '../../src/services/clock.js';
import { loadDirectoryData } from '../../src/services/directory/index.js';
import { createMemoryMailer, type MemoryMailer } from '../../src/services/mail/index.js';
import { createLocalPayments } from '../../src/services/payments/index.js';
import { createSimulatedProvisioner } from '../../src/services/provisioning/simulated.js';
import { createLocalSalesDesk } from '../../src/services/sales/local-desk.js';
import { guardTurns } from '../../src/services/rate-limit.js';
import { createMemoryStore } from '../../src/services/store/memory.store.js';
import type { Store } from '../../src/services/store.port.js';

/** Cases per entry point: FUZZ_RUNS (npm run test:fuzz sets 10000), else the quick count of `npm test`. */
export function fuzzRuns(quick: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : quick;
}
/** Test timeout that grows with the case count. */
export const fuzzTimeout = (quick: number, msPerCase: number): number => 30_000 + fuzzRuns(quick) * msPerCase;

/** Prints the figure docs/reliability.md quotes. */
export function report(entryPoint: string, cases: number): void {
  console.info(`[fuzz] ${entryPoint}: ${cases} cases`);
}

const CONTROL = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const PIECES = [
  '[click me](http://evil.example/x)', '![img](http://evil.example/p.png)', '<script>alert(1)</script>', '**bold**', '_x_', '`code`',
  '# heading', '> quote', '<at>Bot</at>', '{"type":"AdaptiveCard","actions":[{"type":"Action.OpenUrl","url":"http://evil.example"}]}',
  '\u202Eevil\u202C', '\u200B', '\uFEFF', '\u0000', '\r\n', '\\', '${x}', '{{x}}', '%s', '../../etc/passwd', "'; DROP TABLE x;--",
  '🙂', '👨‍👩‍👧‍👦', '🏳️‍🌈', 'שלום', 'مرحبا', '你好', 'こんにちは', 'Grüß Gott', 'привет', 'Suite', '25', 'yes', 'нет',
  'help', 'cancel', 'back', 'cart', '4111 1111 1111 1111', '123456', 'jane@acme.com', 'https://evil.example', 'javascript:alert(1)',
];

/** Free text as strangers type it: any unicode, control characters, markup, card injection, other scripts, words the bot knows. */
export const hostileText = (maxLength = 400): fc.Arbitrary<string> => fc.oneof(
  fc.string({ unit: 'grapheme', maxLength }),
  fc.string({ unit: 'binary', maxLength }),
  fc.array(fc.oneof(fc.constantFrom(...PIECES), CONTROL, fc.string({ maxLength: 8 })), { maxLength: 12 }).map((a) => a.join(' ')),
  fc.string({ unit: fc.constantFrom('a', 'я', ' ', '\n', '*', '[', ']', '(', ')', '1'), maxLength: 2000 }),
);

/** Text that cannot be an answer to anything: no letters and no digits. */
export const noiseText: fc.Arbitrary<string> = fc.array(fc.oneof(
  CONTROL, fc.constantFrom('🙂', '👍🏽', '\u202E', '\u200B', '…', '?!', '<>', '***', '__', '[]()', '♥', '→', '—', '\t', ' '),
), { minLength: 1, maxLength: 20 }).map((a) => a.join('')).filter((s) => s.trim().length > 0 && !/[?]/.test(s));

/** A card submission: known and unknown keys, right and wrong types, huge and hostile values. */
export const hostileSubmit: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  fc.oneof(fc.constantFrom('form', 'choice', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'count', 'email', 'code', 'name',
    'newNumbers', 'area', 'port', '__proto__', 'constructor', 'verb'), fc.string({ maxLength: 10 })),
  fc.oneof(
    fc.constantFrom('billingAddress', 'serviceAddress', 'callingPlan', 'licenses', 'email', 'code', 'siteUrl', 'suite', 'annual', 'yes'),
    hostileText(80), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }),
    fc.object({ maxDepth: 2 }), fc.string({ minLength: 5000, maxLength: 6000 }),
  ),
  { maxKeys: 8 },
);

export interface TestCore {
  core: Core;
  store: Store;
  mailer: MemoryMailer;
  sent: { address: ConversationAddress; reply: Reply }[];
  say(user: string, text: string, locale?: Locale): Promise<Reply[]>;
  submit(user: string, value: Record<string, unknown>, locale?: Locale): Promise<Reply[]>;
  address(user: string): ConversationAddress;
  userRef(user: string): UserRef;
}

const data = loadProductData(DEFAULT_DATA_DIR);
const directory = loadDirectoryData(join(DEFAULT_DATA_DIR, 'accounts.json'));

/** The real core (machine, understanding, prompts, engine) on a memory store, with a console channel that records. */
export async function testCore(): Promise<TestCore> {
  const clock = createVirtualClock(Date.parse('2026-01-05T09:00:00Z'));
  const ids = createIds();
  const store = createMemoryStore({ clock, defaultTtlSeconds: 86_400 });
  const mailer = createMemoryMailer();
  const payments = createLocalPayments({ publicUrl: 'http://localhost:3978', clock, ids, ttlMs: 3_600_000, onOutcome: () => undefined });
  const core = createCore({
    data, directory: await directory, store, mailer, payments, clock, codeSecret: 'fuzz-secret-0123456789',
    provisioner: createSimulatedProvisioner({ delayMs: 60_000 }), sales: createLocalSalesDesk({ clock, ids }),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    claimTimeoutMs: 600_000, draftTtlSeconds: 86_400, defaultLocale: 'en',
  });
  const sent: TestCore['sent'] = [];
  const sender: ChannelSender = { async deliver(address, replies) { for (const reply of replies) sent.push({ address, reply }); } };
  // The engine as the app runs it: behind the turn guard (limits by size; rates off here, they have their own tests).
  const engine = guardTurns(core.engine, {
    maxMessageChars: 4_000, perUser: { capacity: 0, perSecond: 0 }, perConversation: { capacity: 0, perSecond: 0 }, defaultLocale: 'en',
    logger: { info: () => undefined, warn: () => undefined },
  });
  engine.registerChannel('console', sender);
  let seq = 0;
  const address = (user: string): ConversationAddress => ({ channel: 'console', id: `room-${user}` });
  const userRef = (user: string): UserRef => ({ id: user });
  const run = async (user: string, body: { kind: 'message'; text: string } | { kind: 'submit'; value: Record<string, unknown> }, locale?: Locale) => {
    const base = { id: `in-${++seq}`, address: address(user), user: userRef(user), ...(locale ? { locale } : {}) };
    const out = await engine.handle(body.kind === 'message' ? { ...base, kind: 'message', text: body.text } : { ...base, kind: 'submit', value: body.value });
    return out.replies;
  };
  return {
    core, store, mailer, sent, address, userRef,
    say: (user, text, locale) => run(user, { kind: 'message', text }, locale),
    submit: (user, value, locale) => run(user, { kind: 'submit', value }, locale),
  };
}

/** Collects unhandled rejections while a test runs; call the returned function to stop and read them. */
export function watchUnhandled(): () => unknown[] {
  const seen: unknown[] = [];
  const on = (reason: unknown): void => { seen.push(reason); };
  process.on('unhandledRejection', on);
  return () => { process.off('unhandledRejection', on); return seen; };
}

/** What a card renders as markdown or as a link: TextBlock text, facts, action titles and URLs (not input values). */
function renderedCardText(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(renderedCardText);
  if (typeof node !== 'object' || node === null) return [];
  const o = node as Record<string, unknown>;
  const own = String(o.type ?? '').startsWith('Input.') ? [] : ['text', 'title', 'value', 'url'].flatMap((k) => (typeof o[k] === 'string' ? [`${String(o.type)} ${String(o[k])}`] : []));
  return [...own, ...Object.entries(o).filter(([k]) => k !== 'value' || !String(o.type ?? '').startsWith('Input.')).flatMap(([, v]) => renderedCardText(v))];
}

/** A user link or image from the input shows up in the bot's words as a live markdown link. */
export function injectedLink(replies: readonly Reply[]): string | undefined {
  for (const r of replies) {
    const texts = [r.text, ...renderedCardText(r.card), ...(r.choices ?? []).map((c) => c.label)];
    for (const t of texts) {
      const m = /!?\[[^\]]*\]\(\s*(?:https?|javascript):[^)]*evil\.example[^)]*\)|(?<!\\)<script|Action\.OpenUrl .*evil\.example/i.exec(t);
      if (m) return m[0];
    }
  }
  return undefined;
}
