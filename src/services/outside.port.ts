/** Ports to the outside world the purchase needs. Each has an embedded (simulated) implementation. */

export interface FreeAccount {
  email: string;
  name?: string;
  organisation?: string;
}

export interface AccountDirectory {
  /** The free Webex account registered with this email (case-insensitive), if any. */
  find(email: string): Promise<FreeAccount | undefined>;
}

export interface SiteDirectory {
  /**
   * Whether `<name>.webex.com` is free; a free alternative when it is not. With a `holder` (the conversation), a free
   * name is held for it, so no other conversation is told it is free meanwhile.
   */
  check(name: string, holder?: string): Promise<{ available: boolean; suggestion?: string }>;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The conversation the message was sent for: "forget me" deletes it where it is still held. */
  conversationId?: string;
}

export interface Mailer {
  /** Sends one message; throws AppError('UNAVAILABLE') when the mail server refuses. */
  send(message: MailMessage): Promise<void>;
  /** Deletes the messages of a conversation it still holds (a local outbox); absent where sent mail is out of reach. */
  forget?(conversationId: string): Promise<void>;
}

export interface PaymentLink {
  paymentId: string;
  url: string;
  expiresAt: number;
}

export interface PaymentProvider {
  /** A single-use hosted payment link for this amount; the outcome arrives later as an outside event. */
  createLink(req: { conversationId: string; amountCents: number; currency: string; description: string }): Promise<PaymentLink>;
  /** Deletes the links of a conversation it holds (the local payment page); absent where a provider keeps them. */
  forget?(conversationId: string): Promise<void>;
}

export interface Provisioner {
  /**
   * Starts setting up the site. A provisioner that knows when it will be ready returns readyAfterMs and the
   * engine keeps a durable timer for it; otherwise completion arrives as an outside event (PROVISIONING_COMPLETE).
   */
  start(req: { conversationId: string; orderId: string; siteUrl: string }): Promise<{ readyAfterMs?: number }>;
}

export interface HandoffCase {
  conversationId: string;
  reason: string;
  /** `emailVerified`: a code proved the email; `name` (the directory's) is given only then. */
  customer: { name?: string; email?: string; emailVerified?: boolean };
  summary: string;
  recent: string[];
}

export interface SalesDesk {
  /** Queues a case for sales; returns its id and place in the queue (1 = next). */
  open(c: HandoffCase): Promise<{ caseId: string; position: number }>;
  /** Relays the customer's words to the agent (or the queued case). */
  relay(caseId: string, text: string): Promise<void>;
  /** The customer left the handoff (back to the bot, or cancelled). */
  end(caseId: string, why: string): Promise<void>;
  /** The customer left a contact for a callback. */
  callback(caseId: string, contact: string): Promise<void>;
  /**
   * "Forget me": ends the conversation's open case (the agent is told why) and purges every case of the
   * conversation, so sales can no longer read or act on it. Returns how many cases were purged.
   */
  forget(conversationId: string): Promise<number>;
}
