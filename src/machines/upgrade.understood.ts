import type { Catalog } from '../domain/catalog.js';
import type { Step } from '../domain/types.js';
import { nextStep } from './upgrade.flow.js';
import { applyOrderAnswers, mergeEarly, stepOfField, withoutEarly, type AnswersOutcome } from './upgrade.answers.js';
import { ask, machineSetup, say } from './upgrade.setup.js';
import type { EarlyAnswers, PendingEvent, UpgradeContext, UpgradeEvent } from './upgrade.types.js';

/**
 * Steps whose entry does something that must not repeat when a message answered there routes back to them
 * (a new code mailed, a new payment link, the site name checked again): they are stayed in, not re-entered.
 */
const STAY_IN = new Set<Step>(['verify', 'callingPlan', 'siteUrl', 'payment']);

type E<T extends UpgradeEvent['type']> = Extract<UpgradeEvent, { type: T }>;
type Args = { context: UpgradeContext; event: UpgradeEvent };
/** The machine routes only GIVE_ANSWERS here; the event union is narrowed once, in one place. */
const given = (event: UpgradeEvent) => event as E<'GIVE_ANSWERS'>;
const clarifying = (event: UpgradeEvent) => event as E<'CLARIFY'>;

/**
 * Whole-message answers, asking back and help-page questions, at every step but handoff. A message with several
 * answers is applied as far as each can be (the rest is asked or handed to sales), said back in one line, and
 * followed by the next question still open, or by the field it left unsure.
 */
export function understoodTransitions(catalog: Catalog, annualBlocked: (ctx: UpgradeContext) => boolean) {
  const outcome = ({ context, event }: Args): AnswersOutcome => applyOrderAnswers(context, given(event).answers, catalog, annualBlocked(context));
  /** Where the message leads once its answers are applied (on the context before or after the assign). */
  const target = (context: UpgradeContext, event: UpgradeEvent): Step => {
    const { clarify } = given(event);
    return clarify ? stepOfField(clarify.field) : nextStep(context, catalog);
  };
  /** "initech-hq, and switch to annual" at siteUrl: the name is that step's own answer when the message stays there. */
  const ownSiteName = (a: Args): string | undefined => {
    const name = given(a.event).early?.siteUrl;
    return a.context.step === 'siteUrl' && name !== undefined && target({ ...a.context, ...outcome(a).next }, a.event) === 'siteUrl' ? name : undefined;
  };
  /** The early answers kept: a site name taken at its own step is not kept for later, nor is a code ever. */
  const keptEarly = (a: Args): EarlyAnswers | undefined => {
    let more = withoutEarly(given(a.event).early, 'codeHash');
    if (ownSiteName(a) !== undefined) more = withoutEarly(more, 'siteUrl');
    return mergeEarly(a.context.early, more);
  };
  const problem = (kind: NonNullable<AnswersOutcome['problem']>['kind']) => (a: Args) => outcome(a).problem?.kind === kind;
  const common = [
    { type: 'say' as const, params: ({ event }: Args) => { const q = given(event).question; return q ? { key: 'faq', args: { id: q } } : { key: 'none' }; } },
    // Said before the answers are applied, so it knows which were changes; rendered with the final answers.
    { type: 'say' as const, params: (a: Args) => {
      const o = outcome(a);
      return o.applied.length > 0 ? { key: 'understood', args: { fields: o.applied.join(','), changed: o.changed ? 1 : 0 } } : { key: 'none' };
    } },
    machineSetup.assign((a: Args) => ({ ...outcome(a).next, early: keptEarly(a), clarify: given(a.event).clarify })),
  ];
  const route = machineSetup.enqueueActions(({ context, event, enqueue }) => {
    const to = target(context, event);
    const name = given(event).early?.siteUrl;
    if (to === context.step && context.step === 'siteUrl' && name !== undefined) enqueue.raise({ type: 'GIVE_SITE_URL', name, at: event.at });
    else if (to !== context.step || !STAY_IN.has(to)) enqueue.raise({ type: 'ROUTE', to, at: event.at });
  });
  const pendingHandoff = (reason: 'enterprise' | 'largeOrder') =>
    machineSetup.assign({ pending: (): PendingEvent => ({ type: 'START_HANDOFF', reason }) });

  return {
    GIVE_ANSWERS: [
      { guard: 'locked' as const, actions: [say('locked'), ask] },
      { guard: problem('enterprise'), actions: [...common, pendingHandoff('enterprise'), say('confirmHandoff', { reason: 'enterprise' })] },
      { guard: problem('largeOrder'),
        actions: [...common, machineSetup.assign({ requestedLicenses: (a: Args) => { const p = outcome(a).problem; return p?.kind === 'largeOrder' ? p.count : a.context.requestedLicenses; } }),
          pendingHandoff('largeOrder'), say('confirmHandoff', { reason: 'largeOrder' })] },
      { guard: problem('tooFew'), actions: [...common, say('licensesTooFew'), machineSetup.raise(({ event }: Args) => ({ type: 'ROUTE' as const, to: 'licenses' as const, at: event.at })), ask] },
      { guard: problem('annualBlocked'), actions: [...common, say('annualNotSold'), route, ask] },
      { guard: problem('unknownPlan'), actions: [...common, say('unknownPlan'), route, ask] },
      { actions: [...common, route, ask] },
    ],
    CLARIFY: [
      { guard: 'locked' as const, actions: [say('locked'), ask] },
      { actions: [machineSetup.assign({ clarify: ({ event }: Args) => clarifying(event).clarify }),
        machineSetup.raise(({ event }: Args) => ({ type: 'ROUTE' as const, to: stepOfField(clarifying(event).clarify.field), at: event.at })), ask] },
    ],
    ASK_QUESTION: { actions: [{ type: 'say' as const, params: ({ event }: Args) => ({ key: 'faq', args: { id: (event as E<'ASK_QUESTION'>).id } }) }, ask] },
    UNANSWERABLE: { actions: [say('unanswerable'), ask] },
  };
}
