import type { AddressInfo } from 'node:net';
import { createHttpServer } from '@vercel/cosmosdb-server';

/** Any base64 string: the local server does not check keys, the SDK only needs one to sign requests. */
export const LOCAL_COSMOS_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export interface LocalCosmos {
  /** http://127.0.0.1:<port> — plain HTTP, so no certificate and no NODE_TLS_REJECT_UNAUTHORIZED. */
  endpoint: string;
  key: string;
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
/** `port`: a given one (a test that starts the store late, where the bot already looks for it); default any free one. */
export async function startLocalCosmos(port = 0): Promise<LocalCosmos> {
  // keepAlive: without it the server closes every connection and each SDK call pays a new TCP handshake.
  const server = createHttpServer({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    key: LOCAL_COSMOS_KEY,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    }),
  };
}
