/**
 * A tiny scripted TranscriptBot: enough of the flow (plan -> renewal -> licenses -> callback -> cart -> email ->
 * verify -> billingAddress) to exercise every runner semantic without the real engine. Webex/Teams get the cart
 * as an Adaptive Card, console as text with numbered choices.
 */
import type {
  BotChoice, BotMessage, SentMail, TranscriptBot, TranscriptBotFactory, TranscriptSetup,
} from '../../src/adapters/transcript/harness.types.js';

const PLANS: BotChoice[] = [
  { label: 'Webex Meet', value: 'meet' },
  { label: 'Webex Call', value: 'call' },
  { label: 'Webex Suite (Meet + Call)', value: 'suite', data: { choice: 'suite' } },
];
const PRICE: Record<string, number> = { meet: 1200, call: 1350, suite: 2250 };
const YES_NO: BotChoice[] = [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }];
const TRANSITIONS = [
  'plan -> CHOOSE_PLAN -> renewal', 'renewal -> CHOOSE_RENEWAL -> licenses', 'licenses -> SET_LICENSES -> callback',
  'callback -> SET_CALLBACK -> cart', 'cart -> CHECKOUT -> email', 'email -> GIVE_EMAIL -> verify',
  'verify -> GIVE_CODE -> billingAddress', 'billingAddress -> HELP -> billingAddress',
];

export class FakeBot implements TranscriptBot {
  stepName = 'plan';
  closed = false;
  private readonly answers: Record<string, string> = {};
  private readonly mails: SentMail[] = [];
  private readonly sales: BotMessage[] = [];
  private readonly taken: string[] = [];
  private code = '';
  private now: number;
  private timerAt: number | undefined;

  constructor(readonly setup: TranscriptSetup) {
    this.now = setup.now;
  }

  opening(): Promise<BotMessage[]> {
    return Promise.resolve(this.setup.channel === 'console' ? [] : [msg('Hi! I can upgrade your Webex.')]);
  }

  userSays(text: string): Promise<BotMessage[]> {
    return Promise.resolve(this.handle(text.trim().toLowerCase()));
  }

  userClicks(choice: BotChoice): Promise<BotMessage[]> {
    const data = choice.data?.['choice'];
    return Promise.resolve(this.handle(typeof data === 'string' ? data : choice.value));
  }

  userSubmits(value: Record<string, unknown>): Promise<BotMessage[]> {
    const licenses = value['licenses'];
    return Promise.resolve(this.handle(typeof licenses === 'number' ? String(licenses) : JSON.stringify(value)));
  }

  agentSays(): Promise<BotMessage[]> {
    return Promise.reject(new Error('sales steps are not supported yet (handoff issue)'));
  }

  agentClicks(choice: BotChoice): Promise<BotMessage[]> {
    return Promise.resolve([msg(`Agent pressed ${choice.value}`)]);
  }

  event(name: string, data?: Record<string, unknown>): Promise<BotMessage[]> {
    if (name === 'payment failed') return Promise.resolve([msg(`Payment failed: ${String(data?.['reason'] ?? 'unknown')}`)]);
    if (name === 'provisioning complete') return new Promise(() => undefined); // never idle: tests the timeout
    return Promise.resolve([msg('Payment received.')]);
  }

  advance(ms: number): Promise<BotMessage[]> {
    this.now += ms;
    if (this.timerAt !== undefined && this.now >= this.timerAt) {
      this.timerAt = undefined;
      return Promise.resolve([msg('Your code has expired.')]);
    }
    return Promise.resolve([]);
  }

  step(): string { return this.stepName.split('.')[0] ?? this.stepName; }
  stateValue(): string { return this.stepName; }
  order(): Record<string, string> | undefined {
    return Object.keys(this.answers).length === 0 ? undefined : { ...this.answers, status: 'draft' };
  }
  mailsSince(from: number): SentMail[] { return this.mails.slice(from); }
  salesSince(from: number): BotMessage[] { return this.sales.slice(from); }
  transitionsTaken(): string[] { return [...this.taken]; }
  allTransitions(): string[] { return [...TRANSITIONS]; }
  close(): Promise<void> { this.closed = true; return Promise.resolve(); }

