import { Writable } from 'node:stream';
import { pino, stdSerializers, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactText } from './redact-text.js';

export { redactText };
export type { Logger };

export interface LoggerConfig {
  level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** One readable line per entry for a terminal, instead of JSON lines. */
  pretty?: boolean;
  /** Where lines go; stdout when absent (tests pass a stream to read them back). */
  destination?: DestinationStream;
}

/** Field names whose values are secrets wherever they appear (top level or nested up to two deep). */
const SECRET_KEYS = [
  'password', 'pass', 'secret', 'clientSecret', 'token', 'accessToken', 'refreshToken', 'idToken', 'apiKey',
  'authorization', 'Authorization', 'cookie', 'codeHash', 'verificationCode', 'smtpUrl', 'SMTP_URL',
  'appPassword', 'webhookSecret', 'cardNumber',
];

export const REDACT_PATHS: string[] = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  // Header names that are not identifiers need bracket paths.
  '*.headers["set-cookie"]', '*.headers["x-api-key"]', '*.*.headers["set-cookie"]', '*.*.headers["x-api-key"]',
];

/**
 * Errors as pino writes them, with their text scrubbed like a message: an error's message (and its causes', which
 * pino folds in) or stack can quote what the user typed ("invalid email jane@…", a parser's input).
 */
function redactedError(err: unknown): unknown {
  const out = stdSerializers.err(err as Error) as unknown;
  // Not an error: handed back as it is (never changed in place), a string scrubbed.
  if (out === err || typeof out !== 'object' || out === null) return typeof err === 'string' ? redactText(err) : err;
  const fields = out as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) if (typeof value === 'string' && key !== 'type' && key !== 'code') fields[key] = redactText(value);
  return out;
}

export function createLogger(config: LoggerConfig): Logger {
  const options: LoggerOptions = {
    level: config.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: redactedError, error: redactedError, cause: redactedError },
    hooks: {
      // Message strings are free text that may quote the user; scrub them as transcripts are scrubbed.
      logMethod(args, method) {
        const scrubbed = args.map((a: unknown) => (typeof a === 'string' ? redactText(a) : a));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  const destination = config.pretty ? prettyStream(config.destination ?? process.stdout) : config.destination;
  return destination ? pino(options, destination) : pino(options);
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** A dependency-free stand-in for pino-pretty: "HH:MM:SS.mmm LEVEL msg {rest}". */
function prettyStream(out: DestinationStream): DestinationStream {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      const lines = chunk.toString().split('\n').filter((l) => l.length > 0);
      for (const line of lines) out.write(`${formatLine(line)}\n`);
      callback();
    },
  });
}

function formatLine(line: string): string {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return line; // not one of pino's JSON lines; pass it through untouched
  }
  if (typeof entry !== 'object' || entry === null) return line;
  const { level, time, msg, pid: _pid, hostname: _host, ...rest } = entry as Record<string, unknown>;
  const when = typeof time === 'number' ? new Date(time).toISOString().slice(11, 23) : '';
  const name = typeof level === 'number' ? (LEVEL_NAMES[level] ?? String(level)) : '';
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `${when} ${name.padEnd(5)} ${typeof msg === 'string' ? msg : ''}${extra}`;
}
