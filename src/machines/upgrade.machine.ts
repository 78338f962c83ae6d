import { assign, raise } from 'xstate';
import type { ProductData } from '../domain/catalog.js';
import { findPlan, isSoldOnline } from '../domain/catalog.js';
import { STEPS, type CallingPlan, type Step } from '../domain/types.js';
import { emailState, verifyState } from './upgrade.account.js';
import { addressStates } from './upgrade.address.js';
import { handoffStates } from './upgrade.handoff.js';
import { deriveSiteName, includesCalling, isE164, isValidSiteName, nextStep, prevStep } from './upgrade.flow.js';
import { buildOrder, changeAssignments, handoffReasonFor, orderQuote, type Pending } from './upgrade.logic.js';
import type { OrderAnswers, UpgradeContext, UpgradeEvent } from './upgrade.types.js';
import { PROVISIONING_RETRY_MS } from './upgrade.types.js';
import { ask, enter, machineSetup, say } from './upgrade.setup.js';
import { mergeEarly, withoutEarly } from './upgrade.answers.js';
import { understoodTransitions } from './upgrade.understood.js';

/** Bump when states are renamed or removed; stored conversations record it (see dialogs/migrate). */
export const MACHINE_VERSION = 1;

export interface UpgradeMachineOptions extends ProductData {
  /** How long a handoff waits for an agent before the user is offered a callback. */
  claimTimeoutMs: number;
}

type E<T extends UpgradeEvent['type']> = Extract<UpgradeEvent, { type: T }>;

/** No more new numbers than licences, and every number to port in E.164. */
function callingPlanFits(context: UpgradeContext, plan: CallingPlan): boolean {
  return plan.newNumbers >= 0 && plan.newNumbers <= (context.answers.licenses ?? 0) && plan.port.every(isE164);
}

/** A count alone, answering "2 or 3 new numbers in 812?": the area and the numbers to port of that question. */
function withAsked(context: UpgradeContext, plan: CallingPlan): CallingPlan {
  const c = context.clarify;
  if (c?.field !== 'callingPlan' || plan.area !== undefined || plan.port.length > 0) return plan;
  return { ...plan, ...(c.area !== undefined ? { area: c.area } : {}), port: c.port ?? [] };
}

