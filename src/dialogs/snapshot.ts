import { createHash } from 'node:crypto';
import { createActor, initialTransition } from 'xstate';
import { validateAddress } from '../domain/address.js';
import type { ProductData } from '../domain/catalog.js';
import { LOCALES, STEPS, type Locale, type Step } from '../domain/types.js';
import { nextStep } from '../machines/upgrade.flow.js';
import { MACHINE_VERSION, type UpgradeMachine } from '../machines/upgrade.machine.js';
import type { UpgradeContext, UpgradeInput } from '../machines/upgrade.types.js';
import type { ConversationAddress, UserRef } from './channel.types.js';
import { statePath } from './prompts/render.js';
import type { UnderstandingView } from './understanding.types.js';
import { createFaqIndex } from './understanding/faq-search.js';

export type Snapshot = ReturnType<typeof initialTransition<UpgradeMachine>>[0];

/** One conversation per space, and per person in group spaces; ids safe for Cosmos and file names. */
export function conversationKey(address: ConversationAddress, user: UserRef): string {
  const raw = `${address.channel}:${address.id}${address.group ? `:${user.id}` : ''}`;
  const safe = raw.replace(/[^A-Za-z0-9_.:-]/g, '_');
  if (safe.length <= 100 && safe === raw) return safe.replace(/:/g, '.');
  return `${address.channel}.${createHash('sha256').update(raw).digest('base64url').slice(0, 32)}`;
}

export interface Restored {
  snapshot: Snapshot;
  /** The stored state no longer exists in this machine: resumed at the nearest surviving step. */
  migrated: boolean;
}

/**
 * Revives a stored snapshot. A snapshot from another machine version, or one whose state no longer exists,
 * resumes at its recorded step (or the first unanswered one) with its answers kept, instead of throwing.
 * `owner` fills what an old or damaged context lacks (ids, locale), so rendering and effects never meet undefined.
 */
export function restoreSnapshot(
  machine: UpgradeMachine, data: ProductData, stored: unknown, version: number, onFallback: (err: unknown) => void,
  owner: UpgradeInput = { conversationId: '', userId: '', locale: 'en' },
): Restored {
  if (version === MACHINE_VERSION) {
    try {
      // input is ignored when a snapshot is given; the type requires it.
      const snap = createActor(machine, { snapshot: stored as Snapshot, input: owner }).getSnapshot();
      if (snap.status === 'active') return { snapshot: snap, migrated: false };
      onFallback(new Error(`stored snapshot restored as ${snap.status}`));
    } catch (err) {
      // The stored state no longer exists in this machine: migrate below rather than fail the turn.
      onFallback(err);
    }
  }
  const raw = (stored as { context?: unknown } | undefined)?.context;
  const old: Partial<UpgradeContext> = typeof raw === 'object' && raw !== null ? raw : {};
  const fresh = startSnapshot(machine, owner)[0].context;
  const answers = typeof old.answers === 'object' && old.answers !== null ? old.answers : {};
  const locale = (LOCALES as readonly string[]).includes(old.locale ?? '') ? old.locale : fresh.locale;
  const context: UpgradeContext = {
    ...fresh, ...old, conversationId: old.conversationId || fresh.conversationId, userId: old.userId || fresh.userId,
    locale: locale ?? fresh.locale, answers, misses: 0, pending: undefined, cartConfirmed: old.cartConfirmed === true,
    purchase: typeof old.purchase === 'number' ? old.purchase : 1,
  };
  const step: Step = old.step && (STEPS as readonly string[]).includes(old.step) && old.step !== 'handoff' ? old.step : nextStep(context, data.catalog);
  try {
    return { snapshot: machine.resolveState({ value: step, context: { ...context, step } }), migrated: true };
  } catch (err) {
    // Even the step does not resolve (a context the machine rejects): keep the answers, ask from the first open step.
    onFallback(err);
    const first = nextStep({ ...fresh, answers }, data.catalog);
    return { snapshot: machine.resolveState({ value: first, context: { ...fresh, answers, step: first } }), migrated: true };
  }
}

export function startSnapshot(machine: UpgradeMachine, input: { conversationId: string; userId: string; locale: Locale }) {
  return initialTransition(machine, input);
}

export function viewOf(snap: Snapshot, data: ProductData): UnderstandingView {
  const ctx = snap.context;
  const state = statePath(snap.value);
  let addressField: UnderstandingView['addressField'];
  if ((ctx.step === 'billingAddress' || ctx.step === 'serviceAddress') && state.endsWith('collecting') && ctx.addressDraft && Object.keys(ctx.addressDraft).length > 0) {
    const c = validateAddress(ctx.addressDraft);
    addressField = c.missing[0] ?? c.invalid[0];
  }
  const view: UnderstandingView = { step: ctx.step, state, locale: ctx.locale, addressField, pending: ctx.pending !== undefined, catalog: data.catalog };
  if (ctx.taxExempt) view.taxExemptApproved = true;
  if (data.faq) view.faq = createFaqIndex(data.faq);
  return view;
}
