/**
 * The Webex protocol ceiling: the least any Webex bot does per message, with no store and no engine. Registers its
 * messages webhook at start (as every bot must), then per webhook: reads the raw body, verifies X-Spark-Signature,
 * answers 200, skips its own messages (Webex delivers those too), GET /messages/{id} (webhooks carry ids only) and
 * POST /messages with a fixed short markdown reply to the room, through undici over a keep-alive Agent like the
 * bot's Webex client. Prints READY <url> once the webhook is registered.
 */
import restify from 'restify';
import { Agent, request, type Dispatcher } from 'undici';
import { readRawBody } from '../../src/adapters/webex/webex-receive.js';
import { verifyWebexSignature } from '../../src/adapters/webex/webex-signature.js';

const need = (name: string): string => {
  const v = process.env[name];
  if (v === undefined || v === '') throw new Error(`${name} is required`);
  return v;
};
const api = need('WEBEX_API_URL').replace(/\/+$/, '');
const token = need('WEBEX_BOT_TOKEN');
const secret = need('WEBEX_WEBHOOK_SECRET');
const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
const REPLY = '**echo**: message received';

async function call(method: Dispatcher.HttpMethod, path: string, body?: unknown): Promise<unknown> {
  const res = await request(`${api}${path}`, {
    method, dispatcher,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 200)}`);
  return text === '' ? undefined : JSON.parse(text);
}

let failures = 0;
const me = await call('GET', '/people/me') as { id: string };
const server = restify.createServer({ name: 'echo-webex' });
server.post('/api/webex', (req, res, next) => {
  readRawBody(req).then(async (raw) => {
    if (!verifyWebexSignature(raw, req.header('x-spark-signature'), [secret])) { res.send(401); return; }
    const data = (JSON.parse(raw.toString('utf8')) as { data?: { id?: string; personId?: string } }).data;
    res.send(200);
    if (data?.id === undefined || data.personId === me.id) return;
    const msg = await call('GET', `/messages/${encodeURIComponent(data.id)}`) as { roomId: string };
    await call('POST', '/messages', { roomId: msg.roomId, markdown: REPLY });
  }).catch((err: unknown) => {
    if (!res.headersSent) res.send(400);
    if (++failures <= 5) process.stderr.write(`echo-webex: ${String(err)}\n`);
  }).finally(() => { next(); });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  call('POST', '/webhooks', { name: 'echo', targetUrl: `${url}/api/webex`, resource: 'messages', event: 'created', secret })
    .then(() => { process.stdout.write(`READY ${url}\n`); }, (err: unknown) => { process.stderr.write(`echo-webex: webhook: ${String(err)}\n`); process.exit(1); });
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
