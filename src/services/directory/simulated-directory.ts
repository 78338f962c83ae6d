import { AppError } from '../errors.js';
import type { AccountDirectory, FreeAccount, SiteDirectory } from '../outside.port.js';
import type { DirectoryData } from './directory-data.js';
import { isValidSiteName, SITE_NAME_MAX_LENGTH, toSiteName } from './site-name.js';

/** Free accounts from the seed file; lookup is case-insensitive and ignores surrounding spaces. */
export function createSimulatedAccounts(data: Pick<DirectoryData, 'accounts'>): AccountDirectory {
  const byEmail = new Map<string, FreeAccount>();
  for (const a of data.accounts) byEmail.set(normaliseEmail(a.email), { ...a });
  return {
    async find(email: string): Promise<FreeAccount | undefined> {
      const found = byEmail.get(normaliseEmail(email));
      return found ? { ...found } : undefined;
    },
  };
}

export interface SimulatedSitesOptions {
  /** Names already claimed elsewhere, e.g. by orders placed before a restart. */
  reserved?: Iterable<string>;
}

export interface SimulatedSites extends SiteDirectory {
  /**
   * Marks a name taken once an order is placed for it; a name already taken keeps its owner. It never
   * throws for a taken name: it runs after the order is stored, and a throw there would only make a placed
   * order's effect fail and retry.
   */
  claim(name: string, owner?: string): void;
  isTaken(name: string): boolean;
  /** Who claimed the name (an order id), if it was claimed with one. */
  ownerOf(name: string): string | undefined;
}

const MAX_SUGGESTION_TRIES = 1000;

export function createSimulatedSites(data: Pick<DirectoryData, 'takenSites'>, options: SimulatedSitesOptions = {}): SimulatedSites {
  /** name -> who claimed it; seeded and reserved names have no owner. */
  const taken = new Map<string, string | undefined>();
  for (const n of data.takenSites) taken.set(n.toLowerCase(), undefined);
  for (const n of options.reserved ?? []) taken.set(n.toLowerCase(), undefined);

  const isTaken = (name: string): boolean => taken.has(name.toLowerCase());

  /** base, then base-2, base-3, ... trimmed so the suffix still fits a DNS label. */
  const firstFree = (base: string): string | undefined => {
    if (base && !isTaken(base)) return base;
    for (let n = 2; n < MAX_SUGGESTION_TRIES; n++) {
      const suffix = `-${n}`;
      const stem = (base || 'site').slice(0, SITE_NAME_MAX_LENGTH - suffix.length).replace(/-+$/g, '');
      const candidate = `${stem}${suffix}`;
      if (isValidSiteName(candidate) && !isTaken(candidate)) return candidate;
    }
    return undefined;
  };

  return {
    async check(name: string): Promise<{ available: boolean; suggestion?: string }> {
      const wanted = name.trim().toLowerCase();
      if (isValidSiteName(wanted) && !isTaken(wanted)) return { available: true };
      // An invalid name is not available either; suggest the nearest valid free one.
      const suggestion = firstFree(toSiteName(wanted));
      return suggestion ? { available: false, suggestion } : { available: false };
    },
    claim(name: string, owner?: string): void {
      const wanted = name.trim().toLowerCase();
      if (!isValidSiteName(wanted)) throw new AppError('BAD_INPUT', `"${name}" is not a valid site name`);
      if (!taken.has(wanted)) taken.set(wanted, owner);
    },
    isTaken,
    ownerOf: (name: string) => taken.get(name.trim().toLowerCase()),
  };
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
