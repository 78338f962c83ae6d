import { readFileSync } from 'node:fs';
import { CatalogSchema } from '../../src/domain/catalog.js';
import { FaqSchema } from '../../src/domain/faq.js';
import { createFaqIndex } from '../../src/dialogs/understanding/faq-search.js';
import type { AddressField, Locale, Step } from '../../src/domain/types.js';
import { understand } from '../../src/dialogs/understanding/understand.js';
import type { UnderstandingView, Understood, UserInput } from '../../src/dialogs/understanding.types.js';
import type { UserEvent } from '../../src/machines/upgrade.types.js';

export const catalog = CatalogSchema.parse(JSON.parse(readFileSync(new URL('../../data/catalog.json', import.meta.url), 'utf8')));
export const faq = createFaqIndex(FaqSchema.parse(JSON.parse(readFileSync(new URL('../../data/faq.json', import.meta.url), 'utf8'))));

/** A visible stand-in for the keyed hash, so rows can assert which code was read. */
export const hashCode = (code: string): string => `hash:${code}`;

export interface At {
  step: Step;
  state?: string;
  field?: AddressField;
  pending?: boolean;
  locale?: Locale;
}

/** "licenses", "billingAddress.confirming", "billingAddress@city", "plan!" (pending). */
export function at(spec: string, locale: Locale = 'en'): UnderstandingView {
  const pending = spec.endsWith('!');
  const clean = pending ? spec.slice(0, -1) : spec;
  const [statePart, field] = clean.split('@') as [string, AddressField | undefined];
  const step = statePart.split('.')[0] as Step;
  const view: UnderstandingView = { step, state: statePart, locale, pending, catalog, faq };
  if (field) view.addressField = field;
  return view;
}

export function text(spec: string, t: string, locale: Locale = 'en'): Understood {
  return understand({ kind: 'text', text: t }, at(spec, locale), hashCode);
}

export function submit(spec: string, value: Record<string, unknown>): Understood {
  const input: UserInput = { kind: 'submit', value };
  return understand(input, at(spec), hashCode);
}

export type Row = [spec: string, input: string, event: UserEvent];

export const propose = (proposal: UserEvent): UserEvent => ({ type: 'PROPOSE', proposal });
export const NU: UserEvent = { type: 'NOT_UNDERSTOOD' };
export const YES: UserEvent = { type: 'YES' };
export const NO: UserEvent = { type: 'NO' };
export const plan = (p: string): UserEvent => ({ type: 'CHOOSE_PLAN', plan: p });
export const renewal = (r: 'annual' | 'monthly'): UserEvent => ({ type: 'CHOOSE_RENEWAL', renewal: r });
export const licenses = (count: number): UserEvent => ({ type: 'SET_LICENSES', count });
export const callback = (value: boolean): UserEvent => ({ type: 'SET_CALLBACK', value });
export const change = (c: Extract<UserEvent, { type: 'CHANGE' }>['change']): UserEvent => ({ type: 'CHANGE', change: c });
export const address = (a: Extract<UserEvent, { type: 'GIVE_ADDRESS' }>['address']): UserEvent => ({ type: 'GIVE_ADDRESS', address: a });
export const calling = (newNumbers: number, port: string[], area?: string): UserEvent =>
  ({ type: 'GIVE_CALLING_PLAN', callingPlan: area === undefined ? { newNumbers, port } : { newNumbers, area, port } });
export const ev = <T extends UserEvent['type']>(type: T): UserEvent => ({ type } as UserEvent);
export const clarify = (c: Extract<UserEvent, { type: 'CLARIFY' }>['clarify']): UserEvent => ({ type: 'CLARIFY', clarify: c });
