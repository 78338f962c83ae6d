import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A round-robin HTTP load balancer in front of bot instances, for the multi-instance tests. Requests of one
 * conversation (keyed by the sender in the body: Webex `data.personId`, Teams `from.id`; else the path) go to the
 * instance after the one that served the previous request of that key, so consecutive messages, clicks and page
 * loads of a conversation land on different instances. An instance marked down, or one refusing the connection
 * (restarting), is skipped, as a balancer's health check would; each request opens its own connection, so none is
 * sent down a socket of an instance that is shutting down.
 */
export interface Balancer {
  readonly url: string;
  /** Instance ports, by slot; a restarted instance keeps its slot and port. */
  readonly ports: number[];
  setDown(slot: number, down: boolean): void;
  /** Requests served per slot, and how many consecutive same-key requests changed instance (of how many). */
  stats(): { served: number[]; retried: number; switched: number; consecutive: number; failed: number };
  close(): Promise<void>;
}

function keyOf(body: Buffer, path: string): string {
  try {
    const json = JSON.parse(body.toString('utf8')) as { data?: { personId?: unknown }; from?: { id?: unknown } };
    const id = json.data?.personId ?? json.from?.id;
    if (typeof id === 'string') return id;
  } catch {
    // Not JSON (a form post of the payment page): keyed by its path below.
  }
  return path.replace(/\/(confirm|decline)$/, '');
}

function forward(port: number, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const out = request({
      host: '127.0.0.1', port, method: req.method, path: req.url, agent: false,
      headers: { ...req.headers, host: `127.0.0.1:${port}`, connection: 'close', 'content-length': String(body.length) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

export async function startBalancer(ports: number[]): Promise<Balancer> {
  const down = new Set<number>();
  const served = ports.map(() => 0);
  const last = new Map<string, number>();
  let retried = 0;
  let switched = 0;
  let consecutive = 0;
  let failed = 0;
  let next = 0;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const key = keyOf(body, req.url ?? '');
        const before = last.get(key);
        const first = before === undefined ? next++ % ports.length : (before + 1) % ports.length;
        for (let i = 0; i < ports.length * 2; i++) {
          const slot = (first + i) % ports.length;
          if (down.has(slot) && i < ports.length) continue;
          try {
            // A connection refused or reset before any answer: the request never reached a turn, so another instance may take it.
            const answer = await forward(ports[slot] ?? 0, req, body);
            served[slot] = (served[slot] ?? 0) + 1;
            if (before !== undefined) { consecutive++; if (slot !== before) switched++; }
            last.set(key, slot);
            const headers = Object.fromEntries(Object.entries(answer.headers).filter(([h]) => !['connection', 'transfer-encoding', 'keep-alive'].includes(h)));
            res.writeHead(answer.status, headers);
            res.end(answer.body);
            return;
          } catch {
            retried++;
          }
        }
        failed++;
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('no instance answered');
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ports,
    setDown: (slot, isDown) => { if (isDown) down.add(slot); else down.delete(slot); },
    stats: () => ({ served: [...served], retried, switched, consecutive, failed }),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
