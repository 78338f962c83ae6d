import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { isValidSiteName } from './site-name.js';

const accountSchema = z.object({
  email: z.email(),
  name: z.string().min(1).optional(),
  organisation: z.string().min(1).optional(),
});

export const directoryDataSchema = z
  .object({
    note: z.string().optional(),
    accounts: z.array(accountSchema),
    takenSites: z.array(z.string().refine(isValidSiteName, 'not a valid site name (DNS label)')),
  })
  .superRefine((data, ctx) => {
    // Two entries for one email would make lookups depend on file order.
    const seen = new Set<string>();
    data.accounts.forEach((a, i) => {
      const key = a.email.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['accounts', i, 'email'], message: `duplicate email ${a.email}` });
      seen.add(key);
    });
  });

export type DirectoryData = z.infer<typeof directoryDataSchema>;

/** Reads and validates the simulated directory's seed file (data/accounts.json); a bad file stops start-up. */
export async function loadDirectoryData(path: string): Promise<DirectoryData> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new AppError('BAD_INPUT', `cannot read directory data ${path}`, { cause });
  }
  return parseDirectoryData(raw, path);
}

export function parseDirectoryData(raw: unknown, source = 'directory data'): DirectoryData {
  const parsed = directoryDataSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('BAD_INPUT', `${source} is invalid: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  }
  return parsed.data;
}
