import type { Catalog } from '../domain/catalog.js';
import { findPlan, isSoldOnline } from '../domain/catalog.js';
import type { Step } from '../domain/types.js';
import { changeAssignments } from './upgrade.logic.js';
import type { Change, Clarify, EarlyAnswers, OrderAnswers, UpgradeContext } from './upgrade.types.js';

/** What keeps one of several answers from being applied; the rest still are. */
export type AnswersProblem =
  | { kind: 'enterprise' }
  | { kind: 'largeOrder'; count: number }
  | { kind: 'tooFew' }
  | { kind: 'annualBlocked' }
  | { kind: 'unknownPlan' };

export interface AnswersOutcome {
  /** The context with every acceptable answer applied (through the same rules as an edit). */
  next: Partial<UpgradeContext>;
  /** The fields applied, in flow order: what the bot says it understood. */
  applied: (keyof OrderAnswers)[];
  /** Whether any applied field replaced an earlier, different answer. */
  changed: boolean;
  problem?: AnswersProblem;
}

const ORDER_FIELDS = ['plan', 'renewal', 'licenses', 'callback'] as const;

/** The step that asks for a field. */
export function stepOfField(field: Clarify['field']): Step {
  return field;
}

/**
 * Several answers at once: each checked as the step itself would (a plan sold online, 1..maxOnline licences,
 * annual where it is sold), applied in flow order; the first that cannot be applied is reported, not applied.
 */
export function applyOrderAnswers(ctx: UpgradeContext, answers: OrderAnswers, catalog: Catalog, annualBlocked: boolean): AnswersOutcome {
  let cur: UpgradeContext = ctx;
  const applied: (keyof OrderAnswers)[] = [];
  let changed = false;
  let problem: AnswersProblem | undefined;
  for (const field of ORDER_FIELDS) {
    const value = answers[field];
    if (value === undefined) continue;
    const trouble = check(field, value, cur);
    if (trouble) { problem ??= trouble; continue; }
    const before = cur.answers[field];
    if (before !== undefined && before !== value) changed = true;
    if (before !== value) cur = { ...cur, ...changeAssignments(cur, { field, value } as Change, catalog) };
    applied.push(field);
  }
  const next: Partial<UpgradeContext> = {};
  for (const k of Object.keys(cur) as (keyof UpgradeContext)[]) if (cur[k] !== ctx[k]) (next as Record<string, unknown>)[k] = cur[k];
  return problem ? { next, applied, changed, problem } : { next, applied, changed };

  function check(field: (typeof ORDER_FIELDS)[number], value: string | number | boolean, at: UpgradeContext): AnswersProblem | undefined {
    if (field === 'plan') {
      const plan = findPlan(catalog, value as string);
      if (!plan) return { kind: 'unknownPlan' };
      return isSoldOnline(plan) ? undefined : { kind: 'enterprise' };
    }
    if (field === 'licenses') {
      const n = value as number;
      if (n < 1) return { kind: 'tooFew' };
      const max = findPlan(catalog, at.answers.plan)?.maxOnline ?? Math.max(...catalog.plans.map((p) => p.maxOnline));
      return n > max ? { kind: 'largeOrder', count: n } : undefined;
    }
    if (field === 'renewal' && value === 'annual' && annualBlocked) return { kind: 'annualBlocked' };
    return undefined;
  }
}

/** Later answers are kept until their step; a new value replaces an older one, field by field. */
export function mergeEarly(early: EarlyAnswers | undefined, more: EarlyAnswers | undefined): EarlyAnswers | undefined {
  if (!more) return early;
  const merged: EarlyAnswers = { ...early };
  for (const [k, v] of Object.entries(more) as [keyof EarlyAnswers, EarlyAnswers[keyof EarlyAnswers]][]) {
    if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** The early answers without one field (used when its step takes it). */
export function withoutEarly(early: EarlyAnswers | undefined, field: keyof EarlyAnswers): EarlyAnswers | undefined {
  if (!early || early[field] === undefined) return early;
  const { [field]: _used, ...rest } = early;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
