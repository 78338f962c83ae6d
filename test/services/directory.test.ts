import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../src/services/clock.js';
import { createCosmosStore } from '../../src/services/store/cosmos.store.js';
import { startLocalCosmos } from '../support/cosmos-server.js';
import {
  createSimulatedAccounts, createSimulatedSites, isValidSiteName, loadDirectoryData, parseDirectoryData, toSiteName,
} from '../../src/services/directory/index.js';
import { isAppError } from '../../src/services/errors.js';

const DATA_FILE = join(import.meta.dirname, '../../data/accounts.json');

describe('directory data', () => {
  it('loads the shipped data/accounts.json', async () => {
    const data = await loadDirectoryData(DATA_FILE);
    expect(data.accounts.length).toBeGreaterThan(0);
    expect(data.takenSites).toContain('acme-corp');
  });

  it('rejects a bad email, an invalid site name and duplicate accounts, naming the problem', () => {
    expect(() => parseDirectoryData({ accounts: [{ email: 'nope' }], takenSites: [] })).toThrow(/email/);
    expect(() => parseDirectoryData({ accounts: [], takenSites: ['Bad_Name'] })).toThrow(/site name/);
    expect(() =>
      parseDirectoryData({ accounts: [{ email: 'a@b.co' }, { email: 'A@B.co' }], takenSites: [] }),
    ).toThrow(/duplicate/);
  });

  it('reports an unreadable or non-JSON file as BAD_INPUT', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dir-'));
    try {
      await writeFile(join(dir, 'x.json'), '{oops');
      for (const p of [join(dir, 'x.json'), join(dir, 'missing.json')]) {
        const err = await loadDirectoryData(p).catch((e: unknown) => e);
        expect(isAppError(err, 'BAD_INPUT')).toBe(true);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('simulated accounts', () => {
  const accounts = createSimulatedAccounts({
    accounts: [{ email: 'Jane@Acme.com', name: 'Jane Doe', organisation: 'Acme Inc' }],
  });

  it('finds by email, case-insensitively and ignoring spaces', async () => {
    expect(await accounts.find('jane@acme.com')).toEqual({ email: 'Jane@Acme.com', name: 'Jane Doe', organisation: 'Acme Inc' });
    expect(await accounts.find('  JANE@ACME.COM ')).toBeDefined();
  });

  it('returns undefined for an unknown email', async () => {
    expect(await accounts.find('john@acme.com')).toBeUndefined();
  });

  it('hands out copies, so callers cannot edit the directory', async () => {
    const a = await accounts.find('jane@acme.com');
    if (a) a.name = 'Mallory';
    expect((await accounts.find('jane@acme.com'))?.name).toBe('Jane Doe');
  });
});

describe('site names', () => {
  it('follows DNS label rules', () => {
    for (const ok of ['a', 'acme', 'acme-2', '1to1', 'a'.repeat(63)]) expect(isValidSiteName(ok)).toBe(true);
    for (const bad of ['', '-acme', 'acme-', 'Acme', 'ac_me', 'a.b', 'a'.repeat(64), 'ромашка']) {
      expect(isValidSiteName(bad)).toBe(false);
    }
  });

  it('turns text into a label', () => {
    expect(toSiteName('Acme Corp!')).toBe('acme-corp');
    expect(toSiteName('Müller GmbH')).toBe('muller-gmbh');
    expect(toSiteName('---')).toBe('');
    expect(toSiteName(`${'a'.repeat(62)}-b`)).toBe('a'.repeat(62));
  });
});

describe('simulated sites', () => {
  const data = { takenSites: ['acme', 'acme-2', 'acme-corp', 'webex'] };

  it('says a free valid name is available', async () => {
    expect(await createSimulatedSites(data).check('globex')).toEqual({ available: true });
  });

  it('suggests the first free numbered name for a taken one', async () => {
    const sites = createSimulatedSites(data);
    expect(await sites.check('acme')).toEqual({ available: false, suggestion: 'acme-3' });
    expect(await sites.check('ACME-CORP')).toEqual({ available: false, suggestion: 'acme-corp-2' });
  });

  it('suggests a valid free name for an invalid one', async () => {
    const sites = createSimulatedSites(data);
    expect(await sites.check('Globex Corp')).toEqual({ available: false, suggestion: 'globex-corp' });
    expect(await sites.check('Globex')).toEqual({ available: true });
    const long = await sites.check('x'.repeat(70));
    expect(long.available).toBe(false);
    expect(long.suggestion && isValidSiteName(long.suggestion)).toBe(true);
  });

  it('keeps a long taken name within 63 characters when numbering it', async () => {
    const name = 'b'.repeat(63);
    const res = await createSimulatedSites({ takenSites: [name] }).check(name);
    expect(res.suggestion).toBe(`${'b'.repeat(61)}-2`);
  });

  it('treats reserved names as taken (orders placed before a restart)', async () => {
    const sites = createSimulatedSites(data, { reserved: ['globex'] });
    expect((await sites.check('globex')).available).toBe(false);
  });

  it('claims a name for a placed order, after which it is taken', async () => {
    const sites = createSimulatedSites(data);
    await sites.claim('Initech');
    expect(await sites.isTaken('initech')).toBe(true);
    expect(await sites.check('initech')).toEqual({ available: false, suggestion: 'initech-2' });
    await expect(sites.claim('not valid')).rejects.toThrow(/not a valid/);
  });

  it('a repeated or competing claim does not throw and does not change the owner', async () => {
    const sites = createSimulatedSites(data);
    await sites.claim('initech', 'order-1');
    await sites.claim('INITECH', 'order-1');
    await sites.claim('initech', 'order-2');
    await sites.claim('initech');
    expect(await sites.ownerOf('Initech')).toBe('order-1');
    await sites.claim('acme', 'order-1');
    expect(await sites.ownerOf('acme')).toBeUndefined();
  });

  it('a name checked free is held for that conversation: others are told it is taken, and offered a held suggestion', async () => {
    const sites = createSimulatedSites(data);
    expect(await sites.check('initech', 'conv-a')).toEqual({ available: true });
    expect(await sites.check('initech', 'conv-a')).toEqual({ available: true });
    expect(await sites.check('initech', 'conv-b')).toEqual({ available: false, suggestion: 'initech-2' });
    expect(await sites.check('initech-2', 'conv-c')).toEqual({ available: false, suggestion: 'initech-2-2' });
    await sites.claim('initech', 'order-a', 'conv-a');
    expect(await sites.ownerOf('initech')).toBe('order-a');
    await sites.claim('initech-2', 'order-c', 'conv-c');
    expect(await sites.ownerOf('initech-2')).toBeUndefined();
    await sites.claim('initech-2', 'order-b', 'conv-b');
    expect(await sites.ownerOf('initech-2')).toBe('order-b');
  });

  it('two instances checking one name at once over one Cosmos database: exactly one conversation gets it', async () => {
    const cosmos = await startLocalCosmos();
    const clock = createVirtualClock(1_700_000_000_000);
    const open = () => createCosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, database: 'sites', clock });
    const stores = await Promise.all([open(), open()]);
    try {
      const instances = stores.map((s) => createSimulatedSites(data, { records: s.records }));
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => instances[i % 2]!.check('hooli', `conv-${i}`)));
      expect(answers.filter((a) => a.available)).toHaveLength(1);
      const suggestions = answers.flatMap((a) => (a.suggestion ? [a.suggestion] : []));
      expect(suggestions).toHaveLength(5);
      expect(new Set(suggestions).size).toBe(5);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await cosmos.close();
    }
  });
});
