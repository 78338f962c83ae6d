import { createHash } from 'node:crypto';
import { createActor, initialTransition } from 'xstate';
import { validateAddress } from '../domain/address.js';
import type { ProductData } from '../domain/catalog.js';
import { STEPS, type Locale, type Step } from '../domain/types.js';
import { nextStep } from '../machines/upgrade.flow.js';
import { MACHINE_VERSION, type UpgradeMachine } from '../machines/upgrade.machine.js';
import type { UpgradeContext } from '../machines/upgrade.types.js';
import type { ConversationAddress, UserRef } from './channel.types.js';
import { statePath } from './prompts/render.js';
import type { UnderstandingView } from './understanding.types.js';

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
 */
export function restoreSnapshot(
  machine: UpgradeMachine, data: ProductData, stored: unknown, version: number, onFallback: (err: unknown) => void,
): Restored {
  if (version === MACHINE_VERSION) {
    try {
      // input is ignored when a snapshot is given; the type requires it.
      const snap = createActor(machine, { snapshot: stored as Snapshot, input: { conversationId: '', userId: '', locale: 'en' } }).getSnapshot();
      if (snap.status === 'active') return { snapshot: snap, migrated: false };
    } catch (err) {
      // The stored state no longer exists in this machine: migrate below rather than fail the turn.
      onFallback(err);
    }
  }
  const old = (stored as { context?: Partial<UpgradeContext> } | undefined)?.context ?? {};
  const context = { ...(old as UpgradeContext), answers: old.answers ?? {}, misses: 0, pending: undefined, cartConfirmed: old.cartConfirmed ?? false, purchase: old.purchase ?? 1 };
  const step: Step = old.step && (STEPS as readonly string[]).includes(old.step) && old.step !== 'handoff' ? old.step : nextStep(context, data.catalog);
  const snapshot = machine.resolveState({ value: step, context: { ...context, step } });
  return { snapshot, migrated: true };
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
  return { step: ctx.step, state, locale: ctx.locale, addressField, pending: ctx.pending !== undefined, catalog: data.catalog };
}
