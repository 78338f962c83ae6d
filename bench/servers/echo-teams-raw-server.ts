/**
 * The Teams protocol without botbuilder: a restify route that parses the activity, posts one reply with undici
 * (keep-alive Agent) to {serviceUrl}/v3/conversations/{conversation.id}/activities/{activity.id}, as the Bot
 * Connector REST API documents, then answers 200 (after the reply, like CloudAdapter). No authentication (the
 * bench's bot runs without an app id too). Against bench/peers/echo-teams-server.ts this separates botbuilder's cost from the
 * protocol's. Prints READY <url>.
 */
import restify from 'restify';
import { Agent, request } from 'undici';

interface Account { id: string; name?: string }
interface Activity { type?: string; id?: string; text?: string; serviceUrl?: string; channelId?: string; from?: Account; recipient?: Account; conversation?: { id: string } }

const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
let failures = 0;
const server = restify.createServer({ name: 'echo-teams-raw' });
server.post('/api/messages', restify.plugins.jsonBodyParser(), (req, res, next) => {
  const a = req.body as Activity;
  if (a.type !== 'message' || a.serviceUrl === undefined || a.conversation === undefined || a.id === undefined) { res.send(200); next(); return; }
  const url = `${a.serviceUrl.replace(/\/+$/, '')}/v3/conversations/${encodeURIComponent(a.conversation.id)}/activities/${encodeURIComponent(a.id)}`;
  const reply = {
    type: 'message', text: `echo: ${a.text ?? ''}`, channelId: a.channelId, serviceUrl: a.serviceUrl,
    from: a.recipient, recipient: a.from, conversation: a.conversation, replyToId: a.id,
  };
  request(url, { method: 'POST', dispatcher, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(reply) })
    .then(async (r) => {
      await r.body.dump();
      if (r.statusCode < 200 || r.statusCode >= 300) throw new Error(`reply: ${r.statusCode}`);
      res.send(200);
    })
    .catch((err: unknown) => {
      if (++failures <= 5) process.stderr.write(`echo-teams-raw: ${String(err)}\n`);
      res.send(502);
    })
    .finally(() => { next(); });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`READY http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