export function createUpgradeMachine(opts: UpgradeMachineOptions) {
  const { catalog } = opts;
  /** Route to wherever the draft needs an answer next. */
  const routeNext = machineSetup.raise(({ context, event }) => ({ type: 'ROUTE' as const, to: nextStep(context, catalog), at: event.at }));
  const startProvisioning = {
    type: 'startProvisioning',
    params: ({ context }: { context: UpgradeContext }) => ({ orderId: context.orderId ?? '', siteUrl: context.answers.siteUrl ?? '' }),
  } as const;
  const propose = (pending: Pending, key: string, args?: Record<string, string | number>) => [
    machineSetup.assign({ pending: () => pending }), say(key, args),
  ];

  return machineSetup.createMachine({
    id: 'upgrade',
    context: ({ input }) => ({
      conversationId: input.conversationId, userId: input.userId, locale: input.locale, step: 'plan',
      answers: {}, cartConfirmed: false, purchase: 1, misses: 0,
    }),
    initial: 'plan',
    on: {
      ROUTE: STEPS.map((s) => ({ guard: ({ event }: { event: E<'ROUTE'> }) => event.to === s, target: `.${s}` })),
      START_HANDOFF: {
        target: '.handoff',
        actions: assign({
          handoff: ({ context, event }) => ({ reason: event.reason, returnTo: context.step === 'handoff' ? 'plan' : context.step, status: 'requested' as const }),
        }),
      },
      HELP: { actions: [say('help'), ask] },
      SHOW_CART: { actions: [say('cart'), ask] },
      BACK: [
        { guard: ({ context }) => prevStep(context.step, context, catalog) !== undefined,
          actions: raise(({ context, event }) => ({ type: 'ROUTE' as const, to: prevStep(context.step, context, catalog) as Step, at: event.at })) },
        { actions: [say('cannotGoBack'), ask] },
      ],
      RESTART: [
        { guard: 'locked', actions: [say('locked'), ask] },
        { target: '.plan', actions: [assign(({ context }) => freshDraft(context)), say('restarted')] },
      ],
      CANCEL: [
        { guard: 'locked', actions: [say('locked'), ask] },
        { target: '.cancelled', actions: assign({ resumeStep: ({ context }) => context.step }) },
      ],
      RESUME: { actions: [say('nothingToResume'), ask] },
      SET_LOCALE: { actions: [assign({ locale: ({ event }) => event.locale }), say('localeChanged'), ask] },
      HUMAN: { actions: propose({ type: 'START_HANDOFF', reason: 'human' }, 'confirmHandoff', { reason: 'human' }) },
      // Understood at every step, in handoff too; the data goes only after a yes (placed orders stay on record).
      FORGET_ME: { actions: propose({ type: 'ERASE_DATA' }, 'confirmForget') },
      ERASE_DATA: { actions: { type: 'forgetMe', params: {} } },
      // The turn engine deletes the conversation after this reply is delivered (see dialogs/engine).
      FORGOTTEN: [{ guard: ({ event }) => event.ok, actions: say('forgotten') }, { actions: [say('tryLater'), ask] }],
      TAX_EXEMPT: [
        // A paid order's amount is final: exemption then goes through sales outside this order.
        { guard: 'locked', actions: [say('locked'), ask] },
        { actions: propose({ type: 'START_HANDOFF', reason: 'taxExempt' }, 'confirmHandoff', { reason: 'taxExempt' }) },
      ],
      CARD_NUMBER: { actions: [say('cardNumber'), ask] },
      NOT_UNDERSTOOD: [
        { guard: ({ context }) => context.misses >= 1, actions: [assign({ misses: ({ context }) => context.misses + 1 }), say('examples'), ask] },
        { actions: [assign({ misses: ({ context }) => context.misses + 1 }), say('notUnderstood'), ask] },
      ],
      OUT_OF_DATE: { actions: [say('outOfDate'), ask] },
      PROPOSE: { actions: [assign({ pending: ({ event }) => event.proposal }), say('confirmProposal')] },
      CONFIRM_PENDING: [
        // "yes but make it 30" to "Did you mean 20?", or to "Shall I connect you with sales?" after 150 licences: the
        // answers said with the yes replace the proposal; otherwise ("да, и на год" to "Did you mean Suite?") the
        // proposal is taken and they are applied after it.
        { guard: ({ context, event }) => context.pending !== undefined && event.more !== undefined && replacesProposal(context.pending, event.more.answers), actions: [
          assign({ pending: undefined }), raise(({ event }) => ({ type: 'GIVE_ANSWERS' as const, ...(event as E<'CONFIRM_PENDING'>).more!, at: event.at }))] },
        { guard: ({ context, event }) => context.pending !== undefined && event.more !== undefined, actions: [
          raise(({ context, event }) => ({ ...(context.pending as Pending), at: event.at }) as UpgradeEvent), assign({ pending: undefined }),
          raise(({ event }) => ({ type: 'GIVE_ANSWERS' as const, ...(event as E<'CONFIRM_PENDING'>).more!, at: event.at }))] },
        { guard: 'hasPending', actions: [raise(({ context, event }) => ({ ...(context.pending as Pending), at: event.at }) as UpgradeEvent), assign({ pending: undefined })] },
        { actions: ask },
      ],
      REJECT_PENDING: { actions: [assign({ pending: undefined }), say('proposalRejected'), ask] },
      CHANGE: [
        { guard: 'locked', actions: [say('locked'), ask] },
        { guard: ({ context, event }) => handoffReasonFor(catalog, event.change, context) !== undefined,
          actions: [
            assign({ requestedLicenses: ({ event, context }) => event.change.field === 'licenses' ? event.change.value : context.requestedLicenses }),
            assign({ pending: ({ context, event }) => ({ type: 'START_HANDOFF', reason: handoffReasonFor(catalog, event.change, context)! }) as Pending }),
            say('confirmHandoff', { reason: 'fromChange' }),
          ] },
        { guard: ({ event }) => event.change.field === 'licenses' && event.change.value < 1, actions: [say('licensesTooFew'), ask] },
        { guard: ({ context, event }) => event.change.field === 'renewal' && event.change.value === 'annual' && annualBlocked(context),
          actions: [say('annualNotSold'), ask] },
        // "Done: ... updated" only where there was an earlier answer; a first answer for a later step is just understood.
        { actions: [{ type: 'say', params: ({ context, event }: { context: UpgradeContext; event: E<'CHANGE'> }): { key: string; args: Record<string, string | number> } => {
          const { field } = event.change;
          const first = (field === 'plan' || field === 'renewal' || field === 'licenses' || field === 'callback') && context.answers[field] === undefined;
          return first ? { key: 'understood', args: { fields: field, changed: 0 } } : { key: 'changed', args: { field } };
        } }, assign(({ context, event }) => changeAssignments(context, event.change, catalog)), routeNext] },
      ],
      // Relative to the count so far: applied as the change to the new total (with all its checks), asked back
      // when the words leave it open, and asked for in full when there is no count yet to add to.
      ADJUST_LICENSES: [
        { guard: 'locked', actions: [say('locked'), ask] },
        { guard: ({ context }) => context.answers.licenses === undefined, actions: [say('licensesRelativeNoCount'), ask] },
        { guard: ({ event }) => event.sure, actions: raise(({ context, event }) => ({ type: 'CHANGE' as const, change: { field: 'licenses' as const, value: (context.answers.licenses as number) + event.by }, at: event.at })) },
        { actions: raise(({ context, event }) => ({ type: 'PROPOSE' as const, proposal: { type: 'CHANGE' as const, change: { field: 'licenses' as const, value: (context.answers.licenses as number) + event.by } }, at: event.at })) },
      ],
      ...understoodTransitions(catalog, (ctx) => annualBlocked(ctx)),
      YES: { actions: ask },
      NO: { actions: ask },
      START: { actions: ask },
      // Stale or stray results and outside events leave the conversation as it is.
      TIMER_FIRED: {}, RELAY: { actions: ask }, LEAVE_HANDOFF: { actions: ask }, CALLBACK_CONTACT: { actions: ask }, KEEP_WAITING: { actions: ask },
    },
    states: {
      plan: {
        entry: enter('plan'),
        on: {
          CHOOSE_PLAN: [
            { guard: ({ event }) => { const p = findPlan(catalog, event.plan); return p !== undefined && isSoldOnline(p); },
              actions: [assign(({ context, event }) => changeAssignments(context, { field: 'plan', value: event.plan }, catalog)), routeNext] },
            { guard: ({ event }) => findPlan(catalog, event.plan) !== undefined,
              actions: propose({ type: 'START_HANDOFF', reason: 'enterprise' }, 'confirmHandoff', { reason: 'enterprise' }) },
            { actions: [say('unknownPlan'), ask] },
          ],
        },
      },
      renewal: {
        entry: enter('renewal'),
        on: {
          CHOOSE_RENEWAL: [
            { guard: ({ context, event }) => event.renewal === 'annual' && annualBlocked(context), actions: [say('annualNotSold'), ask] },
            { actions: [assign({ answers: ({ context, event }) => ({ ...context.answers, renewal: event.renewal }) }), routeNext] },
          ],
        },
      },
      licenses: {
        entry: enter('licenses'),
        on: {
          SET_LICENSES: [
            { guard: ({ event }) => event.count < 1, actions: [say('licensesTooFew'), ask] },
            { guard: ({ context, event }) => event.count > maxOnline(context),
              actions: [assign({ requestedLicenses: ({ event }) => event.count }),
                assign({ pending: { type: 'START_HANDOFF', reason: 'largeOrder' } as Pending }),
                say('confirmHandoff', { reason: 'largeOrder' })] },
            { actions: [assign({ answers: ({ context, event }) => ({ ...context.answers, licenses: event.count }) }), routeNext] },
          ],
        },
      },
      callback: {
        entry: enter('callback'),
        on: {
          SET_CALLBACK: { actions: [assign({ answers: ({ context, event }) => ({ ...context.answers, callback: event.value }) }), routeNext] },
          YES: { actions: [assign({ answers: ({ context }) => ({ ...context.answers, callback: true }) }), routeNext] },
          NO: { actions: [assign({ answers: ({ context }) => ({ ...context.answers, callback: false }) }), routeNext] },
        },
      },
      cart: {
        entry: enter('cart'),
        on: {
          CHECKOUT: { actions: [assign({ cartConfirmed: true }), routeNext] },
          YES: { actions: [assign({ cartConfirmed: true }), routeNext] },
          // The email the next step asks for, typed at the cart with nothing else to apply: checking out with it.
          GIVE_ANSWERS: { guard: ({ event }) => Object.keys(event.answers).length === 0 && event.clarify === undefined && event.question === undefined && event.early?.email !== undefined,
            actions: [assign(({ context, event }) => ({ cartConfirmed: true, early: mergeEarly(context.early, event.early) })), routeNext] },
        },
      },
      email: emailState(catalog, routeNext),
      verify: verifyState(routeNext),
      billingAddress: addressStates('billingAddress', routeNext, (ctx, country) => annualBlockedIn(ctx, country)),
      serviceAddress: addressStates('serviceAddress', routeNext, () => false),
      callingPlan: {
        entry: enter('callingPlan'),
        // Numbers said before this step are taken when it comes (once: numbers that cannot be had are asked again).
        always: [
          { guard: ({ context }) => context.early?.callingPlan !== undefined && nextStep(context, catalog) === 'callingPlan' && callingPlanFits(context, context.early.callingPlan),
            actions: [assign(({ context }) => ({ answers: { ...context.answers, callingPlan: context.early?.callingPlan }, early: withoutEarly(context.early, 'callingPlan') })), routeNext] },
          { guard: ({ context }) => context.early?.callingPlan !== undefined && nextStep(context, catalog) === 'callingPlan',
            actions: [assign(({ context }) => ({ early: withoutEarly(context.early, 'callingPlan') })), say('callingPlanInvalid'), ask] },
        ],
        on: {
          GIVE_CALLING_PLAN: [
            { guard: ({ context, event }) => !callingPlanFits(context, event.callingPlan), actions: [say('callingPlanInvalid'), ask] },
            { actions: [assign({ answers: ({ context, event }) => ({ ...context.answers, callingPlan: withAsked(context, event.callingPlan) }), clarify: undefined }), routeNext] },
          ],
        },
      },
      siteUrl: {
        entry: [...enter('siteUrl'),
          // A name said earlier is checked and offered for a yes (it was read from a longer message, so it is confirmed).
          assign(({ context }) => {
            const early = context.early?.siteUrl;
            const usable = context.answers.siteUrl === undefined && early !== undefined && isValidSiteName(early);
            return { siteCandidate: context.answers.siteUrl ?? (usable ? early : deriveSiteName(context.answers.email ?? '')), siteTyped: false, early: withoutEarly(context.early, 'siteUrl') };
          }),
          { type: 'checkSiteUrl', params: ({ context }: { context: UpgradeContext }) => ({ name: context.siteCandidate ?? '' }) }],
        initial: 'checking',
        states: {
          checking: {
            on: {
              SITE_URL_CHECKED: [
                { guard: ({ context, event }) => event.name !== context.siteCandidate },
                { guard: ({ context, event }) => event.available && context.siteTyped === true,
                  actions: [assign({ answers: ({ context, event }) => ({ ...context.answers, siteUrl: event.name }) }), say('siteChosen'), routeNext] },
                { guard: ({ event }) => event.available, target: 'offering' },
                { guard: ({ event }) => event.suggestion !== undefined, target: 'offering',
                  actions: [{ type: 'say', params: ({ event }: { event: E<'SITE_URL_CHECKED'> }) => ({ key: 'siteTaken', args: { suggestion: 1, name: event.name, free: event.suggestion ?? '' } }) }, assign({ siteCandidate: ({ event }) => event.suggestion, siteTyped: false })] },
                { target: 'asking', actions: { type: 'say', params: ({ event }: { event: E<'SITE_URL_CHECKED'> }) => ({ key: 'siteTaken', args: { suggestion: 0, name: event.name } }) } },
              ],
              EFFECT_FAILED: { target: 'asking', actions: [say('tryLater'), ask] },
            },
          },
          offering: {
            entry: ask,
            on: {
              YES: { actions: [assign({ answers: ({ context }) => ({ ...context.answers, siteUrl: context.siteCandidate }) }), routeNext] },
              NO: { target: 'asking' },
            },
          },
          asking: { entry: ask },
        },
        on: {
          GIVE_SITE_URL: [
            { guard: ({ event }) => !isValidSiteName(event.name), actions: [say('siteInvalid'), ask] },
            { target: '.checking', actions: [assign({ siteCandidate: ({ event }) => event.name, siteTyped: true }),
              { type: 'checkSiteUrl', params: ({ event }: { event: E<'GIVE_SITE_URL'> }) => ({ name: event.name }) }] },
          ],
        },
      },
      payment: {
        entry: [...enter('payment'), {
          type: 'createPaymentLink',
          params: ({ context }: { context: UpgradeContext }) => {
            const q = orderQuote(opts, context);
            return { amountCents: q?.totalCents ?? 0, currency: q?.currency ?? catalog.currency, description: describeOrder(context) };
          },
        }],
        initial: 'creating',
        states: {
          creating: {
            on: {
              PAYMENT_LINK_CREATED: { target: 'waiting',
                actions: [assign({ payment: ({ event }) => ({ paymentId: event.paymentId, status: 'pending' as const, expiresAt: event.expiresAt }) }),
                  { type: 'say', params: ({ event }: { event: E<'PAYMENT_LINK_CREATED'> }) => ({ key: 'paymentLink', args: { url: event.url } }) }] },
              EFFECT_FAILED: { target: 'failed', actions: say('tryLater') },
            },
          },
          waiting: {
            on: {
              PAYMENT_FAILED: { guard: ({ context, event }) => event.paymentId === context.payment?.paymentId, target: 'failed',
                actions: [assign({ payment: ({ context }) => context.payment && { ...context.payment, status: 'failed' as const } }), say('paymentFailed'), ask] },
              YES: { actions: [say('paymentWaiting'), ask] },
            },
          },
          failed: { on: { YES: { target: '#upgrade.payment', reenter: true } } },
        },
        on: {
          PAYMENT_SUCCEEDED: { guard: ({ context, event }) => event.paymentId === context.payment?.paymentId,
            actions: [assign({ payment: ({ context }) => context.payment && { ...context.payment, status: 'succeeded' as const } }), say('paymentReceived'), routeNext] },
          RETRY_PAYMENT: { target: '#upgrade.payment', reenter: true },
        },
      },
      consent: {
        entry: enter('consent'),
        on: {
          YES: { actions: [assign({
            consent: ({ context, event }) => ({
              policies: opts.policies.filter((p) => !p.callingOnly || includesCalling(catalog, context)).map((p) => ({ id: p.id, version: p.version })),
              acceptedAt: event.at, userId: context.userId,
            }),
          }), say('consentRecorded'), routeNext] },
          NO: { actions: [say('consentRequired'), ask] },
        },
      },
      placing: {
        entry: [...enter('placing'), { type: 'placeOrder', params: ({ context }: { context: UpgradeContext }) => ({ order: buildOrder(opts, context) }) }],
        on: {
          ORDER_PLACED: { actions: [assign({ orderId: ({ event }) => event.orderId, placedAt: ({ event }) => event.at }), routeNext] },
          EFFECT_FAILED: { actions: say('orderFailed') },
          ...lockedEvents(),
          YES: { target: 'placing', reenter: true },
        },
      },
      provisioning: {
        entry: [...enter('provisioning'), startProvisioning],
        on: {
          PROVISIONING_COMPLETE: { target: 'done', actions: assign({ siteReady: true }) },
          // A paid order must not sit here for ever because the start (or its timer) failed: retried on a timer.
          EFFECT_FAILED: { guard: ({ event }) => event.effect === 'startProvisioning' || event.effect === 'scheduleTimer',
            actions: { type: 'scheduleTimer', params: { name: 'provisioningRetry', delayMs: PROVISIONING_RETRY_MS } } },
          TIMER_FIRED: { guard: ({ event }) => event.name === 'provisioningRetry', actions: startProvisioning },
          ...lockedEvents(),
        },
      },
      done: {
        entry: enter('done'),
        on: {
          RESTART: { target: 'plan', actions: [assign(({ context }) => freshDraft(context)), say('restarted')] },
          CANCEL: { actions: ask }, BACK: { actions: ask }, CHANGE: { actions: [say('orderPlacedAlready'), ask] }, ADJUST_LICENSES: { actions: [say('orderPlacedAlready'), ask] },
          GIVE_ANSWERS: { actions: [say('orderPlacedAlready'), ask] }, CLARIFY: { actions: [say('orderPlacedAlready'), ask] },
        },
      },
      handoff: handoffStates(catalog, opts.claimTimeoutMs),
      cancelled: {
        entry: [assign({ step: 'cancelled', misses: 0 }), ask],
        on: {
          RESUME: { actions: [assign({ closedBySales: undefined }),
            raise(({ context, event }) => ({ type: 'ROUTE' as const, to: context.resumeStep && context.resumeStep !== 'cancelled' ? context.resumeStep : nextStep(context, catalog), at: event.at }))] },
          CANCEL: { actions: ask },
        },
      },
    },
  });

  /** Whether answers said with a yes are another answer to what was proposed (its field, or what made it a handoff). */
  function replacesProposal(pending: Pending, answers: OrderAnswers): boolean {
    const said = (k: keyof OrderAnswers) => answers[k] !== undefined;
    switch (pending.type) {
      case 'START_HANDOFF': return said('plan') || said('licenses');
      case 'CHOOSE_PLAN': return said('plan');
      case 'CHOOSE_RENEWAL': return said('renewal');
      case 'SET_LICENSES': return said('licenses');
      case 'SET_CALLBACK': return said('callback');
      case 'CHANGE': return pending.change.field in answers;
      case 'GIVE_ANSWERS': return Object.keys(answers).some((k) => k in pending.answers);
      default: return false;
    }
  }

  function maxOnline(ctx: UpgradeContext): number {
    return findPlan(catalog, ctx.answers.plan)?.maxOnline ?? Math.max(...catalog.plans.map((p) => p.maxOnline));
  }
  function annualBlockedIn(_ctx: UpgradeContext, country: string | undefined): boolean {
    return country !== undefined && catalog.annualNotSoldIn.includes(country.toUpperCase());
  }
  function annualBlocked(ctx: UpgradeContext): boolean {
    return annualBlockedIn(ctx, ctx.answers.billingAddress?.country);
  }
  function describeOrder(ctx: UpgradeContext): string {
    const plan = findPlan(catalog, ctx.answers.plan);
    return `${plan?.name.en ?? ctx.answers.plan}, ${ctx.answers.licenses} x ${ctx.answers.renewal}${ctx.answers.callback ? ' + Callback' : ''}`;
  }
  function lockedEvents() {
    const locked = { actions: [say('locked'), ask] };
    return { BACK: locked, CHANGE: locked, ADJUST_LICENSES: locked, GIVE_ANSWERS: locked, CLARIFY: locked, RESTART: locked, CANCEL: locked, NOT_UNDERSTOOD: { actions: ask }, YES: { actions: ask } };
  }
  function freshDraft(ctx: UpgradeContext): Partial<UpgradeContext> {
    return {
      answers: {}, cartConfirmed: false, purchase: ctx.purchase + 1, account: undefined, verification: undefined, verifiedEmail: undefined, codeLimit: undefined,
      addressDraft: undefined, siteCandidate: undefined, siteTyped: undefined, payment: undefined, consent: undefined, orderId: undefined,
      placedAt: undefined, siteReady: undefined, handoff: undefined, taxExempt: undefined, pending: undefined, resumeStep: undefined,
      requestedLicenses: undefined, closedBySales: undefined, early: undefined, clarify: undefined,
    };
  }
}

export type UpgradeMachine = ReturnType<typeof createUpgradeMachine>;
