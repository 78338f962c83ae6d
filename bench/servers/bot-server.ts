/** The bot as `npm start` runs it (createApp + start), configured by the environment; prints READY <url>. */
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

const app = await createApp(loadConfig(process.env));
const url = await app.start();
process.stdout.write(`READY ${url}\n`);
const stop = (): void => { app.stop().then(() => process.exit(0), () => process.exit(1)); };
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
