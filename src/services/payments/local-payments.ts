import { createHash } from 'node:crypto';
import type { Server } from 'restify';
import { z } from 'zod';
import type { SystemEvent } from '../../machines/upgrade.types.js';
import type { Clock, Ids } from '../clock.port.js';
import { AppError, StoreConflictError } from '../errors.js';
import type { PaymentLink, PaymentProvider } from '../outside.port.js';
import { createMemoryStore } from '../store/memory.store.js';
import type { RecordStore } from '../store.port.js';
import { mountPaymentRoutes } from './payment-routes.js';

export type PaymentOutcomeEvent = Extract<SystemEvent, { type: 'PAYMENT_SUCCEEDED' | 'PAYMENT_FAILED' }>;
export type PaymentOutcome = 'succeeded' | 'declined';

export interface LocalPaymentsConfig {
  /** Where the bot is reachable from the payer's browser, e.g. http://localhost:3978 (no trailing slash needed). */
  publicUrl: string;
  clock: Clock;
  ids: Ids;
  /** How long a link stays payable. */
  ttlMs: number;
  /** Feeds the outcome back to the conversation; a throw means "not delivered, try again". */
  onOutcome: (conversationId: string, event: PaymentOutcomeEvent) => Promise<void> | void;
  /**
   * Where links and their state are kept (the store's records): every instance serves every link, and a restart
   * loses none. In memory by default (one process, tests).
   */
  records?: RecordStore;
}

const entrySchema = z.object({
  token: z.string(),
  paymentId: z.string(),
  conversationId: z.string(),
  amountCents: z.number().int().nonnegative(),
  currency: z.string(),
  description: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  outcome: z.enum(['succeeded', 'declined']).optional(),
  /** pending while onOutcome runs; failed lets the same outcome be delivered again. */
  delivery: z.enum(['pending', 'done', 'failed']).optional(),
  /** When the pending delivery started: one pending past DELIVERY_LAPSE_MS died with its instance. */
  deliveringSince: z.number().optional(),
});
export type LocalPayment = z.infer<typeof entrySchema>;
const hashesSchema = z.array(z.string());

export type CompleteResult =
  | { status: 'completed'; event: PaymentOutcomeEvent }
  | { status: 'unknown' | 'used' | 'expired' };

export interface LocalPayments extends PaymentProvider {
  /** Adds GET /pay/:token and POST /pay/:token/confirm|decline. */
  mount(server: Server): void;
  /** Completes a payment as the page's buttons do; throws UNAVAILABLE when onOutcome fails. */
  complete(token: string, outcome: PaymentOutcome): Promise<CompleteResult>;
  /** The payment behind a token, if known (for the page, the console and tests). */
  find(token: string): Promise<LocalPayment | undefined>;
  /**
   * The link of a payment this process made, for local tools (the playground panel, the console, transcripts): the
   * conversation keeps only the payment id, never the token. A bounded cache; the store has the links themselves.
   */
  linkFor(paymentId: string): string | undefined;
  /** Resolves once every state write so far is stored (writes are awaited where they happen: kept for callers). */
  flush(): Promise<void>;
  /** Links held in this process's cache. */
  size(): number;
  /** "Forget me": the conversation's payments go from the store (a link of theirs is then unknown, as if never made). */
  forget(conversationId: string): Promise<void>;
}

/** Kept after expiry so a late click gets 410 rather than 404; then forgotten (the record's TTL). */
const RETAIN_AFTER_EXPIRY_MS = 24 * 60 * 60_000;
const MAX_AMOUNT_CENTS = 100_000_000_00;
/** A delivery still pending this long was cut off (its instance died mid-delivery): the same outcome may be delivered again. */
const DELIVERY_LAPSE_MS = 60_000;
/** Links remembered for linkFor (local tools). */
const LINKS_CACHED = 10_000;

