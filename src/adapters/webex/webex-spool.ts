import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { webhookEnvelopeSchema, type WebexLogger, type WebhookEnvelope } from './webex.types.js';

/**
 * Webex deliveries this instance acknowledged but could not answer (the store or the Webex API did not answer),
 * kept in a file of the data folder until their turn runs. Webex documents no redelivery of a webhook it got a
 * non-2xx for (only that it deactivates a webhook after repeated failures), so an acknowledged delivery is kept here
 * rather than refused. Only the envelope's ids are kept (never the text, which is read again from Webex when the turn
 * runs), so nothing a user typed, card numbers included, reaches the disk. Bounded: past `max` entries a delivery is
 * logged as lost.
 */
export interface SpooledDelivery {
  env: WebhookEnvelope;
  /** When it was spooled (the bot's clock, epoch ms): a conversation that moved on after this gets a note instead. */
  spooledAt: number;
}

export interface DeliverySpool {
  /** Keeps a delivery (once per id); false when the spool is full and it was not kept. */
  add(env: WebhookEnvelope, at: number): Promise<boolean>;
  remove(id: string): Promise<void>;
  /** The deliveries of one room, oldest first. */
  forRoom(key: string): SpooledDelivery[];
  /** Rooms with deliveries waiting, in the order their oldest delivery came. */
  rooms(): string[];
  readonly size: number;
}

/** The queue key of a delivery: its room, so a spooled delivery runs before later ones of the same room. */
export const roomKeyOf = (env: WebhookEnvelope): string => env.data.roomId ?? env.data.id;

const fileSchema = z.object({ version: z.literal(1), entries: z.array(z.unknown()) });

/** The envelope as parsed (its schema keeps the ids only), without the webhook's own name and id. */
const idsOnly = (env: WebhookEnvelope): WebhookEnvelope => ({ resource: env.resource, event: env.event, data: { ...env.data } });

/** Without `file` the spool lives in memory only (tests, embedded uses): it then survives store outages, not restarts. */
export function createDeliverySpool(o: { file?: string | undefined; max: number; logger: WebexLogger }): DeliverySpool {
  const file = o.file;
  const entries: SpooledDelivery[] = file === undefined ? [] : load(file, o.logger);
  let writing: Promise<void> = Promise.resolve();

  /** The whole file, written beside and renamed over: a crash leaves the old or the new list, never half of one. */
  const persist = (): Promise<void> => {
    if (file === undefined) return writing;
    writing = writing.then(() => {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: 1, entries }), { mode: 0o600 });
      renameSync(tmp, file);
    });
    return writing;
  };

  return {
    async add(env, at) {
      if (entries.some((e) => e.env.data.id === env.data.id)) return true;
      if (entries.length >= o.max) return false;
      entries.push({ env: idsOnly(env), spooledAt: at });
      await persist();
      return true;
    },
    async remove(id) {
      const i = entries.findIndex((e) => e.env.data.id === id);
      if (i === -1) return;
      entries.splice(i, 1);
      await persist();
    },
    forRoom: (key) => entries.filter((e) => roomKeyOf(e.env) === key),
    rooms: () => [...new Set(entries.map((e) => roomKeyOf(e.env)))],
    get size() { return entries.length; },
  };
}

function load(file: string, logger: WebexLogger): SpooledDelivery[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const parsed = fileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a Webex delivery spool; move it away to start without it`);
  const entry = z.object({ env: webhookEnvelopeSchema, spooledAt: z.number() });
  const out: SpooledDelivery[] = [];
  for (const e of parsed.data.entries) {
    const r = entry.safeParse(e);
    if (r.success) out.push(r.data);
    else logger.warn({}, 'webex spool: an unreadable entry was dropped');
  }
  if (out.length > 0) logger.info({ deliveries: out.length }, 'webex spool: deliveries from before the restart wait for their turn');
  return out;
}
