import { assign, raise } from 'xstate';
import type { Catalog } from '../domain/catalog.js';
import { mergeEarly, withoutEarly } from './upgrade.answers.js';
import { nextStep } from './upgrade.flow.js';
import { ask, enter, machineSetup, say } from './upgrade.setup.js';
import { CODE_MAX_TRIES, type UpgradeContext, type UpgradeEvent } from './upgrade.types.js';

type E<T extends UpgradeEvent['type']> = Extract<UpgradeEvent, { type: T }>;

const sendCode = { type: 'sendCode', params: ({ context }: { context: UpgradeContext }) => ({ email: context.answers.email ?? '' }) } as const;
const recordFailure = { type: 'recordCodeFailure', params: ({ context }: { context: UpgradeContext }) => ({ email: context.answers.email ?? '' }) } as const;
const sayNoAccount = { type: 'say', params: ({ context }: { context: UpgradeContext }) => ({ key: 'accountNotFound', args: { email: context.answers.email ?? '' } }) } as const;

/** The code out is for the address now asked about (codes stored before `email` was kept are not). */
const sameAddress = (context: UpgradeContext): boolean =>
  context.verification?.email !== undefined && context.verification.email === context.answers.email;

/** The email step: every address gets the same answer (on to verify, a code) until its code proves it. */
export function emailState(catalog: Catalog, routeNext: ReturnType<typeof machineSetup.raise>) {
  return machineSetup.createStateConfig({
    entry: enter('email'),
    initial: 'asking',
    states: {
      // An email said before this step is looked up at once (once: a miss asks as usual).
      // Not while the same message still routes elsewhere (an order change said with the email goes to the cart first).
      asking: { always: { guard: ({ context }) => context.early?.email !== undefined && nextStep(context, catalog) === 'email', target: 'lookingUp', actions: [
        assign(({ context }) => ({ answers: { ...context.answers, email: context.early?.email }, early: withoutEarly(context.early, 'email') })),
        { type: 'lookupAccount', params: ({ context }: { context: UpgradeContext }) => ({ email: context.answers.email ?? '' }) }] } },
      lookingUp: {
        on: {
          // Found or not, the answer is the same (a code goes to the address): whether an address has an account
          // is said only to whoever proves it is theirs (see verify).
          ACCOUNT_FOUND: { guard: ({ context, event }) => event.email === context.answers.email,
            actions: [assign({ account: ({ event }) => ({ email: event.email, name: event.name, organisation: event.organisation }) }), routeNext] },
          ACCOUNT_NOT_FOUND: [
            // Proven already in this conversation: nothing to hide from this user.
            { guard: ({ context, event }) => event.email === context.answers.email && context.verifiedEmail === event.email, target: 'asking',
              actions: [assign({ account: ({ event }) => ({ email: event.email, missing: true as const }) }), sayNoAccount, ask] },
            { guard: ({ context, event }) => event.email === context.answers.email,
              actions: [assign({ account: ({ event }) => ({ email: event.email, missing: true as const }) }), routeNext] },
          ],
          EFFECT_FAILED: { target: 'asking', actions: [say('tryLater'), ask] },
        },
      },
    },
    on: {
      // "jane@acme.com, and the billing address is ...", "jane@acme.com, site acme-team": the email is this step's
      // answer (looked up now), the rest kept for its step; with order answers the cart goes first (root).
      GIVE_ANSWERS: { guard: ({ event }) => event.early?.email !== undefined && Object.keys(event.answers).length === 0 && event.clarify === undefined,
        actions: [
          assign(({ context, event }) => ({ early: mergeEarly(context.early, withoutEarly(event.early, 'email')) })),
          { type: 'say' as const, params: ({ event }: { event: E<'GIVE_ANSWERS'> }) => (event.question ? { key: 'faq', args: { id: event.question } } : { key: 'none' }) },
          raise(({ event }) => ({ type: 'GIVE_EMAIL' as const, email: (event as E<'GIVE_ANSWERS'>).early?.email ?? '', at: event.at }))] },
      GIVE_EMAIL: { target: '.lookingUp', actions: [
        assign(({ context, event }) => ({
          answers: { ...context.answers, email: event.email },
          account: context.account?.email === event.email ? context.account : undefined,
        })),
        { type: 'lookupAccount', params: ({ event }: { event: E<'GIVE_EMAIL'> }) => ({ email: event.email }) },
      ] },
    },
  });
}

