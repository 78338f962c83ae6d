import { setup } from 'xstate';
import type { Step } from '../domain/types.js';
import type { Effect, UpgradeContext, UpgradeEvent, UpgradeInput } from './upgrade.types.js';

type P<T extends Effect['type']> = Extract<Effect, { type: T }>['params'];
// Effects are data: the actions are declared (for their types and for the engine to read back) but never run here.
const effect = <T extends Effect['type']>() => (_: unknown, _params: P<T>): void => undefined;

export const machineSetup = setup({
  types: { context: {} as UpgradeContext, events: {} as UpgradeEvent, input: {} as UpgradeInput },
  actions: {
    say: effect<'say'>(),
    lookupAccount: effect<'lookupAccount'>(),
    sendCode: effect<'sendCode'>(),
    recordCodeFailure: effect<'recordCodeFailure'>(),
    checkSiteUrl: effect<'checkSiteUrl'>(),
    createPaymentLink: effect<'createPaymentLink'>(),
    placeOrder: effect<'placeOrder'>(),
    startProvisioning: effect<'startProvisioning'>(),
    requestHandoff: effect<'requestHandoff'>(),
    relayToAgent: effect<'relayToAgent'>(),
    endHandoff: effect<'endHandoff'>(),
    leaveCallbackContact: effect<'leaveCallbackContact'>(),
    scheduleTimer: effect<'scheduleTimer'>(),
    cancelTimer: effect<'cancelTimer'>(),
    forgetMe: effect<'forgetMe'>(),
  },
  guards: {
    locked: ({ context }) => context.payment?.status === 'succeeded',
    hasPending: ({ context }) => context.pending !== undefined,
  },
});

/** Render the prompt for wherever the conversation is at the end of the turn. */
export const ask = { type: 'say', params: { key: 'ask' } } as const;
export const say = (key: string, args?: Record<string, string | number>) =>
  ({ type: 'say', params: args ? { key, args } : { key } }) as const;
/** Entering a step: remember its name, reset the misunderstanding count, ask. */
export const enter = (step: Step) => [machineSetup.assign({ step, misses: 0 }), ask] as const;
