import { initialTransition, transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { createTranscriptBot } from '../../src/adapters/transcript/harness.js';
import type { BotMessage, TranscriptBot } from '../../src/adapters/transcript/harness.types.js';
import { STEPS, type Locale, type Step } from '../../src/domain/types.js';
import { settleBeforeUserEvent } from '../../src/machines/upgrade.logic.js';
import type { SystemEvent, UpgradeEvent, UserEvent } from '../../src/machines/upgrade.types.js';
import { INPUT, machine, shortestByStep, SYSTEM_EVENTS, T0, type Snap } from '../machines/drive.js';

/**
 * Model-based paths through the REAL turn engine: xstate/graph finds the shortest event path to every step of the
 * pure machine; each path becomes a conversation (what a person types, in English or Russian, plus the outside events
 * of the payment page, provisioning and the sales desk) played through understanding, effects, store and prompts.
 * The engine must land on the model's step, and every message it sends must be rendered in the user's language.
 */
const AT = T0 + 60_000;
const ev = (e: UserEvent | SystemEvent) => ({ ...e, at: AT }) as UpgradeEvent;
const ADDRESS = { lines: ['100 Congress Ave'], city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' };

function events(s: Snap): UpgradeEvent[] {
  const c = s.context;
  return [
    ev({ type: 'CHOOSE_PLAN', plan: 'suite' }), ev({ type: 'CHOOSE_PLAN', plan: 'meet' }), ev({ type: 'CHOOSE_PLAN', plan: 'enterprise' }),
    ev({ type: 'CHOOSE_RENEWAL', renewal: 'annual' }), ev({ type: 'SET_LICENSES', count: 25 }), ev({ type: 'SET_CALLBACK', value: true }),
    ev({ type: 'CHECKOUT' }), ev({ type: 'GIVE_EMAIL', email: 'jane@acme.com' }), ev({ type: 'GIVE_CODE', codeHash: 'h' }),
    ev({ type: 'GIVE_ADDRESS', address: ADDRESS }), ev({ type: 'SAME_AS_BILLING' }),
    ev({ type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 2, area: '512', port: [] } }),
    ev({ type: 'YES' }), ev({ type: 'NO' }), ev({ type: 'CANCEL' }), ev({ type: 'HUMAN' }), ev({ type: 'CONFIRM_PENDING' }),
    ev({ type: 'ACCOUNT_FOUND', email: c.answers.email ?? 'jane@acme.com' }), ev({ type: 'CODE_SENT', codeHash: 'h', expiresAt: AT + 600_000 }),
    ev({ type: 'SITE_URL_CHECKED', name: c.siteCandidate ?? 'acme', available: true }),
    ev({ type: 'PAYMENT_LINK_CREATED', paymentId: 'p1', url: 'http://localhost/pay/t', expiresAt: AT + 3_600_000 }),
    ev({ type: 'PAYMENT_SUCCEEDED', paymentId: 'p1' }), ev({ type: 'ORDER_PLACED', orderId: 'o1' }), ev({ type: 'PROVISIONING_COMPLETE' }),
    ev({ type: 'HANDOFF_QUEUED', caseId: 'k1', position: 1 }),
  ];
}
const serializeState = (s: Snap) => JSON.stringify({ v: s.value, code: s.context.verification !== undefined, pay: s.context.payment?.status ?? null, pending: s.context.pending !== undefined });

/** What a person would type for a user event, per language. */
const SAY: Record<Locale, Partial<Record<UserEvent['type'], string>>> = {
  en: { CHECKOUT: 'checkout', GIVE_EMAIL: 'jane@acme.com', SAME_AS_BILLING: 'same as billing', GIVE_CALLING_PLAN: '2 new numbers in 512',
    YES: 'yes', NO: 'no', CONFIRM_PENDING: 'yes', REJECT_PENDING: 'no', HELP: 'help', BACK: 'back', SHOW_CART: 'cart', RESTART: 'start over',
    CANCEL: 'cancel', RESUME: 'resume', HUMAN: 'can I talk to a person', TAX_EXEMPT: 'we are a non-profit', GIVE_ADDRESS: '100 Congress Ave, Austin, TX 78701, USA' },
  ru: { CHECKOUT: 'оформить заказ', GIVE_EMAIL: 'jane@acme.com', SAME_AS_BILLING: 'такой же', GIVE_CALLING_PLAN: '2 новых номера, код 512',
    YES: 'да', NO: 'нет', CONFIRM_PENDING: 'да', REJECT_PENDING: 'нет', HELP: 'помощь', BACK: 'назад', SHOW_CART: 'корзина', RESTART: 'начать заново',
    CANCEL: 'отмена', RESUME: 'продолжить', HUMAN: 'позовите человека', TAX_EXEMPT: 'мы некоммерческая организация', GIVE_ADDRESS: '100 Congress Ave, Austin, TX 78701, USA' },
};

function utterance(e: UpgradeEvent, locale: Locale, bot: TranscriptBot): string {
  switch (e.type) {
    case 'CHOOSE_PLAN': return { suite: 'Suite', meet: 'Meet', enterprise: 'Enterprise' }[e.plan] ?? e.plan;
    case 'CHOOSE_RENEWAL': return locale === 'ru' ? 'ежегодно' : 'annual';
    case 'SET_LICENSES': return String(e.count);
    case 'SET_CALLBACK': return locale === 'ru' ? 'да' : 'yes';
    case 'GIVE_CODE': {
      const code = /\b(\d{6})\b/.exec(bot.mailsSince(0).at(-1)?.text ?? '')?.[1];
      if (!code) throw new Error('no code was mailed');
      return code;
    }
    default: {
      const t = SAY[locale][e.type as UserEvent['type']];
      if (!t) throw new Error(`no utterance for ${e.type}`);
      return t;
    }
  }
}

/** Plays a model path through the real bot; returns the bot and every message it sent. */
async function play(path: { steps: { event: { type: string } }[] }, locale: Locale) {
  const bot = await createTranscriptBot({ channel: 'console', locale, user: { email: 'jane@acme.com' }, accounts: [{ email: 'jane@acme.com', organisation: 'Acme' }], now: T0 });
  const sent: BotMessage[] = [];
  for (const { event } of path.steps.slice(1)) {
    const e = event as UpgradeEvent;
    if (e.type === 'PAYMENT_SUCCEEDED') sent.push(...await bot.event('payment succeeded'));
    else if (e.type === 'PROVISIONING_COMPLETE') sent.push(...await bot.event('provisioning complete'));
    else if (SYSTEM_EVENTS.has(e.type)) continue; // the engine's own effects produce these
    else sent.push(...await bot.userSays(utterance(e, locale, bot)));
  }
  return { bot, sent };
}

/** The model's step after the path, as the engine would settle user events. */
function modelStep(path: { steps: { event: { type: string } }[] }): Step {
  let [snap] = initialTransition(machine, INPUT);
  for (const { event } of path.steps.slice(1)) {
    if (!SYSTEM_EVENTS.has(event.type)) snap = { ...snap, context: settleBeforeUserEvent(snap.context, event.type) } as Snap;
    [snap] = transition(machine, snap, event as UpgradeEvent);
  }
  return snap.context.step;
}

const paths = getShortestPaths(machine, { input: INPUT, events, serializeState: serializeState as never, limit: 20_000 });
const byStep = shortestByStep(paths);
const CYRILLIC = /[а-яё]/i;

describe('model paths through the real turn engine', () => {
  it('the model reaches every step', () => {
    expect([...byStep.keys()].sort()).toEqual([...STEPS].sort());
  });

  for (const locale of ['en', 'ru'] as const) {
    it.each([...byStep.keys()])(`${locale}: the shortest path to %s lands there, every message in ${locale}`, async (step) => {
      const path = byStep.get(step)!;
      expect(modelStep(path)).toBe(step);
      const { bot, sent } = await play(path, locale);
      try {
        // The engine settles the order placement within the turn, so `placing` is passed through to `provisioning`.
        const landed = step === 'placing' ? 'provisioning' : step;
        expect(bot.step(), `after ${path.steps.map((s) => s.event.type).join(' > ')}`).toBe(landed);
        if (step === 'placing') expect(bot.order()?.status).toBe('placed');
        for (const m of sent) {
          expect(m.text.trim().length).toBeGreaterThan(0);
          if (locale === 'ru') expect(m.text, 'a Russian conversation gets Russian replies').toMatch(CYRILLIC);
          else expect(m.text.replace(/ООО|Иван|Ромашка/g, ''), 'an English conversation gets English replies').not.toMatch(CYRILLIC);
        }
      } finally {
        await bot.close();
      }
    });
  }

  const COMMANDS: UserEvent['type'][] = ['HELP', 'BACK', 'SHOW_CART', 'RESTART', 'CANCEL', 'HUMAN', 'TAX_EXEMPT'];
  const AT_STEPS: Step[] = ['plan', 'renewal', 'licenses', 'callback', 'cart', 'email', 'verify', 'billingAddress', 'serviceAddress', 'callingPlan', 'siteUrl', 'payment', 'consent'];
  it.each(AT_STEPS.flatMap((s) => COMMANDS.map((c) => [s, c] as const)))('at %s, %s leads where the model says', async (step, command) => {
    const base = byStep.get(step)!;
    const path = { steps: [...base.steps, { event: ev({ type: command } as UserEvent) }] };
    const expected = modelStep(path);
    const { bot, sent } = await play(path, 'en');
    try {
      expect(bot.step()).toBe(expected);
      expect(sent.length, 'every command gets an answer').toBeGreaterThan(0);
    } finally {
      await bot.close();
    }
  });
});
