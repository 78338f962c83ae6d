import type { Mailer, MailMessage } from '../outside.port.js';

/** A mailer that keeps what it sent, for tests and transcripts. */
export interface MemoryMailer extends Mailer {
  readonly messages: readonly MailMessage[];
  /** The most recent message to this address, if any. */
  lastTo(to: string): MailMessage | undefined;
  forget(conversationId: string): Promise<void>;
  clear(): void;
}

export function createMemoryMailer(): MemoryMailer {
  const messages: MailMessage[] = [];
  return {
    messages,
    async send(message: MailMessage): Promise<void> {
      // Copied, so a caller mutating its object later cannot rewrite history.
      messages.push({ to: message.to, subject: message.subject, text: message.text, ...(message.conversationId ? { conversationId: message.conversationId } : {}) });
    },
    async forget(conversationId: string): Promise<void> {
      for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.conversationId === conversationId) messages.splice(i, 1);
    },
    lastTo(to: string): MailMessage | undefined {
      const wanted = to.toLowerCase();
      for (let i = messages.length - 1; i >= 0; i--) {
        const m = messages[i];
        if (m && m.to.toLowerCase() === wanted) return m;
      }
      return undefined;
    },
    clear(): void {
      messages.length = 0;
    },
  };
}
