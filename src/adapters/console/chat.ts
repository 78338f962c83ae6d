// `npm run chat`: talk to the bot in the terminal (interactive in a TTY; one message a line when piped).
import { createInterface, clearLine, cursorTo, type Interface } from 'node:readline';
import { ConfigError } from '../../config.js';
import { CHAT_USAGE, ChatUsageError, loadChatOptions, type ChatOptions } from './chat-config.js';

// restify's http-deceiver calls process.binding('http_parser') on import; that one warning is noise in a chat.
const defaultWarningListeners = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (w: Error & { code?: string }) => {
  if (w.code === 'DEP0111') return;
  for (const l of defaultWarningListeners) l(w);
});
const { startConsoleSession } = await import('./console-session.js');
const { resumeNotice } = await import('./console-resume.js');

const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;

function options(): ChatOptions {
  try {
    return loadChatOptions(process.argv.slice(2), process.env, { interactive });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ChatUsageError) {
      process.stderr.write(`${err.message}\n${err instanceof ChatUsageError ? `${CHAT_USAGE}\n` : ''}`);
      process.exit(2);
    }
    throw err;
  }
}

const opts = options();
if (opts.help) {
  process.stdout.write(`${CHAT_USAGE}\n`);
  process.exit(0);
}

// Created once the session runs: readline emits lines as soon as it exists, and none may be lost.
let rl: Interface | undefined;

const session = await startConsoleSession(opts, {
  print(text: string) {
    if (interactive) {
      // Replies can arrive while the user types (provisioning): print above the prompt, then redraw it.
      clearLine(process.stdout, 0);
      cursorTo(process.stdout, 0);
      process.stdout.write(`${text}\n\n`);
      rl?.prompt(true);
    } else {
      process.stdout.write(`${text}\n\n`);
    }
  },
});

rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive, prompt: '> ' });
// Ctrl-C leaves like /quit (without a listener readline would only pause).
rl.on('SIGINT', () => rl?.close());
if (interactive) {
  process.stdout.write(`Webex upgrade bot (${opts.locale}), conversation "${session.conversation}". Payment page: ${session.paymentPageUrl}\n${session.help}\n\n`);
  if (session.resumed) process.stdout.write(`${resumeNotice(session.resumed)}\n\n`);
  rl.prompt();
}

let quit = false;
for await (const line of rl) {
  if (!interactive && line.trim() !== '') process.stdout.write(`> ${line.trim()}\n`);
  if ((await session.input(line)) === 'quit') {
    quit = true;
    break;
  }
  if (interactive) rl.prompt();
}
rl.close();
// Piped input has ended: replies nobody typed for (the site being ready) may still be due.
if (!quit && !interactive) await session.drain();
// stop() writes what is still owed (marks, payments, the store), so nothing is left to a timer: leave at once.
await session.stop();
process.exit(0);
