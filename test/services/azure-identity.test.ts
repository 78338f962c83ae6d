import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * Without COSMOS_KEY, src/services/build.ts hands Cosmos a DefaultAzureCredential, which in App Service / Container
 * Apps gets its token from the managed identity endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER, API 2019-08-01).
 * package.json overrides @azure/identity's @azure/msal-node to a newer major than it declares (security fixes, see
 * README "Dependencies"); this runs that path against a local endpoint that answers as the documented one does.
 */
describe('DefaultAzureCredential with a managed identity endpoint', () => {
  const saved = { endpoint: process.env['IDENTITY_ENDPOINT'], header: process.env['IDENTITY_HEADER'] };
  afterEach(() => {
    for (const [name, value] of [['IDENTITY_ENDPOINT', saved.endpoint], ['IDENTITY_HEADER', saved.header]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('gets the Cosmos token from the endpoint, sending the identity header and the resource', async () => {
    const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
    const endpoint = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({
        access_token: 'token-from-managed-identity',
        expires_on: String(Math.floor(Date.now() / 1000) + 3_600),
        resource: 'https://cosmos.azure.com',
        token_type: 'Bearer',
      }));
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { port } = endpoint.address() as AddressInfo;
      process.env['IDENTITY_ENDPOINT'] = `http://127.0.0.1:${port}/msi/token`;
      process.env['IDENTITY_HEADER'] = 'identity-header-value';
      const { DefaultAzureCredential } = await import('@azure/identity');
      const token = await new DefaultAzureCredential().getToken('https://cosmos.azure.com/.default');

      expect(token?.token).toBe('token-from-managed-identity');
      expect(seen).toHaveLength(1);
      const url = new URL(seen[0]?.url ?? '', 'http://127.0.0.1');
      expect(url.pathname).toBe('/msi/token');
      expect(url.searchParams.get('resource')).toBe('https://cosmos.azure.com');
      expect(seen[0]?.headers['x-identity-header']).toBe('identity-header-value');
    } finally {
      await new Promise<void>((resolve) => endpoint.close(() => resolve()));
    }
  });
});
