import { assign } from 'xstate';
import { validateAddress } from '../domain/address.js';
import type { Address } from '../domain/types.js';
import { ask, enter, machineSetup, say } from './upgrade.setup.js';
import type { UpgradeContext } from './upgrade.types.js';
import { withoutEarly } from './upgrade.answers.js';


/** Merges what the user gave into the draft, dropping invalid fields so that exactly they are asked again. */
export function mergeAddress(draft: Partial<Address> | undefined, given: Partial<Address>): { draft: Partial<Address>; invalid: string[] } {
  const merged: Partial<Address> = { ...draft };
  for (const [k, v] of Object.entries(given) as [keyof Address, Address[keyof Address] | undefined][]) {
    if (v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)) continue;
    (merged as Record<string, unknown>)[k] = typeof v === 'string' ? v.trim() : v;
  }
  if (merged.country) merged.country = merged.country.toUpperCase();
  const { invalid } = validateAddress(merged);
  for (const f of invalid) delete merged[f];
  return { draft: merged, invalid };
}

const complete = ({ context }: { context: UpgradeContext }) => {
  const c = validateAddress(context.addressDraft ?? {});
  return c.missing.length === 0 && c.invalid.length === 0;
};

/** Billing and service address: collect (whole or field by field), confirm, commit. */
export function addressStates(
  kind: 'billingAddress' | 'serviceAddress',
  routeNext: ReturnType<typeof machineSetup.raise>,
  annualBlockedFor: (ctx: UpgradeContext, country: string | undefined) => boolean,
) {
  const commit = machineSetup.assign(({ context }) => ({
    answers: { ...context.answers, [kind]: context.addressDraft as Address },
    addressDraft: undefined,
  }));
  const blocked = ({ context }: { context: UpgradeContext }) =>
    kind === 'billingAddress' && context.answers.renewal === 'annual' && annualBlockedFor(context, context.addressDraft?.country);
  const restart = machineSetup.assign({ addressDraft: () => ({}) });
  // A billing address said before this step is the draft to confirm (valid parts only; the rest is asked).
  const start = machineSetup.assign(({ context }) => {
    const early = context.early?.[kind];
    return { addressDraft: early ? mergeAddress({}, early).draft : {}, early: withoutEarly(context.early, kind) };
  });
  const sameEarly = ({ context }: { context: UpgradeContext }) =>
    kind === 'serviceAddress' && context.early?.sameAsBilling === true && context.answers.billingAddress !== undefined;
  return machineSetup.createStateConfig({
    entry: [...enter(kind), start],
    initial: 'collecting',
    states: {
      collecting: { always: [
        { guard: sameEarly, actions: [
          assign(({ context }) => ({ answers: { ...context.answers, serviceAddress: context.answers.billingAddress }, addressDraft: undefined, early: withoutEarly(context.early, 'sameAsBilling') })),
          routeNext] },
        { guard: complete, target: 'confirming' },
      ] },
      confirming: {
        on: {
          YES: [
            { guard: blocked, target: 'annualNotSold' },
            { actions: [commit, routeNext] },
          ],
          NO: { target: 'collecting', actions: [restart, ask] },
          // "yes, and 2 new numbers in 495": the address is confirmed as a yes would, the rest applied as anywhere
          // else (raised without the yes, so it passes on up); where annual is not sold, that question comes first.
          GIVE_ANSWERS: [
            { guard: ({ context, event }) => event.confirms === true && blocked({ context }), target: 'annualNotSold' },
            { guard: ({ event }) => event.confirms === true,
              actions: [commit, machineSetup.raise(({ event }) => { const { confirms: _yes, ...rest } = event as Extract<typeof event, { type: 'GIVE_ANSWERS' }>; return rest; })] },
          ],
        },
      },
      annualNotSold: {
        // The question itself says why (its country by name), so no notice goes before it.
        entry: ask,
        on: {
          YES: { actions: [
            assign({ answers: ({ context }) => ({ ...context.answers, renewal: 'monthly' as const }), payment: undefined }),
            say('switchedToMonthly'), commit, routeNext] },
          NO: { target: 'collecting', actions: [restart, ask] },
          // "yes monthly, and drop to 10 licences": the switch and the address are taken as a yes would take them,
          // and the answers go on to be applied as anywhere else (the guard lets the raised event pass on up).
          GIVE_ANSWERS: { guard: ({ context, event }) => event.answers.renewal === 'monthly' && context.answers.renewal !== 'monthly',
            actions: [assign({ answers: ({ context }) => ({ ...context.answers, renewal: 'monthly' as const }), payment: undefined }),
              commit, machineSetup.raise(({ event }) => event)] },
        },
      },
    },
    on: {
      GIVE_ADDRESS: [
        { guard: ({ context, event }) => mergeAddress(context.addressDraft, event.address).invalid.length > 0,
          target: `.collecting`,
          actions: [
            say('addressInvalid'),
            assign({ addressDraft: ({ context, event }) => mergeAddress(context.addressDraft, event.address).draft }),
            ask] },
        { target: `.collecting`,
          actions: [assign({ addressDraft: ({ context, event }) => mergeAddress(context.addressDraft, event.address).draft }), ask] },
      ],
      ...(kind === 'serviceAddress'
        ? { SAME_AS_BILLING: [
            { guard: ({ context }) => context.answers.billingAddress !== undefined,
              actions: [assign({ answers: ({ context }) => ({ ...context.answers, serviceAddress: context.answers.billingAddress }), addressDraft: undefined }), routeNext] },
          ] }
        : {}),
    },
  });
}
