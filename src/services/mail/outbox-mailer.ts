import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
  conversationId: z.string().optional(),
});

/**
 * Local "mail": each message becomes a JSON file, so a developer on a fresh machine reads their code there.
 * Written to a temp name and renamed, so a reader never sees half a file.
 */
export function createOutboxMailer(config: OutboxMailerConfig): Mailer & { forget(conversationId: string): Promise<void> } {
  const { dir, clock, ids } = config;
  return {
    async send(message: MailMessage): Promise<void> {
      const sentAt = clock.now();
      const id = ids.id('mail');
      const entry: OutboxEntry = { id, sentAt, to: message.to, subject: message.subject, text: message.text, ...(message.conversationId ? { conversationId: message.conversationId } : {}) };
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
    async forget(conversationId: string): Promise<void> {
      for (const { file, entry } of await readOutbox(dir)) {
        if (entry.conversationId !== conversationId) continue;
        try {
          await rm(join(dir, file), { force: true });
        } catch (cause) {
          throw new AppError('UNAVAILABLE', `cannot delete from the mail outbox ${dir}`, { cause });
        }
      }
    },
  };
}

/** Messages in the outbox, oldest first; an absent folder is an empty outbox. */
export async function listOutbox(dir: string): Promise<OutboxEntry[]> {
  return (await readOutbox(dir)).map((f) => f.entry).sort((a, b) => a.sentAt - b.sentAt);
}

async function readOutbox(dir: string): Promise<{ file: string; entry: OutboxEntry }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (cause) {
    if (isErrnoCode(cause, 'ENOENT')) return [];
    throw new AppError('UNAVAILABLE', `cannot read the mail outbox ${dir}`, { cause });
  }
  const files = names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  const entries: { file: string; entry: OutboxEntry }[] = [];
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(join(dir, file), 'utf8'));
    } catch (cause) {
      if (isErrnoCode(cause, 'ENOENT')) continue; // deleted since the listing ("forget me")
      throw new AppError('INTERNAL', `unreadable outbox file ${file}`, { cause });
    }
    const parsed = outboxEntrySchema.safeParse(raw);
    if (!parsed.success) throw new AppError('INTERNAL', `malformed outbox file ${file}`, { cause: parsed.error });
    entries.push({ file, entry: parsed.data });
  }
  return entries;
}

function isErrnoCode(e: unknown, code: string): boolean {
  return e instanceof Error && 'code' in e && e.code === code;
}
