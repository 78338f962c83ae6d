import { assign, raise } from 'xstate';
import type { Catalog } from '../domain/catalog.js';
import { nextStep } from './upgrade.flow.js';
import { ask, machineSetup, say } from './upgrade.setup.js';
import type { PendingEvent, UpgradeContext, UpgradeEvent } from './upgrade.types.js';

type E<T extends UpgradeEvent['type']> = Extract<UpgradeEvent, { type: T }>;

/**
 * The customer's side of the sales handoff: queued (claim timer running), callback offered, claimed (the bot only
 * relays). Agents' actions arrive as outside events from the sales desk; the bot says nothing of its own meanwhile.
 */
export function handoffStates(catalog: Catalog, claimTimeoutMs: number) {
  const opts = { claimTimeoutMs };
  /**
   * Before anyone has the case the bot still answers, so nobody writes into silence: help-page questions, where
   * the request stands, a contact left early; anything else is passed on for the agent to read on joining.
   */
  const whileWaiting = {
    ASK_QUESTION: { actions: [{ type: 'say' as const, params: ({ event }: { event: UpgradeEvent }) => ({ key: 'faq', args: { id: (event as E<'ASK_QUESTION'>).id } }) }, say('stillQueued')] },
    UNANSWERABLE: { actions: say('queueStatus') },
    HUMAN: { actions: say('queueStatus') },
    RELAY: { actions: [machineSetup.assign({ pending: undefined }), { type: 'relayToAgent' as const, params: ({ event }: { event: UpgradeEvent }) => ({ text: (event as E<'RELAY'>).text }) }, say('passedOn')] },
    CALLBACK_CONTACT: { target: '#upgrade.handoff.queued', actions: [
      { type: 'leaveCallbackContact' as const, params: ({ event }: { event: UpgradeEvent }) => ({ contact: (event as E<'CALLBACK_CONTACT'>).contact }) },
      machineSetup.assign({ handoff: ({ context, event }) => context.handoff && { ...context.handoff, contact: (event as E<'CALLBACK_CONTACT'>).contact } }), say('callbackNoted')] },
  };
  return machineSetup.createStateConfig({
    entry: [assign({ step: 'handoff', misses: 0 }), ask,
      { type: 'requestHandoff', params: ({ context }: { context: UpgradeContext }) => ({ reason: context.handoff?.reason ?? 'human' }) },
      { type: 'scheduleTimer', params: { name: 'claim', delayMs: opts.claimTimeoutMs } }],
    initial: 'queued',
    states: {
      queued: {
        on: {
          ...whileWaiting,
          TIMER_FIRED: { guard: ({ event }) => event.name === 'claim', target: 'callbackOffered' },
          KEEP_WAITING: { actions: say('keepWaiting') },
        },
      },
      callbackOffered: {
        entry: [assign({ handoff: ({ context }) => context.handoff && { ...context.handoff, status: 'callbackOffered' as const } }), say('noAgentYet'), ask],
        on: {
          ...whileWaiting,
          KEEP_WAITING: { target: 'queued', actions: [say('keepWaiting'), { type: 'scheduleTimer', params: { name: 'claim', delayMs: opts.claimTimeoutMs } }] },
        },
      },
      claimed: {},
    },
    on: {
      HANDOFF_QUEUED: { actions: [assign({ handoff: ({ context, event }) => context.handoff && { ...context.handoff, caseId: event.caseId, position: event.position, status: 'queued' as const } }), say('handoffQueued')] },
      // Talking on drops an unanswered "forget me" question, so a later "yes" to the agent cannot erase anything.
      RELAY: { actions: [assign({ pending: undefined }), { type: 'relayToAgent', params: ({ event }: { event: E<'RELAY'> }) => ({ text: event.text }) }] },
      AGENT_JOINED: { target: '.claimed', actions: [
        { type: 'say', params: ({ event }: { event: E<'AGENT_JOINED'> }) => ({ key: 'agentJoined', args: { agent: event.agentName } }) },
        assign({ handoff: ({ context, event }) => context.handoff && { ...context.handoff, agentName: event.agentName, status: 'claimed' as const } }),
        { type: 'cancelTimer', params: { name: 'claim' } }] },
      AGENT_MESSAGE: { actions: { type: 'say', params: ({ event }: { event: E<'AGENT_MESSAGE'> }) => ({ key: 'agentMessage', args: { text: event.text, agent: event.agentName } }) } },
      AGENT_RELEASED: { target: '.queued', actions: [say('agentReleased'), { type: 'scheduleTimer', params: { name: 'claim', delayMs: opts.claimTimeoutMs } }] },
      AGENT_RESUMED: { actions: [
        assign({ taxExempt: ({ context, event }) => (context.payment?.status === 'succeeded' ? context.taxExempt : event.taxExempt ?? context.taxExempt) }),
        { type: 'say', params: ({ context, event }: { context: UpgradeContext; event: E<'AGENT_RESUMED'> }) =>
          ({ key: event.taxExempt && context.payment?.status !== 'succeeded' ? 'taxExemptApproved' : 'backToBot' }) }, { type: 'cancelTimer', params: { name: 'claim' } },
        raise(({ context, event }) => ({ type: 'ROUTE' as const, to: context.handoff?.returnTo ?? nextStep(context, catalog), at: event.at })),
        assign({ handoff: undefined })] },
      AGENT_CLOSED: { target: 'cancelled', actions: [assign({ closedBySales: true, resumeStep: ({ context }) => context.handoff?.returnTo, handoff: undefined }), say('closedBySales')] },
      LEAVE_HANDOFF: { actions: [
        { type: 'endHandoff', params: ({ context }: { context: UpgradeContext }) => ({ why: 'userLeft' as const, caseId: context.handoff?.caseId }) }, { type: 'cancelTimer', params: { name: 'claim' } }, say('backToBot'),
        raise(({ context, event }) => ({ type: 'ROUTE' as const, to: context.handoff?.returnTo ?? nextStep(context, catalog), at: event.at })),
        assign({ handoff: undefined })] },
      CANCEL: { target: 'cancelled', actions: [
        { type: 'endHandoff', params: ({ context }: { context: UpgradeContext }) => ({ why: 'userCancelled' as const, caseId: context.handoff?.caseId }) }, { type: 'cancelTimer', params: { name: 'claim' } },
        assign({ resumeStep: ({ context }) => context.handoff?.returnTo, handoff: undefined })] },
      // While sales owns the conversation the bot says nothing of its own.
      HELP: {}, BACK: {}, SHOW_CART: {}, RESTART: {}, CHANGE: {}, ADJUST_LICENSES: {}, NOT_UNDERSTOOD: {}, OUT_OF_DATE: {}, YES: {}, NO: {}, START: {},
      HUMAN: {}, TAX_EXEMPT: {}, PROPOSE: {}, RESUME: {}, START_HANDOFF: {}, GIVE_ANSWERS: {}, CLARIFY: {}, ASK_QUESTION: {}, UNANSWERABLE: {},
      // Only "forget me" is proposed here: its yes or no is answered; nothing else is.
      CONFIRM_PENDING: [{ guard: 'hasPending', actions: [raise(({ context, event }) => ({ ...(context.pending as PendingEvent), at: event.at }) as UpgradeEvent), assign({ pending: undefined })] }, {}],
      REJECT_PENDING: [{ guard: 'hasPending', actions: [assign({ pending: undefined }), say('proposalRejected')] }, {}],
    },
  });
}
