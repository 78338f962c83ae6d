/** The HTTP floor: restify routes that only answer 200 to the bot's requests (no body parsing, no work). */
import restify from 'restify';

const server = restify.createServer({ name: 'floor' });
for (const path of ['/api/webex', '/api/messages']) {
  server.post(path, (_req, res, next) => { res.send(200, { accepted: true }); next(); });
}
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(`READY http://127.0.0.1:${a.port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
