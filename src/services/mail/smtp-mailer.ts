import nodemailer from 'nodemailer';
import { AppError } from '../errors.js';
import type { Mailer, MailMessage } from '../outside.port.js';

export interface SmtpMailerConfig {
  /** smtp://user:pass@host:port (or smtps:// for implicit TLS). */
  url: string;
  /** The sender, e.g. "Webex Upgrade <upgrade@example.com>". */
  from: string;
  /** Per-phase network timeout; a hung server must not hold a conversation turn for minutes. */
  timeoutMs?: number;
}

export interface SmtpMailer extends Mailer {
  close(): void;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export function createSmtpMailer(config: SmtpMailerConfig): SmtpMailer {
  const target = describeTarget(config.url);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // The timeouts go next to the url: createTransport's second argument is message defaults, not transport options.
  const transport = nodemailer.createTransport({
    url: config.url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(message: MailMessage): Promise<void> {
      try {
        await transport.sendMail({ from: config.from, to: message.to, subject: message.subject, text: message.text });
      } catch (cause) {
        // The URL carries credentials, so only host:port goes into the message.
        throw new AppError('UNAVAILABLE', `SMTP server ${target} did not accept the message`, { cause });
      }
    },
    close(): void {
      transport.close();
    },
  };
}

function describeTarget(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new AppError('BAD_INPUT', 'SMTP_URL is not a valid URL', { cause });
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new AppError('BAD_INPUT', `SMTP_URL must start with smtp:// or smtps://, not ${parsed.protocol}//`);
  }
  return parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
}
