import type { ProductData } from '../domain/catalog.js';
import { CODE_TTL_MS, type Effect, type SystemEvent, type UpgradeContext } from '../machines/upgrade.types.js';
import type { Clock } from '../services/clock.port.js';
import type { CodeLimits } from '../services/code-limits.js';
import { isAppError } from '../services/errors.js';
import type { AccountDirectory, HandoffCase, Mailer, PaymentProvider, Provisioner, SalesDesk, SiteDirectory } from '../services/outside.port.js';
import type { Store } from '../services/store.port.js';
import type { TranscriptEntry } from '../services/store.port.js';

export interface EffectServices {
  store: Store;
  accounts: AccountDirectory;
  sites: SiteDirectory & { claim?(name: string, owner?: string, holder?: string): void | Promise<void> };
  mailer: Mailer;
  payments: PaymentProvider;
  provisioner: Provisioner;
  sales: SalesDesk;
  clock: Clock;
  /** Keyed hash of a verification code for one conversation. */
  hashCode: (conversationId: string, code: string) => string;
  /** The code to mail for one conversation and one turn (the same on every instance for the same turn). */
  deriveCode: (conversationId: string, turnKey: string) => string;
  /** Codes and wrong codes per email and per conversation, counted in the store (every instance). */
  codeLimits: CodeLimits;
}

export interface EffectLog {
  warn(obj: object, msg: string): void;
}

const timerId = (conversationId: string, name: string) => `${conversationId}.${name}`;

/**
 * Who sales is told the customer is. The directory's name for an email is only theirs once a code proved the email:
 * before that it is a name anyone could get shown by typing someone else's address.
 */
function customerOf(ctx: UpgradeContext): HandoffCase['customer'] {
  const email = ctx.answers.email;
  if (email === undefined) return {};
  const verified = ctx.verifiedEmail?.toLowerCase() === email.toLowerCase();
  return { email, emailVerified: verified, ...(verified && ctx.account?.name ? { name: ctx.account.name } : {}) };
}