  private go(to: string, event: string): void {
    this.taken.push(`${this.step()} -> ${event} -> ${to.split('.')[0] ?? to}`);
    this.stepName = to;
  }

  private handle(input: string): BotMessage[] {
    if (input === 'help') return [msg(`Help for ${this.step()}.`)];
    if (input === 'human') {
      this.sales.push({ text: 'New case: Jane wants a person', choices: [{ label: 'Claim', value: 'claim' }] });
      this.stepName = 'handoff.waiting';
      return [msg('A person from sales will join you.')];
    }
    switch (this.step()) {
      case 'plan': {
        const plan = PLANS.find((p) => p.value === input || input.includes(p.value));
        if (!plan) return [msg('Which plan would you like?', PLANS)];
        this.answers['plan'] = plan.value;
        this.go('renewal', 'CHOOSE_PLAN');
        return [msg(`${plan.label}, good choice.`), msg('Annual or monthly renewal?', [{ label: 'Annual', value: 'annual' }, { label: 'Monthly', value: 'monthly' }])];
      }
      case 'renewal':
        this.answers['renewal'] = input;
        this.go('licenses', 'CHOOSE_RENEWAL');
        return [msg('How many licenses?')];
      case 'licenses':
        this.answers['licenses'] = String(Number(input));
        this.go('callback', 'SET_LICENSES');
        return [msg('Add Callback?', YES_NO)];
      case 'callback': {
        this.answers['callback'] = input === 'yes' ? 'yes' : 'no';
        this.go('cart', 'SET_CALLBACK');
        const cents = Number(this.answers['licenses']) * ((PRICE[this.answers['plan'] ?? ''] ?? 0) + (input === 'yes' ? 350 : 0)) * 12;
        const total = (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
        this.answers['subtotal'] = (cents / 100).toFixed(2);
        const choices = [{ label: 'Checkout', value: 'checkout' }, { label: 'Change', value: 'change' }];
        if (this.setup.channel === 'console') return [msg(`Your cart: total ${total} USD`, choices)];
        const card = {
          type: 'AdaptiveCard', version: '1.3',
          body: [{ type: 'TextBlock', text: 'Your cart' }, { type: 'FactSet', facts: [{ title: 'Total', value: `${total} USD` }] }],
          actions: choices.map((c) => ({ type: 'Action.Submit', title: c.label, data: { choice: c.value } })),
        };
        return [{ text: 'Your cart', choices: [], card }];
      }
      case 'cart':
        this.go('email', 'CHECKOUT');
        return [msg('The email of your free Webex account?')];
      case 'email': {
        if (!this.setup.accounts.some((a) => a.email === input)) return [msg(`No Webex account for ${input}.`)];
        this.answers['email'] = input;
        this.code = String(100000 + this.mails.length * 111111);
        this.mails.push({ to: input, subject: 'Your Webex code', text: `Your code is ${this.code}. It expires in 10 minutes.` });
        this.timerAt = this.now + 10 * 60_000;
        this.go('verify', 'GIVE_EMAIL');
        return [msg(`I sent a code to ${input}.`)];
      }
      case 'verify':
        if (input !== this.code) return [msg('That code is not right.')];
        this.go('billingAddress', 'GIVE_CODE');
        return [msg('Signed in.'), msg('Your billing address?')];
      default:
        return [msg("Sorry, I didn't get that.")];
    }
  }
}

function msg(text: string, choices: BotChoice[] = []): BotMessage {
  return { text, choices };
}

/** Every bot this factory made, so tests can check they were closed. */
export const made: FakeBot[] = [];

export const createTranscriptBot: TranscriptBotFactory = (setup) => {
  const bot = new FakeBot(setup);
  made.push(bot);
  return Promise.resolve(bot);
};
