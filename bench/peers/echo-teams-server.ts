/**
 * The Teams protocol ceiling, the Bot Framework way: the canonical EchoBot sample (restify, bodyParser, CloudAdapter
 * on ConfigurationBotFrameworkAuthentication, an ActivityHandler that echoes). No app id, like the bench's bot
 * (emulator mode: requests are not authenticated, replies go to the activity's serviceUrl without a token).
 * Prints READY <url>.
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`echo: ${context.activity.text}`);
      await next();
    });
  }
}

const auth = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: '', MicrosoftAppTenantId: '' });
const adapter = new CloudAdapter(auth);
adapter.onTurnError = async (context, error) => {
  process.stderr.write(`echo-teams: ${String(error)}\n`);
  await context.sendActivity('error');
};
const bot = new EchoBot();
const server = restify.createServer({ name: 'echo-teams' });
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`READY http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
