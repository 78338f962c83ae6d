import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { createHttpServer } from '@vercel/cosmosdb-server';

/** Any base64 string: the local server does not check keys, the SDK only needs one to sign requests. */
export const LOCAL_COSMOS_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export interface LocalCosmos {
  /** http://127.0.0.1:<port> — plain HTTP, so no certificate and no NODE_TLS_REJECT_UNAUTHORIZED. */
  endpoint: string;
  key: string;
  /** Cosmos down (`pausable` only): connections refused and open ones reset, data kept; `resume` brings it back. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts @vercel/cosmosdb-server in this process on a free loopback port, over plain HTTP (its bundled TLS
 * certificate expired in 2021). It speaks the Cosmos REST protocol to the real @azure/cosmos client and keeps
 * data in memory. Not emulated (so not covered by tests against it): TTL expiry (items with `ttl` stay; the
 * stores' own clock-based expiry on read is what the contract checks, plus that `ttl` is written), request
 * charges (always 1 RU), 429 throttling and the SDK's retries, the 2 MB item limit, key/auth checks,
 * IfNoneMatch, the `partitionKey` option of queries (every partition is returned), indexing policies, and
 * multi-region endpoint discovery (it advertises https locations, so clients must turn discovery off).
 */
/**
 * `port`: a given one (a test that starts the store late, where the bot already looks for it); default any free one.
 * `pausable`: clients reach it through a loopback TCP proxy that `pause` closes (off by default: the benchmarks
 * measure the server without the extra hop).
 */
export async function startLocalCosmos(port = 0, opts: { pausable?: boolean } = {}): Promise<LocalCosmos> {
  // keepAlive: without it the server closes every connection and each SDK call pays a new TCP handshake.
  const server = createHttpServer({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  // Node closes an idle keep-alive socket after 5 s; a client reusing it at that moment gets ECONNRESET on a write
  // the SDK does not retry. Real Cosmos DB keeps connections far longer: so does this server.
  server.keepAliveTimeout = 120_000;
  const bound = (server.address() as AddressInfo).port;
  // An outage is made at the proxy: closing the server itself loses its containers.
  const proxy = opts.pausable === true ? await startProxy(bound) : undefined;
  const notPausable = (): Promise<void> => Promise.reject(new Error('startLocalCosmos(port, { pausable: true }) to pause'));
  return {
    endpoint: `http://127.0.0.1:${proxy?.port ?? bound}`,
    key: LOCAL_COSMOS_KEY,
    pause: proxy ? () => proxy.pause() : notPausable,
    resume: proxy ? () => proxy.resume() : notPausable,
    close: async () => {
      await proxy?.pause();
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      });
    },
  };
}

/** A loopback TCP proxy to `target`; pause: refuses connections (stops listening) and resets the open ones. */
async function startProxy(target: number): Promise<{ port: number; pause(): Promise<void>; resume(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const proxy = createNetServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => s.destroy()); }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(port, '127.0.0.1', () => { proxy.off('error', reject); resolve(); });
  });
  await listen(0);
  const port = (proxy.address() as AddressInfo).port;
  return {
    port,
    pause: () => new Promise<void>((resolve) => {
      if (!proxy.listening) { resolve(); return; }
      for (const s of sockets) s.destroy();
      proxy.close(() => resolve());
    }),
    resume: () => listen(port),
  };
}