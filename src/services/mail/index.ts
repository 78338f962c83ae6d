export { createOutboxMailer, listOutbox, type OutboxEntry, type OutboxMailerConfig } from './outbox-mailer.js';
export { createMemoryMailer, type MemoryMailer } from './memory-mailer.js';
export { createSmtpMailer, type SmtpMailer, type SmtpMailerConfig } from './smtp-mailer.js';
