/** The canonical step names of DOMAIN.md, in flow order. Tests and transcripts assert on them. */
export const STEPS = [
  'plan', 'renewal', 'licenses', 'callback', 'cart', 'email', 'verify', 'billingAddress', 'serviceAddress',
  'callingPlan', 'siteUrl', 'payment', 'consent', 'placing', 'provisioning', 'done', 'handoff', 'cancelled',
] as const;
export type Step = (typeof STEPS)[number];

export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
export type Renewal = 'annual' | 'monthly';

export const ADDRESS_FIELDS = ['lines', 'city', 'region', 'postalCode', 'country'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

export interface Address {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  /** State/province code where the country uses one (US "TX"), else free text or absent. */
  region?: string;
  city: string;
  postalCode: string;
  /** Street lines, 1 or 2. */
  lines: string[];
}

export interface CallingPlan {
  /** How many new numbers to assign (0..licenses). */
  newNumbers: number;
  /** Preferred area code or location for new numbers. */
  area?: string;
  /** Existing numbers to port, E.164. */
  port: string[];
}

/** The user's answers: the order draft. */
export interface Answers {
  plan?: string;
  renewal?: Renewal;
  licenses?: number;
  callback?: boolean;
  email?: string;
  billingAddress?: Address;
  serviceAddress?: Address;
  callingPlan?: CallingPlan;
  siteUrl?: string;
}

export type HandoffReason = 'taxExempt' | 'enterprise' | 'largeOrder' | 'human';

export interface ConsentRecord {
  policies: { id: string; version: string }[];
  acceptedAt: number;
  userId: string;
}
