import type { WebexApi } from './webex-api.js';
import type { WebexLogger, WebexWebhook } from './webex.types.js';

/**
 * The two webhooks a bot needs. A catch-all ("all"/"all") webhook has been reported not to deliver card
 * submissions, so each resource gets its own.
 */
export const BOT_WEBHOOKS = [
  { resource: 'messages', event: 'created' },
  { resource: 'attachmentActions', event: 'created' },
] as const;

export const DEFAULT_WEBHOOK_NAME = 'upgrade-bot';

export interface WebhookPlan {
  targetUrl: string;
  secret: string;
  name: string;
}

export type WebhookAction =
  | { kind: 'created'; resource: string; id: string }
  | { kind: 'updated'; resource: string; id: string; reason: string }
  | { kind: 'deleted'; resource: string; id: string; reason: string }
  | { kind: 'ok'; resource: string; id: string };

const ours = (w: WebexWebhook, plan: WebhookPlan): boolean => w.name === plan.name || w.targetUrl === plan.targetUrl;

/** Why an existing webhook needs a PUT, or undefined. A listed webhook without a secret field is re-keyed to be sure. */
function staleReason(w: WebexWebhook, plan: WebhookPlan): string | undefined {
  if (w.status === 'inactive') return 'inactive';
  if (w.targetUrl !== plan.targetUrl) return 'targetUrl';
  if (w.secret !== plan.secret) return 'secret';
  if (w.name !== plan.name) return 'name';
  return undefined;
}

/**
 * Makes the bot's webhooks exactly the two it needs: creates missing ones, updates (and re-activates) stale ones,
 * deletes our duplicates. Webhooks of other names and targets are left alone. Returns what it did.
 */
export async function ensureWebhooks(api: WebexApi, plan: WebhookPlan, logger: WebexLogger): Promise<WebhookAction[]> {
  const existing = await api.listWebhooks();
  const actions: WebhookAction[] = [];
  for (const want of BOT_WEBHOOKS) {
    const mine = existing.filter((w) => w.resource === want.resource && w.event === want.event && ours(w, plan));
    const [keep, ...extra] = mine;
    for (const dup of extra) {
      await api.deleteWebhook(dup.id);
      actions.push({ kind: 'deleted', resource: want.resource, id: dup.id, reason: 'duplicate' });
    }
    if (keep === undefined) {
      const created = await api.createWebhook({
        name: plan.name, targetUrl: plan.targetUrl, resource: want.resource, event: want.event, secret: plan.secret,
      });
      actions.push({ kind: 'created', resource: want.resource, id: created.id });
      continue;
    }
    const reason = staleReason(keep, plan);
    if (reason === undefined) {
      actions.push({ kind: 'ok', resource: want.resource, id: keep.id });
      continue;
    }
    await api.updateWebhook(keep.id, { name: plan.name, targetUrl: plan.targetUrl, secret: plan.secret, status: 'active' });
    actions.push({ kind: 'updated', resource: want.resource, id: keep.id, reason });
  }
  for (const a of actions) {
    if (a.kind !== 'ok') logger.info({ webhook: a }, `webex webhook ${a.kind}`);
  }
  return actions;
}
