import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Clock, Ids } from '../clock.port.js';
import { AppError } from '../errors.js';
import type { Mailer, MailMessage } from '../outside.port.js';

export interface OutboxMailerConfig {
  dir: string;
  clock: Clock;
  ids: Ids;
}

/** One message as written to the outbox folder. */
export interface OutboxEntry extends MailMessage {
  id: string;
  sentAt: number;
}

const outboxEntrySchema = z.object({
  id: z.string(),
  sentAt: z.number(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
});

/**
 * Local "mail": each message becomes a JSON file, so a developer on a fresh machine reads their code there.
 * Written to a temp name and renamed, so a reader never sees half a file.
 */
export function createOutboxMailer(config: OutboxMailerConfig): Mailer {
  const { dir, clock, ids } = config;
  return {
    async send(message: MailMessage): Promise<void> {
      const sentAt = clock.now();
      const id = ids.id('mail');
      const entry: OutboxEntry = { id, sentAt, to: message.to, subject: message.subject, text: message.text };
      // The time prefix makes a plain directory listing chronological.
      const name = `${String(sentAt).padStart(15, '0')}-${id}.json`;
      const tmp = join(dir, `.${name}.tmp`);
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(tmp, JSON.stringify(entry, null, 2), 'utf8');
        await rename(tmp, join(dir, name));
      } catch (cause) {
        throw new AppError('UNAVAILABLE', `cannot write to the mail outbox ${dir}`, { cause });
      }
    },
  };
}

/** Messages in the outbox, oldest first; an absent folder is an empty outbox. */
export async function listOutbox(dir: string): Promise<OutboxEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (cause) {
    if (isErrnoCode(cause, 'ENOENT')) return [];
    throw new AppError('UNAVAILABLE', `cannot read the mail outbox ${dir}`, { cause });
  }
  const files = names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  const entries: OutboxEntry[] = [];
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(join(dir, file), 'utf8'));
    } catch (cause) {
      throw new AppError('INTERNAL', `unreadable outbox file ${file}`, { cause });
    }
    const parsed = outboxEntrySchema.safeParse(raw);
    if (!parsed.success) throw new AppError('INTERNAL', `malformed outbox file ${file}`, { cause: parsed.error });
    entries.push(parsed.data);
  }
  return entries.sort((a, b) => a.sentAt - b.sentAt);
}

function isErrnoCode(e: unknown, code: string): boolean {
  return e instanceof Error && 'code' in e && e.code === code;
}