/**
 * The verify step: a code mailed, 3 tries per code (a resend keeps them). Codes and wrong codes are bounded outside
 * the machine, per email and conversation: sendCode and recordCodeFailure answer CODE_LIMITED past a limit.
 */
export function verifyState(routeNext: ReturnType<typeof machineSetup.raise>) {
  return machineSetup.createStateConfig({
    // Back here for the same address (typed again, or back and on): its code and tries stay until the new code.
    entry: [...enter('verify'), assign({ verification: ({ context }) => (sameAddress(context) ? context.verification : undefined), codeLimit: undefined }), sendCode],
    on: {
      CODE_SENT: { actions: [assign({
        verification: ({ context, event }) => ({
          codeHash: event.codeHash, expiresAt: event.expiresAt, tries: context.verification?.tries ?? 0, email: context.answers.email,
        }),
        codeLimit: undefined,
      }), say('codeSent')] },
      // A refused resend leaves the last code valid; too many wrong codes for the address void it. The prompt (asked
      // by whatever sent or checked the code) tells.
      CODE_LIMITED: { actions: [assign(({ context, event }) => ({
        codeLimit: { reason: event.reason, until: event.until },
        verification: event.reason === 'failures' ? undefined : context.verification,
      }))] },
      EFFECT_FAILED: { actions: [say('tryLater'), ask] },
      // Answered by the prompt: where the new code went, or until when none can be had.
      RESEND_CODE: { actions: [sendCode, ask] },
      // "code 240617, and make it 15 licences": the code is checked first, then the rest is applied as usual.
      GIVE_ANSWERS: { guard: ({ event }) => event.early?.codeHash !== undefined, actions: [
        raise(({ event }) => ({ type: 'GIVE_CODE' as const, codeHash: (event as E<'GIVE_ANSWERS'>).early?.codeHash ?? '', at: event.at })),
        raise(({ event }) => { const e = event as E<'GIVE_ANSWERS'>; return { ...e, early: withoutEarly(e.early, 'codeHash') }; })] },
      // "wrong email, it's jane.doe@...": the new address is looked up at the email step, and a code goes there.
      GIVE_EMAIL: { actions: [assign(({ context, event }) => ({
        early: mergeEarly(context.early, { email: event.email }), account: undefined,
        verification: event.email === context.answers.email ? context.verification : undefined,
      })),
        raise(({ event }) => ({ type: 'ROUTE' as const, to: 'email' as const, at: event.at }))] },
      GIVE_CODE: [
        // Paused: the prompt says until when, rather than "no longer valid".
        { guard: ({ context }) => context.verification === undefined && context.codeLimit !== undefined, actions: ask },
        { guard: ({ context }) => context.verification === undefined, actions: [say('codeNeedsResend'), ask] },
        { guard: ({ context, event }) => event.at > (context.verification?.expiresAt ?? 0), actions: [assign({ verification: undefined }), say('codeExpired'), ask] },
        // The address is proven: now, and only now, the user hears that it has no free account.
        { guard: ({ context, event }) => event.codeHash === context.verification?.codeHash && context.account?.missing === true,
          actions: [assign({ verifiedEmail: ({ context }) => context.answers.email, verification: undefined, codeLimit: undefined }), sayNoAccount, routeNext] },
        { guard: ({ context, event }) => event.codeHash === context.verification?.codeHash,
          actions: [assign({ verifiedEmail: ({ context }) => context.answers.email, verification: undefined, codeLimit: undefined }), say('verified'), routeNext] },
        { guard: ({ context }) => (context.verification?.tries ?? 0) + 1 >= CODE_MAX_TRIES,
          actions: [assign({ verification: undefined }), say('codeTooManyTries'), recordFailure, ask] },
        { actions: [assign({ verification: ({ context }) => context.verification && { ...context.verification, tries: context.verification.tries + 1 } }),
          say('codeWrong'), recordFailure, ask] },
      ],
    },
  });
}
