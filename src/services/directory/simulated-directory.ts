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
  /** Marks a name taken once an order is placed for it; throws CONFLICT when it already is. */
  claim(name: string): void;
  isTaken(name: string): boolean;
}

const MAX_SUGGESTION_TRIES = 1000;

export function createSimulatedSites(data: Pick<DirectoryData, 'takenSites'>, options: SimulatedSitesOptions = {}): SimulatedSites {
  const taken = new Set<string>();
  for (const n of data.takenSites) taken.add(n.toLowerCase());
  for (const n of options.reserved ?? []) taken.add(n.toLowerCase());

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
    claim(name: string): void {
      const wanted = name.trim().toLowerCase();
      if (!isValidSiteName(wanted)) throw new AppError('BAD_INPUT', `"${name}" is not a valid site name`);
      if (isTaken(wanted)) throw new AppError('CONFLICT', `site name "${wanted}" is already taken`);
      taken.add(wanted);
    },
    isTaken,
  };
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
