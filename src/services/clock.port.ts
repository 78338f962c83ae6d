/** Time, passed in so tests run on a virtual clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** Randomness, passed in so tests can be deterministic where they need to be. */
export interface Ids {
  /** A unique id, safe in URLs and Cosmos ids. */
  id(prefix?: string): string;
  /** An unguessable token of at least 128 bits, base64url. */
  token(): string;
  /** A uniformly random decimal code of `digits` digits. */
  code(digits: number): string;
}
