import type { ChannelName, ChannelSender } from '../dialogs/channel.types.js';
import type { TurnEngine } from '../dialogs/engine.types.js';
import type { DependencyHealth } from './dependency-health.js';
import { isAppError } from './errors.js';
import type { Mailer } from './outside.port.js';

/** Channels whose sends say whether the platform is up (the playground, console and transcripts are in-process). */
const REMOTE_CHANNELS = new Set<ChannelName>(['webex', 'teams']);

/**
 * Whether a failed call means the other side is not there (no answer, 5xx, 429, a refused credential) rather than an
 * answer about this one request (a 400 or 404 for one conversation says the platform is up).
 */
export function isUnanswered(err: unknown): boolean {
  if (isAppError(err)) return err.code !== 'BAD_INPUT' && err.code !== 'NOT_FOUND' && err.code !== 'CONFLICT' && err.code !== 'PAYLOAD_TOO_LARGE';
  const status = typeof err === 'object' && err !== null && 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : undefined;
  return status === undefined || status >= 500 || status === 429 || status === 401 || status === 403;
}

function observedSender(name: ChannelName, sender: ChannelSender, health: DependencyHealth): ChannelSender {
  const outcome = (p: Promise<void>): Promise<void> => p.then(() => health.ok(name), (err: unknown) => {
    if (isUnanswered(err)) health.failed(name, err); else health.ok(name);
    throw err;
  });
  return {
    deliver: (address, replies, user) => outcome(sender.deliver(address, replies, user)),
    ...(sender.redeliver ? { redeliver: (address, replies, user, since) => outcome(sender.redeliver!(address, replies, user, since)) } : {}),
  };
}

/** The engine with each remote channel's sender reporting to `health` (Teams has no other sign of its outages). */
export function observeChannels<E extends TurnEngine>(engine: E, health: DependencyHealth): E {
  return {
    ...engine,
    registerChannel(name: ChannelName, sender: ChannelSender) {
      engine.registerChannel(name, REMOTE_CHANNELS.has(name) ? observedSender(name, sender, health) : sender);
    },
  };
}

/** The mailer reporting to `health` as "mail". A code that could not be mailed is already said so in the chat. */
export function observeMailer(mailer: Mailer, health: DependencyHealth): Mailer {
  return {
    ...(mailer.forget ? { forget: (conversationId: string) => mailer.forget!(conversationId) } : {}),
    send: (message) => mailer.send(message).then(() => health.ok('mail'), (err: unknown) => {
      health.failed('mail', err);
      throw err;
    }),
  };
}