/** Runs one effect against the services; its result (if any) comes back as a machine event. */
export async function runEffect(
  effect: Exclude<Effect, { type: 'say' }>, ctx: UpgradeContext, svc: EffectServices, data: ProductData,
  recent: () => Promise<TranscriptEntry[]>, log: EffectLog,
  /** Identifies this effect in this turn (inbound id and position), the same wherever the turn is replayed. */
  turnKey: string,
): Promise<SystemEvent | undefined> {
  const conv = ctx.conversationId;
  try {
    switch (effect.type) {
      case 'lookupAccount': {
        const acc = await svc.accounts.find(effect.params.email);
        return acc ? { type: 'ACCOUNT_FOUND', email: effect.params.email, name: acc.name, organisation: acc.organisation } : { type: 'ACCOUNT_NOT_FOUND', email: effect.params.email };
      }
      case 'sendCode': {
        const gate = await svc.codeLimits.beforeSend(conv, effect.params.email, turnKey);
        if (!gate.ok) return { type: 'CODE_LIMITED', reason: gate.reason, until: gate.until };
        const code = svc.deriveCode(conv, turnKey);
        const ru = ctx.locale === 'ru';
        await svc.mailer.send({
          to: effect.params.email, conversationId: conv,
          subject: ru ? `Код подтверждения Webex: ${code}` : `Your Webex verification code: ${code}`,
          text: ru
            ? `Ваш код для продолжения заказа Webex: ${code}\nКод действует 10 минут. Если вы ничего не заказывали, просто проигнорируйте это письмо.`
            : `Your code to continue your Webex order: ${code}\nIt is valid for 10 minutes. If you didn't start an order, ignore this email.`,
        });
        return { type: 'CODE_SENT', codeHash: svc.hashCode(conv, code), expiresAt: svc.clock.now() + CODE_TTL_MS };
      }
      case 'recordCodeFailure': {
        const r = await svc.codeLimits.failed(conv, effect.params.email, turnKey);
        return r.blockedUntil === undefined ? undefined : { type: 'CODE_LIMITED', reason: 'failures', until: r.blockedUntil };
      }
      case 'checkSiteUrl': {
        const r = await svc.sites.check(effect.params.name, conv);
        return { type: 'SITE_URL_CHECKED', name: effect.params.name, available: r.available, ...(r.suggestion ? { suggestion: r.suggestion } : {}) };
      }
      case 'createPaymentLink': {
        const link = await svc.payments.createLink({ conversationId: conv, ...effect.params });
        return { type: 'PAYMENT_LINK_CREATED', paymentId: link.paymentId, url: link.url, expiresAt: link.expiresAt };
      }
      case 'placeOrder': {
        const o = effect.params.order;
        const now = svc.clock.now();
        const { order } = await svc.store.orders.create({
          id: o.idempotencyKey, conversationId: o.conversationId, answers: o.answers, consent: o.consent, paymentId: o.paymentId,
          ...(o.taxExempt ? { taxExempt: o.taxExempt } : {}), currency: o.currency, subtotalCents: o.subtotalCents, taxCents: o.taxCents,
          totalCents: o.totalCents, status: 'placed', placedAt: now, updatedAt: now,
        });
        if (o.answers.siteUrl) await svc.sites.claim?.(o.answers.siteUrl, o.idempotencyKey, conv);
        return { type: 'ORDER_PLACED', orderId: order.id };
      }
      case 'startProvisioning': {
        const r = await svc.provisioner.start({ conversationId: conv, ...effect.params });
        await svc.store.orders.setStatus(effect.params.orderId, 'provisioning', svc.clock.now());
        if (r.readyAfterMs !== undefined) {
          await svc.store.timers.schedule({ id: timerId(conv, 'provisioning'), conversationId: conv, name: 'provisioning', dueAt: svc.clock.now() + r.readyAfterMs });
        }
        return undefined;
      }
      case 'requestHandoff': {
        const entries = await recent();
        const r = await svc.sales.open({
          conversationId: conv, reason: effect.params.reason,
          customer: customerOf(ctx),
          summary: JSON.stringify({ answers: ctx.answers, requestedLicenses: ctx.requestedLicenses }),
          recent: entries.slice(-10).map((e) => `${e.from}: ${e.text}`),
        });
        return { type: 'HANDOFF_QUEUED', caseId: r.caseId, position: r.position };
      }
      case 'relayToAgent':
        if (ctx.handoff?.caseId) await svc.sales.relay(ctx.handoff.caseId, effect.params.text);
        return undefined;
      case 'endHandoff': {
        const caseId = effect.params.caseId ?? ctx.handoff?.caseId;
        if (caseId) await svc.sales.end(caseId, effect.params.why);
        return undefined;
      }
      case 'leaveCallbackContact':
        if (ctx.handoff?.caseId) await svc.sales.callback(ctx.handoff.caseId, effect.params.contact);
        return undefined;
      case 'scheduleTimer':
        await svc.store.timers.schedule({ id: timerId(conv, effect.params.name), conversationId: conv, name: effect.params.name, dueAt: svc.clock.now() + effect.params.delayMs });
        return undefined;
      case 'forgetMe':
        // The conversation and its transcripts are deleted by the turn engine once this turn's reply is out.
        try {
          await svc.sales.forget(conv);
          await svc.store.timers.cancel(timerId(conv, 'claim'));
          return { type: 'FORGOTTEN', ok: true };
        } catch (err) {
          log.warn({ err, effect: effect.type, conversationId: conv }, 'forget me failed; nothing deleted');
          return { type: 'FORGOTTEN', ok: false };
        }
      case 'cancelTimer':
        await svc.store.timers.cancel(timerId(conv, effect.params.name));
        return undefined;
    }
  } catch (err) {
    log.warn({ err, effect: effect.type, conversationId: conv }, 'effect failed');
    return { type: 'EFFECT_FAILED', effect: effect.type, code: isAppError(err) ? err.code : 'INTERNAL' };
  }
}
