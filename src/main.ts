import './node-warnings.js';
import { createApp } from './app.js';
import { firstSteps } from './first-steps.js';
import { ConfigError, loadConfig } from './config.js';

try {
  // Readable lines in a terminal, JSON lines for a log collector (LOG_PRETTY still decides when set).
  const config = loadConfig({ LOG_PRETTY: process.stdout.isTTY ? 'true' : 'false', ...process.env });
  const app = await createApp(config);
  const url = await app.start();
  // For a person at a terminal only: a log collector reading stdout gets JSON lines and nothing else.
  if (config.exposure.playground !== 'off' && process.stdout.isTTY) process.stdout.write(firstSteps(url, config.DEFAULT_LOCALE, config.DATA_DIR));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal, deadlineMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutting down: finishing turns in flight');
    // The deadline wins over a hung dependency: exit non-zero so the supervisor knows the stop was not clean.
    setTimeout(() => { app.logger.error({ deadlineMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown deadline passed'); process.exit(1); },
      config.SHUTDOWN_TIMEOUT_MS).unref();
    app.stop().then(() => { app.logger.info({ signal }, 'stopped'); process.exit(0); },
      (err: unknown) => { app.logger.error({ err }, 'shutdown failed'); process.exit(1); });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
} catch (err) {
  process.stderr.write(`upgrade-bot did not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
