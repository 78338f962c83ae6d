import { z } from 'zod';

/** The public Webex REST base; tests point `apiUrl` at a local server instead. */
export const WEBEX_DEFAULT_API_URL = 'https://webexapis.com/v1';
/** Documented limit of `text` and of `markdown` in POST /messages, in UTF-8 bytes. */
export const WEBEX_MAX_TEXT_BYTES = 7439;
export const WEBEX_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Older Webex card guidance: at most five buttons; longer lists become a ChoiceSet. */
export const WEBEX_MAX_CARD_BUTTONS = 5;
export const WEBEX_WEBHOOK_PATH = '/api/webex';

export interface WebexRetryPolicy {
  /** First backoff step for 5xx and network errors. */
  baseDelayMs: number;
  /** Cap of one backoff step. */
  maxDelayMs: number;
  /** Total time one call may spend retrying before it throws. */
  maxElapsedMs: number;
  /** Per-attempt timeout (a hung connection counts as a network error). */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: WebexRetryPolicy = {
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxElapsedMs: 60_000,
  requestTimeoutMs: 15_000,
};

export interface WebexAdapterConfig {
  /** Bot access token from developer.webex.com (WEBEX_BOT_TOKEN). */
  token: string;
  /** Secret the webhooks are created with; deliveries are signed with it (WEBEX_WEBHOOK_SECRET). */
  webhookSecret: string;
  /** Accepted as well while a rotation is under way (webhooks updated, deliveries in flight). */
  previousWebhookSecret?: string;
  /** Defaults to WEBEX_DEFAULT_API_URL. */
  apiUrl?: string;
  /** Public base URL of this server; when set, start() points the bot's webhooks at `${publicUrl}/api/webex`. */
  publicUrl?: string;
  /** Name given to the webhooks this bot owns (so several deployments of one bot can be told apart). */
  webhookName?: string;
  /** How often start() re-checks the webhooks and re-activates inactive ones; 0 turns the check off. */
  webhookCheckIntervalMs?: number;
  retry?: Partial<WebexRetryPolicy>;
  /** Webex down at start-up, or deliveries waiting in the spool: retried from minMs doubling to maxMs, for ever. */
  outageRetry?: { minMs: number; maxMs: number };
  /** How long start() waits for Webex's first answer before going on without it (a rejected token still stops it). */
  startWaitMs?: number;
  /** The file of acknowledged deliveries whose turn failed (see webex-spool.ts); without it they are kept in memory. */
  spoolFile?: string;
  /** Most deliveries the spool keeps. */
  spoolMax?: number;
}

/** pino-compatible subset, so the composition root can pass its pino logger as is. */
export interface WebexLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: WebexLogger = {
  debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined,
};

// ---- Documented payload shapes (webex-openapi-specs public-spec/webex-messaging.json), validated at the edge.

export const webhookEnvelopeSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  resource: z.string(),
  event: z.string(),
  actorId: z.string().optional(),
  data: z.object({
    id: z.string().min(1),
    roomId: z.string().optional(),
    roomType: z.enum(['direct', 'group']).optional(),
    personId: z.string().optional(),
    personEmail: z.string().optional(),
    messageId: z.string().optional(),
    created: z.string().optional(),
  }),
});
export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;

export const messageSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  roomType: z.enum(['direct', 'group']).optional(),
  parentId: z.string().optional(),
  text: z.string().optional(),
  markdown: z.string().optional(),
  html: z.string().optional(),
  personId: z.string(),
  personEmail: z.string().optional(),
  mentionedPeople: z.array(z.string()).optional(),
  attachments: z.array(z.unknown()).optional(),
  created: z.string().optional(),
});
export type WebexMessage = z.infer<typeof messageSchema>;
export const messageListSchema = z.object({ items: z.array(messageSchema) });

export const attachmentActionSchema = z.object({
  id: z.string(),
  type: z.string(),
  messageId: z.string(),
  personId: z.string(),
  roomId: z.string(),
  /** Card inputs and the pressed Action.Submit's data, merged by Webex; values arrive as strings. */
  inputs: z.record(z.string(), z.unknown()).optional(),
  created: z.string().optional(),
});
export type WebexAttachmentAction = z.infer<typeof attachmentActionSchema>;

export const personSchema = z.object({
  id: z.string(),
  emails: z.array(z.string()).optional(),
  displayName: z.string().optional(),
  nickName: z.string().optional(),
  firstName: z.string().optional(),
  type: z.string().optional(),
});
export type WebexPerson = z.infer<typeof personSchema>;

export const roomSchema = z.object({ id: z.string(), type: z.enum(['direct', 'group']) });

export const webhookSchema = z.object({
  id: z.string(),
  name: z.string(),
  targetUrl: z.string(),
  resource: z.string(),
  event: z.string(),
  filter: z.string().optional(),
  secret: z.string().optional(),
  status: z.enum(['active', 'inactive']).optional(),
  created: z.string().optional(),
});
export type WebexWebhook = z.infer<typeof webhookSchema>;
export const webhookListSchema = z.object({ items: z.array(webhookSchema) });

export interface WebexAttachment {
  contentType: typeof WEBEX_CARD_CONTENT_TYPE;
  content: Record<string, unknown>;
}

/** Body of POST /messages without its target. */
export interface WebexMessageDraft {
  text: string;
  markdown: string;
  attachments?: WebexAttachment[];
}

export type WebexTarget = { roomId: string } | { toPersonEmail: string } | { toPersonId: string };

export type WebexMessageBody = WebexMessageDraft & WebexTarget;

/** What the adapter stores in `ConversationAddress.ref` for later (proactive) sends. */
export interface WebexAddressRef {
  roomId: string;
  roomType: 'direct' | 'group';
  personId?: string;
  personEmail?: string;
  /** Set when a group conversation continues in this person's 1:1 space (personal steps). */
  directRoomId?: string;
}
