import { createHash } from 'node:crypto';

/** Longest id the store port promises (StoredConversation.id); Cosmos allows more, file names less. */
export const SAFE_ID_MAX_LENGTH = 128;
/** How much of an unsafe raw id is kept, readable, in front of its hash (for people browsing the data). */
const HINT_LENGTH = 40;
const SAFE_CHARS = /^[A-Za-z0-9._:@=+~-]+$/;

/** Whether an id can be used as a document id as it is: 1..128 characters from a set safe in Cosmos, URLs and files. */
export function isSafeId(id: string): boolean {
  return id.length > 0 && id.length <= SAFE_ID_MAX_LENGTH && SAFE_CHARS.test(id);
}

/**
 * A deterministic id safe for Cosmos (no / \ ? #), URLs and the embedded store: safe ids pass through unchanged
 * (so `safeId` is idempotent); anything else (long Teams ids, spaces, slashes) becomes
 * `<readable hint>~<sha256 base64url>`, at most 84 characters. Never salted: the same raw id must find the same
 * document after a restart and on every instance. A raw id could only collide with a hashed one by being
 * crafted as `x~<hash of another id>`; channel ids are not chosen by users, so that is accepted.
 */
export function safeId(raw: string): string {
  if (isSafeId(raw)) return raw;
  const hint = raw.slice(0, HINT_LENGTH).replace(/[^A-Za-z0-9._:@=+-]/g, '_');
  return `${hint}~${createHash('sha256').update(raw, 'utf8').digest('base64url')}`;
}