export function createLocalPayments(config: LocalPaymentsConfig): LocalPayments {
  const { clock, ids, ttlMs, onOutcome } = config;
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new AppError('BAD_INPUT', `payment link ttlMs must be a positive integer, got ${ttlMs}`);
  const base = config.publicUrl.replace(/\/+$/, '');
  const records = config.records ?? createMemoryStore({ clock }).records;
  /** paymentId -> url, for linkFor. */
  const links = new Map<string, string>();
  /** The store keeps a hash of the token, never the token: whoever reads the store cannot pay or open a link. */
  const hashOf = (token: string): string => createHash('sha256').update(token).digest('base64url');
  const keyOf = (token: string): string => `payment:${hashOf(token)}`;
  const keyOfHash = (hash: string): string => `payment:${hash}`;
  const stored = (p: LocalPayment): Omit<LocalPayment, 'token'> => {
    const { token: _token, ...rest } = p;
    return rest;
  };
  const indexOf = (conversationId: string): string => `payments-of:${conversationId}`;
  const ttlSeconds = (p: LocalPayment): number => Math.max(1, Math.ceil((p.expiresAt + RETAIN_AFTER_EXPIRY_MS - clock.now()) / 1000));

  async function read(token: string): Promise<{ p: LocalPayment; etag: string } | undefined> {
    const found = await records.get(keyOf(token));
    if (!found || typeof found.value !== 'object' || found.value === null) return undefined;
    const parsed = entrySchema.safeParse({ ...(found.value as object), token });
    if (!parsed.success) throw new AppError('INTERNAL', 'stored payment link is malformed', { cause: parsed.error });
    return { p: parsed.data, etag: found.etag };
  }

  /** Writes the state change if nobody else did since `etag`; false when another instance (or click) got there first. */
  async function write(p: LocalPayment, etag: string): Promise<string | undefined> {
    try {
      return await records.put(keyOf(p.token), stored(p), { ifEtag: etag, ttlSeconds: ttlSeconds(p) });
    } catch (e) {
      if (e instanceof StoreConflictError) return undefined;
      throw e;
    }
  }

  /** Claims the link for this outcome: exactly one click, on any instance, gets past here (a conditional write). */
  async function claim(token: string, outcome: PaymentOutcome): Promise<{ p: LocalPayment; etag: string } | CompleteResult> {
    for (;;) {
      const cur = await read(token);
      if (!cur) return { status: 'unknown' };
      const { p } = cur;
      const now = clock.now();
      const cutOff = p.delivery === 'failed' || (p.delivery === 'pending' && now - (p.deliveringSince ?? 0) > DELIVERY_LAPSE_MS);
      if (p.outcome && !(p.outcome === outcome && cutOff)) return { status: 'used' };
      if (!p.outcome && now > p.expiresAt) return { status: 'expired' };
      // Stored before the conversation hears of it, so a second click or a restart cannot make the link payable again.
      const next: LocalPayment = { ...p, outcome, delivery: 'pending', deliveringSince: now };
      const etag = await write(next, cur.etag);
      if (etag !== undefined) return { p: next, etag };
    }
  }

  const complete = async (token: string, outcome: PaymentOutcome): Promise<CompleteResult> => {
    const claimed = await claim(token, outcome);
    if ('status' in claimed) return claimed;
    const { p, etag } = claimed;
    const event: PaymentOutcomeEvent =
      outcome === 'succeeded'
        ? { type: 'PAYMENT_SUCCEEDED', paymentId: p.paymentId }
        : { type: 'PAYMENT_FAILED', paymentId: p.paymentId, reason: 'declined' };
    try {
      await onOutcome(p.conversationId, event);
    } catch (cause) {
      await write({ ...p, delivery: 'failed' }, etag);
      throw new AppError('UNAVAILABLE', `payment ${p.paymentId} outcome was not delivered`, { cause });
    }
    await write({ ...p, delivery: 'done' }, etag);
    return { status: 'completed', event };
  };

  /** The conversation's links by token hash, for "forget me". */
  async function addToIndex(conversationId: string, hash: string, ttl: number): Promise<void> {
    for (;;) {
      const cur = await records.get(indexOf(conversationId));
      const tokens = hashesSchema.safeParse(cur?.value);
      const value = [...(tokens.success ? tokens.data : []), hash];
      try {
        await records.put(indexOf(conversationId), value, cur ? { ifEtag: cur.etag, ttlSeconds: ttl } : { ifAbsent: true, ttlSeconds: ttl });
        return;
      } catch (e) {
        if (!(e instanceof StoreConflictError)) throw e;
      }
    }
  }

  const payments: LocalPayments = {
    async createLink(req): Promise<PaymentLink> {
      if (!Number.isInteger(req.amountCents) || req.amountCents <= 0 || req.amountCents > MAX_AMOUNT_CENTS) {
        throw new AppError('BAD_INPUT', `payment amount must be a positive whole number of cents, got ${req.amountCents}`);
      }
      const now = clock.now();
      // The token is the credential in the URL; the paymentId is what logs and the conversation see.
      const entry: LocalPayment = {
        token: ids.token(),
        paymentId: ids.id('pay'),
        conversationId: req.conversationId,
        amountCents: req.amountCents,
        currency: req.currency,
        description: req.description,
        createdAt: now,
        expiresAt: now + ttlMs,
      };
      // The index first: "forget me" then finds every link that was ever stored.
      await addToIndex(entry.conversationId, hashOf(entry.token), ttlSeconds(entry));
      await records.put(keyOf(entry.token), stored(entry), { ifAbsent: true, ttlSeconds: ttlSeconds(entry) });
      const url = `${base}/pay/${entry.token}`;
      links.set(entry.paymentId, url);
      if (links.size > LINKS_CACHED) links.delete(links.keys().next().value ?? '');
      return { paymentId: entry.paymentId, url, expiresAt: entry.expiresAt };
    },
    mount(server: Server): void {
      mountPaymentRoutes(server, {
        view: async (token) => {
          const p = (await read(token))?.p;
          if (!p) return { status: 'unknown' };
          if (p.outcome) return { status: 'used' };
          if (clock.now() > p.expiresAt) return { status: 'expired' };
          return { status: 'open', payment: p };
        },
        complete,
      });
    },
    complete,
    find: async (token) => (await read(token))?.p,
    linkFor: (paymentId) => links.get(paymentId),
    flush: async () => undefined,
    size: () => links.size,
    async forget(conversationId: string): Promise<void> {
      const hashes = hashesSchema.safeParse((await records.get(indexOf(conversationId)))?.value);
      for (const hash of hashes.success ? hashes.data : []) {
        const paymentId = (await records.get(keyOfHash(hash)))?.value;
        if (typeof paymentId === 'object' && paymentId !== null && 'paymentId' in paymentId) links.delete(String(paymentId.paymentId));
        await records.delete(keyOfHash(hash));
      }
      await records.delete(indexOf(conversationId));
    },
  };
  return payments;
}

/** Accepts a full payment URL (or a path, or a bare token) and returns the token. */
export function tokenFromUrl(input: string): string {
  const trimmed = input.trim();
  const match = /\/pay\/([^/?#\s]+)/.exec(trimmed);
  return match?.[1] ?? trimmed;
}
