/**
 * Cosmos DB down at start-up, through the real app (createApp, the real @azure/cosmos client, the local
 * @vercel/cosmosdb-server): the bot starts without it (not ready, alive), connects by itself once the store answers,
 * and then serves. Settings that cannot work (a container with another partition key) still stop start-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CosmosClient } from '@azure/cosmos';
import { afterEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/services/logger.js';
import { LOCAL_COSMOS_KEY, startLocalCosmos, type LocalCosmos } from '../support/cosmos-server.js';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const address = s.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function until(what: string, ok: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => { setTimeout(r, 20); });
  }
}

describe('Cosmos DB down at start-up', () => {
  let app: App | undefined;
  let cosmos: LocalCosmos | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await app?.stop();
    await cosmos?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    app = undefined; cosmos = undefined; dataDir = undefined;
  });

  const configFor = (endpoint: string, database = 'outage') => {
    dataDir = mkdtempSync(join(tmpdir(), 'cosmos-outage-'));
    return loadConfig({
      PORT: '0', HOST: '127.0.0.1', STORE: 'cosmos', COSMOS_ENDPOINT: endpoint, COSMOS_KEY: LOCAL_COSMOS_KEY, COSMOS_DATABASE: database,
      DATA_DIR: dataDir, LOG_LEVEL: 'silent', SWEEP_INTERVAL_MS: '0', CODE_SECRET: 'cosmos-outage-secret-0123456789abcdef',
      TEAMS_EMULATOR: 'true', PLAYGROUND: 'false', OUTAGE_RETRY_MIN_MS: '10', OUTAGE_RETRY_MAX_MS: '50', DEPENDENCY_START_WAIT_MS: '50',
    });
  };

  it('refusing connections: the bot starts, is not ready, and is ready once the store answers', async () => {
    const port = await freePort();
    // A real pino logger: the outage is logged (with `this` intact) as it happens, once as a change of state.
    const lines: { msg?: string; dependency?: string }[] = [];
    const destination = new Writable({ write(chunk: Buffer, _e, done) { for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as { msg?: string }); done(); } });
    app = await createApp(configFor(`http://127.0.0.1:${port}`), { logger: createLogger({ level: 'info', destination }) });
    const url = await app.start();
    const down = await fetch(`${url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ok: false, checks: { store: 'down' } });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, dependencies: { store: { state: 'down', reason: 'UNAVAILABLE' } } });

    cosmos = await startLocalCosmos(port);
    await until('ready', async () => (await fetch(`${url}/readyz`)).status === 200);
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ dependencies: { store: { state: 'up' } } });
    // The store created its containers and answers.
    expect(await app.store.orders.byConversation('nobody')).toEqual([]);
    const said = lines.map((l) => l.msg);
    expect(said).toContain('store not reachable; the bot serves without it and keeps trying');
    expect(said.filter((m) => m === 'dependency down')).toHaveLength(1);
    expect(said).toContain('dependency back up');
  });

  it('a container with another partition key stops start-up, naming it', async () => {
    cosmos = await startLocalCosmos();
    const raw = new CosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, connectionPolicy: { enableEndpointDiscovery: false } });
    const { database } = await raw.databases.createIfNotExists({ id: 'wrong-pk' });
    await database.containers.createIfNotExists({ id: 'conversations', partitionKey: { paths: ['/tenant'] }, defaultTtl: -1 });
    raw.dispose();
    await expect(createApp(configFor(cosmos.endpoint, 'wrong-pk'))).rejects.toThrow(/container conversations has partition key \/tenant/);
  });
});
