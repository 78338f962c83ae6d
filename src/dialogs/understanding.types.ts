import type { Catalog } from '../domain/catalog.js';
import type { FaqIndex } from './understanding/faq-search.js';
import type { AddressField, Locale, Step } from '../domain/types.js';
import type { UserEvent } from '../machines/upgrade.types.js';

/** What the understanding may know about where the conversation is. */
export interface UnderstandingView {
  step: Step;
  /** The full state path, e.g. "billingAddress.confirming", "handoff.claimed", "siteUrl.offering". */
  state: string;
  locale: Locale;
  /** The address field being asked for one by one, when the bot asked for a single field. */
  addressField?: AddressField;
  /** A proposal awaits the user's yes/no. */
  pending: boolean;
  catalog: Catalog;
  /** Sales approved a tax exemption: talk of being tax-exempt no longer hands the conversation to sales. */
  taxExemptApproved?: boolean;
  /** The help-page questions the bot answers (data/faq.json), searchable. */
  faq?: FaqIndex;
}

export interface Understood {
  event: UserEvent;
  /** The language the message was written in, when it is clearly one of ours. */
  language?: Locale;
}

export type UserInput =
  | { kind: 'text'; text: string }
  /** Card submission: `{choice: value}` or `{form: name, ...fields}` (values as strings). */
  | { kind: 'submit'; value: Record<string, unknown> };

/** Text or card input -> a machine event. Pure; the code is hashed with `hashCode` (a keyed hash). */
export type Understand = (input: UserInput, view: UnderstandingView, hashCode: (code: string) => string) => Understood;
