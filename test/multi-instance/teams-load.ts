import { readFileSync } from 'node:fs';
import type { CapturedActivity } from '../support/teams-capture.js';

/** Teams personal-chat message activities for scripted load, and what a reply looks like once ids are left out. */
type Json = Record<string, unknown>;

const TEMPLATE = JSON.parse(readFileSync(new URL('../fixtures/teams/personal-message.json', import.meta.url), 'utf8')) as Json;
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

export interface ChatRef { chatId: string; userId: string }

export function chat(name: string): ChatRef {
  return { chatId: `a:1mi-${name}`, userId: `29:user-${name}` };
}

export function message(ref: ChatRef, id: string, text: string, serviceUrl: string): Json {
  return {
    ...TEMPLATE, id, text, serviceUrl, attachments: [],
    from: { id: ref.userId, name: `User ${ref.chatId}`, aadObjectId: `aad-${ref.userId.slice(3)}` },
    conversation: { conversationType: 'personal', tenantId: TENANT, id: ref.chatId },
  };
}

/** What the person sees of a reply: text, cards and buttons (activity ids and addresses differ between runs). */
export function signature(m: CapturedActivity): string {
  const a = m.activity;
  return JSON.stringify([a['text'] ?? '', a['attachments'] ?? [], a['suggestedActions'] ?? null]);
}

/** Multiset difference: what `actual` has more of than `expected`, and what it lacks. */
export function compareReplies(actual: string[], expected: string[]): { extra: string[]; missing: string[] } {
  const left = new Map<string, number>();
  for (const s of expected) left.set(s, (left.get(s) ?? 0) + 1);
  const extra: string[] = [];
  for (const s of actual) {
    const n = left.get(s) ?? 0;
    if (n > 0) left.set(s, n - 1);
    else extra.push(s);
  }
  const missing = [...left.entries()].flatMap(([s, n]) => Array.from({ length: n }, () => s));
  return { extra, missing };
}

/** A small deterministic generator, so a failing schedule can be replayed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}
