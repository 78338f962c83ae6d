import { mkdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Server } from 'restify';
import { z } from 'zod';
import type { SystemEvent } from '../../machines/upgrade.types.js';
import type { Clock, Ids } from '../clock.port.js';
import { AppError } from '../errors.js';
import type { PaymentLink, PaymentProvider } from '../outside.port.js';
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
  /** When set, open links survive a restart (JSON file, atomic writes). */
  stateFile?: string;
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
});
export type LocalPayment = z.infer<typeof entrySchema>;
const stateSchema = z.object({ payments: z.array(entrySchema) });

export type CompleteResult =
  | { status: 'completed'; event: PaymentOutcomeEvent }
  | { status: 'unknown' | 'used' | 'expired' };

export interface LocalPayments extends PaymentProvider {
  /** Adds GET /pay/:token and POST /pay/:token/confirm|decline. */
  mount(server: Server): void;
  /** Completes a payment as the page's buttons do; throws UNAVAILABLE when onOutcome fails. */
  complete(token: string, outcome: PaymentOutcome): Promise<CompleteResult>;
  /** The payment behind a token, if known (for the page, the console and tests). */
  find(token: string): LocalPayment | undefined;
  /** The link of a payment, for local tools (the conversation itself keeps only the payment id, never the token). */
  linkFor(paymentId: string): string | undefined;
  /** Resolves once every state write so far has reached the disk. */
  flush(): Promise<void>;
  /** Payments held in memory (forgotten a day after they expire). */
  size(): number;
  /** "Forget me": the conversation's payments go, on disk too (a link of theirs is then unknown, as if never made). */
  forget(conversationId: string): Promise<void>;
}

/** Kept after expiry so a late click gets 410 rather than 404; then forgotten. */
const RETAIN_AFTER_EXPIRY_MS = 24 * 60 * 60_000;
const MAX_AMOUNT_CENTS = 100_000_000_00;

export function createLocalPayments(config: LocalPaymentsConfig): LocalPayments {
  const { clock, ids, ttlMs, onOutcome, stateFile } = config;
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new AppError('BAD_INPUT', `payment link ttlMs must be a positive integer, got ${ttlMs}`);
  const base = config.publicUrl.replace(/\/+$/, '');
  const byToken = new Map<string, LocalPayment>();
  for (const p of stateFile ? loadState(stateFile) : []) byToken.set(p.token, p);
  // An outcome whose delivery was in flight at a crash was never acknowledged.
  for (const p of byToken.values()) if (p.delivery === 'pending') p.delivery = 'failed';

  // Writes run one after another in call order; a failure is kept and surfaced by the next flush().
  let writes: Promise<void> = Promise.resolve();
  let writeError: unknown;
  const persist = (): void => {
    if (!stateFile) return;
    const snapshot = JSON.stringify({ payments: [...byToken.values()] });
    writes = writes
      .then(() => writeAtomic(stateFile, snapshot))
      .catch((e: unknown) => {
        writeError = e;
      });
  };
  const flush = async (): Promise<void> => {
    await writes;
    if (writeError !== undefined) {
      const e = writeError;
      writeError = undefined;
      throw e;
    }
  };

  const prune = (now: number): void => {
    for (const [token, p] of byToken) if (p.expiresAt + RETAIN_AFTER_EXPIRY_MS < now) byToken.delete(token);
  };

  const complete = async (token: string, outcome: PaymentOutcome): Promise<CompleteResult> => {
    const p = byToken.get(token);
    if (!p) return { status: 'unknown' };
    const redelivery = p.outcome === outcome && p.delivery === 'failed';
    if (p.outcome && !redelivery) return { status: 'used' };
    if (!p.outcome && clock.now() > p.expiresAt) return { status: 'expired' };
    // Set before awaiting, so a second click during delivery sees a used link, not a second payment.
    p.outcome = outcome;
    p.delivery = 'pending';
    persist();
    try {
      // On disk before the conversation hears of it, so a restart cannot make the link payable again.
      await flush();
    } catch (e) {
      p.outcome = undefined;
      p.delivery = undefined;
      throw e;
    }
    const event: PaymentOutcomeEvent =
      outcome === 'succeeded'
        ? { type: 'PAYMENT_SUCCEEDED', paymentId: p.paymentId }
        : { type: 'PAYMENT_FAILED', paymentId: p.paymentId, reason: 'declined' };
    try {
      await onOutcome(p.conversationId, event);
    } catch (cause) {
      p.delivery = 'failed';
      persist();
      throw new AppError('UNAVAILABLE', `payment ${p.paymentId} outcome was not delivered`, { cause });
    }
    p.delivery = 'done';
    persist();
    return { status: 'completed', event };
  };

  const payments: LocalPayments = {
    async createLink(req): Promise<PaymentLink> {
      if (!Number.isInteger(req.amountCents) || req.amountCents <= 0 || req.amountCents > MAX_AMOUNT_CENTS) {
        throw new AppError('BAD_INPUT', `payment amount must be a positive whole number of cents, got ${req.amountCents}`);
      }
      const now = clock.now();
      prune(now);
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
      byToken.set(entry.token, entry);
      persist();
      await flush();
      return { paymentId: entry.paymentId, url: `${base}/pay/${entry.token}`, expiresAt: entry.expiresAt };
    },
    mount(server: Server): void {
      mountPaymentRoutes(server, {
        view: (token) => {
          const p = byToken.get(token);
          if (!p) return { status: 'unknown' };
          if (p.outcome) return { status: 'used' };
          if (clock.now() > p.expiresAt) return { status: 'expired' };
          return { status: 'open', payment: p };
        },
        complete,
      });
    },
    complete,
    find(token: string): LocalPayment | undefined {
      const p = byToken.get(token);
      return p ? { ...p } : undefined;
    },
    linkFor(paymentId: string): string | undefined {
      for (const p of byToken.values()) if (p.paymentId === paymentId) return `${base}/pay/${p.token}`;
      return undefined;
    },
    flush,
    size: () => byToken.size,
    async forget(conversationId: string): Promise<void> {
      let removed = 0;
      for (const [token, p] of byToken) if (p.conversationId === conversationId) { byToken.delete(token); removed++; }
      if (removed === 0) return;
      persist();
      await flush();
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

function loadState(file: string): LocalPayment[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    if (cause instanceof Error && 'code' in cause && cause.code === 'ENOENT') {
      mkdirSync(dirname(file), { recursive: true });
      return [];
    }
    throw new AppError('UNAVAILABLE', `cannot read payment state ${file}`, { cause });
  }
  const parsed = stateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new AppError('INTERNAL', `payment state ${file} is malformed`, { cause: parsed.error });
  return parsed.data.payments;
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, file);
  } catch (cause) {
    throw new AppError('UNAVAILABLE', `cannot write payment state ${file}`, { cause });
  }
}
