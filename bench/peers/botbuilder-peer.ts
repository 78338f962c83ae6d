/**
 * The same purchase built the way Bot Framework samples build multi-turn dialogs (CoreBot/MultiTurnPrompt):
 * an ActivityHandler, a ComponentDialog with a WaterfallDialog, ChoicePrompt / ConfirmPrompt / NumberPrompt /
 * TextPrompt with validators, ConversationState on MemoryStorage, TranscriptLoggerMiddleware (the bot needs the
 * recent transcript for a sales handoff, as the engine does), driven by botbuilder's TestAdapter. It uses the
 * same domain code and simulated services as the engine (catalog and pricing, address parser, account and
 * site directories, code hashing, mailer, payment links, order store, provisioner), so the difference measured
 * is the dialog runtime and state handling, not the business logic.
 */
import {
  ActivityHandler, ActivityTypes, ConversationState, MemoryStorage, MemoryTranscriptStore, TestAdapter,
  TranscriptLoggerMiddleware, type Activity, type StatePropertyAccessor, type TurnContext,
} from 'botbuilder';
import {
  ChoicePrompt, ComponentDialog, ConfirmPrompt, Dialog, DialogSet, DialogTurnStatus, ListStyle, NumberPrompt,
  TextPrompt, WaterfallDialog, type DialogContext, type DialogState, type DialogTurnResult, type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { randomInt } from 'node:crypto';
import type { ProductData } from '../../src/domain/catalog.js';
import { formatAddress, isCompleteAddress, parseAddress } from '../../src/domain/address.js';
import { formatMoney, quote } from '../../src/domain/pricing.js';
import type { Address } from '../../src/domain/types.js';
import { toSiteName, type DirectoryData } from '../../src/services/directory/index.js';
import { createSimulatedSites } from '../../src/services/directory/index.js';
import type { AccountDirectory, Mailer, PaymentProvider, Provisioner } from '../../src/services/outside.port.js';
import type { OrderStore } from '../../src/services/store.port.js';
import { createCodeHasher } from '../../src/services/verification.js';

export interface PeerServices {
  data: ProductData;
  directory: DirectoryData;
  accounts: AccountDirectory;
  mailer: Mailer;
  payments: PaymentProvider;
  orders: OrderStore;
  provisioner: Provisioner;
  codeSecret: string;
  now(): number;
}

/** What the waterfall collects (kept in ConversationState next to the dialog stack). */
interface PurchaseState {
  plan?: string;
  renewal?: 'annual' | 'monthly';
  licenses?: number;
  callback?: boolean;
  email?: string;
  organisation?: string;
  codeHash?: string;
  codeExpiresAt?: number;
  codeTries?: number;
  billingAddress?: Address;
  serviceAddress?: Address;
  callingPlan?: { newNumbers: number; areaCode: string };
  siteUrl?: string;
  paymentId?: string;
  orderId?: string;
}

const PLAN = 'planPrompt';
const CHOICE = 'choicePrompt';
const CONFIRM = 'confirmPrompt';
const LICENSES = 'licensesPrompt';
const EMAIL = 'emailPrompt';
const CODE = 'codePrompt';
const ADDRESS = 'addressPrompt';
const CALLING = 'callingPlanPrompt';
const WAIT_PAYMENT = 'waitPayment';
const WAIT_PROVISIONED = 'waitProvisioned';
const WATERFALL = 'purchaseWaterfall';
const CODE_TTL_MS = 10 * 60_000;

/** Waits for an outside event activity (payment page, provisioning); a message meanwhile gets a reminder. */
class WaitForEventDialog extends Dialog {
  constructor(id: string, private readonly eventName: string, private readonly reminder: string) { super(id); }
  override async beginDialog(): Promise<DialogTurnResult> { return Dialog.EndOfTurn; }
  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const a = dc.context.activity;
    if (a.type === ActivityTypes.Event && a.name === this.eventName) return dc.endDialog(a.value as unknown);
    if (a.type === ActivityTypes.Message) await dc.context.sendActivity(this.reminder);
    return Dialog.EndOfTurn;
  }
}

export class PurchaseDialog extends ComponentDialog {
  private readonly sites;
  private readonly hash;

  constructor(private readonly svc: PeerServices, private readonly stateOf: StatePropertyAccessor<PurchaseState>) {
    super('purchaseDialog');
    this.sites = createSimulatedSites(svc.directory);
    this.hash = createCodeHasher(svc.codeSecret);
    const online = svc.data.catalog.plans.filter((p) => p.annualCents !== null);
    this.addDialog(new ChoicePrompt(PLAN, async (p) => p.recognized.succeeded && online.some((o) => o.id === p.recognized.value?.value)));
    this.addDialog(new ChoicePrompt(CHOICE));
    this.addDialog(new ConfirmPrompt(CONFIRM));
    this.addDialog(new NumberPrompt(LICENSES, async (p: PromptValidatorContext<number>) => {
      const n = p.recognized.value;
      return p.recognized.succeeded && n !== undefined && Number.isInteger(n) && n >= 1 && n <= 100;
    }));
    this.addDialog(new TextPrompt(EMAIL, async (p: PromptValidatorContext<string>) => this.validEmail(p)));
    this.addDialog(new TextPrompt(CODE, async (p: PromptValidatorContext<string>) => this.validCode(p)));
    this.addDialog(new TextPrompt(ADDRESS, async (p: PromptValidatorContext<string>) => {
      const a = parseAddress(p.recognized.value ?? '', 'en');
      return p.recognized.succeeded && isCompleteAddress(a);
    }));
    this.addDialog(new TextPrompt(CALLING, async (p: PromptValidatorContext<string>) => parseCallingPlan(p.recognized.value ?? '') !== undefined));
    this.addDialog(new WaitForEventDialog(WAIT_PAYMENT, 'payment', 'Waiting for your payment: use the link above.'));
    this.addDialog(new WaitForEventDialog(WAIT_PROVISIONED, 'provisioned', 'Your site is being set up; I will tell you when it is ready.'));
    this.addDialog(new WaterfallDialog(WATERFALL, [
      this.planStep.bind(this), this.renewalStep.bind(this), this.licensesStep.bind(this), this.callbackStep.bind(this),
      this.cartStep.bind(this), this.emailStep.bind(this), this.codeStep.bind(this), this.billingStep.bind(this),
      this.confirmBillingStep.bind(this), this.serviceStep.bind(this), this.callingStep.bind(this), this.siteStep.bind(this),
      this.paymentStep.bind(this), this.consentStep.bind(this), this.orderStep.bind(this), this.doneStep.bind(this),
    ]));
    this.initialDialogId = WATERFALL;
  }

  /** The samples' MainDialog.run: one DialogSet over the dialog-state accessor, continue or begin. */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const set = new DialogSet(accessor);
    set.add(this);
    const dc = await set.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty && context.activity.type === ActivityTypes.Message) await dc.beginDialog(this.id);
  }

  private async state(step: WaterfallStepContext | PromptValidatorContext<unknown>): Promise<PurchaseState> {
    return this.stateOf.get(step.context, {});
  }

  private price(s: PurchaseState): string {
    const q = quote(this.svc.data.catalog, this.svc.data.tax, {
      plan: s.plan, renewal: s.renewal, licenses: s.licenses, callback: s.callback, billingAddress: s.billingAddress,
    });
    return q ? formatMoney(q.totalCents, q.currency, 'en') : '';
  }

  private async planStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const plans = this.svc.data.catalog.plans.filter((p) => p.annualCents !== null);
    return step.prompt(PLAN, {
      prompt: `Which plan would you like? ${plans.map((p) => `${p.name.en} from ${formatMoney(p.annualCents ?? 0, this.svc.data.catalog.currency, 'en')} per license per month`).join('; ')}.`,
      retryPrompt: 'Please pick Meet, Call or Suite.',
      choices: plans.map((p) => ({ value: p.id, action: { type: 'imBack', title: p.id[0]?.toUpperCase() + p.id.slice(1), value: p.id }, synonyms: [p.name.en] })),
      style: ListStyle.suggestedAction,
    });
  }

  private async renewalStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = await this.state(step);
    s.plan = (step.result as { value: string }).value;
    return step.prompt(CHOICE, { prompt: 'Annual or monthly renewal?', choices: ['Annual', 'Monthly'], style: ListStyle.suggestedAction });
  }

  private async licensesStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = await this.state(step);
    s.renewal = (step.result as { value: string }).value === 'Annual' ? 'annual' : 'monthly';
    return step.prompt(LICENSES, { prompt: 'How many licenses (1 to 100)?', retryPrompt: 'A whole number from 1 to 100, please.' });
  }

  private async callbackStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = await this.state(step);
    s.licenses = step.result as number;
    return step.prompt(CONFIRM, { prompt: 'Add Callback (3.50 per license per month)?' });
  }

  private async cartStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = await this.state(step);
    s.callback = step.result as boolean;
    return step.prompt(CHOICE, {
      prompt: `Your cart: ${s.plan}, ${s.renewal}, ${s.licenses} licenses${s.callback ? ', Callback' : ''}: ${this.price(s)} before tax.`,
      choices: ['Checkout', 'Change', 'Cancel'], style: ListStyle.suggestedAction,
    });
  }

  private async emailStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if ((step.result as { value: string }).value !== 'Checkout') return step.endDialog();
    return step.prompt(EMAIL, { prompt: 'What is the email of your free Webex account?', retryPrompt: 'I could not find a free Webex account with that email. Try another one.' });
  }

  private async validEmail(p: PromptValidatorContext<string>): Promise<boolean> {
    const email = /[^\s@]+@[^\s@]+\.[^\s@]+/.exec(p.recognized.value ?? '')?.[0];
    if (email === undefined) return false;
    const account = await this.svc.accounts.find(email);
    if (account === undefined) return false;
    const s = await this.state(p);
    s.email = account.email;
    s.organisation = account.organisation;
    return true;
  }

  private async codeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = await this.state(step);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    s.codeHash = this.hash(step.context.activity.conversation.id)(code);
    s.codeExpiresAt = this.svc.now() + CODE_TTL_MS;
    s.codeTries = 0;
    await this.svc.mailer.send({ to: s.email ?? '', subject: 'Your Webex verification code', text: `Your code is ${code}. It expires in 10 minutes.` });
    return step.prompt(CODE, { prompt: `I sent a 6-digit code to ${s.email}. Type it here.`, retryPrompt: 'That code is not right. Try again.' });
  }

  private async validCode(p: PromptValidatorContext<string>): Promise<boolean> {
    const s = await this.state(p);
    const code = /\b\d{3}[\s-]?\d{3}\b/.exec(p.recognized.value ?? '')?.[0];
    s.codeTries = (s.codeTries ?? 0) + 1;
    if (code === undefined || (s.codeExpiresAt ?? 0) < this.svc.now()) return false;
    return this.hash(p.context.activity.conversation.id)(code) === s.codeHash;
  }

  private async billingStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.prompt(ADDRESS, { prompt: 'Your billing address (street, city, state, ZIP, country)?', retryPrompt: 'I need the street, city, postal code and country.' });
  }

  private async confirmBillingStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = await this.state(step);
    const a = parseAddress(step.result as string, 'en');
    if (!isCompleteAddress(a)) return step.replaceDialog(WATERFALL);
    s.billingAddress = a;
    return step.prompt(CONFIRM, { prompt: `Billing address: ${formatAddress(a, 'en')} (${a.postalCode}). Is that right?` });
  }

  private async serviceStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.prompt(CHOICE, { prompt: 'Where will the service be used?', choices: ['Same as billing', 'Another address'], style: ListStyle.suggestedAction });
  }

  private async callingStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = await this.state(step);
    if ((step.result as { value: string }).value === 'Same as billing') s.serviceAddress = s.billingAddress;
    return step.prompt(CALLING, { prompt: 'Calling plan: how many new numbers, and in which area code? Or port your numbers.', retryPrompt: 'For example: 2 new numbers in 512.' });
  }

  private async siteStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = await this.state(step);
    s.callingPlan = parseCallingPlan(step.result as string);
    const wanted = toSiteName(s.organisation ?? 'site');
    const check = await this.sites.check(wanted);
    s.siteUrl = check.available ? wanted : check.suggestion;
    return step.prompt(CONFIRM, { prompt: `Your site will be ${s.siteUrl}.webex.com. Keep it?` });
  }

  private async paymentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = await this.state(step);
    const q = quote(this.svc.data.catalog, this.svc.data.tax, { plan: s.plan, renewal: s.renewal, licenses: s.licenses, callback: s.callback, billingAddress: s.billingAddress });
    if (q === undefined) return step.endDialog();
    const link = await this.svc.payments.createLink({
      conversationId: step.context.activity.conversation.id, amountCents: q.totalCents, currency: q.currency, description: `Webex ${s.plan}`,
    });
    s.paymentId = link.paymentId;
    await step.context.sendActivity(`Total ${formatMoney(q.totalCents, q.currency, 'en')} including tax. Pay securely here: ${link.url}`);
    return step.beginDialog(WAIT_PAYMENT);
  }

  private async consentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const outcome = step.result as { type?: string } | undefined;
    if (outcome?.type !== 'PAYMENT_SUCCEEDED') return step.replaceDialog(WATERFALL);
    const titles = this.svc.data.policies.map((p) => p.title.en).join(', ');
    return step.prompt(CHOICE, { prompt: `Payment received. Do you accept the ${titles}?`, choices: ['I accept', 'I decline'], style: ListStyle.suggestedAction });
  }

  private async orderStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = await this.state(step);
    if ((step.result as { value: string }).value !== 'I accept') return step.endDialog();
    const conversationId = step.context.activity.conversation.id;
    const q = quote(this.svc.data.catalog, this.svc.data.tax, { plan: s.plan, renewal: s.renewal, licenses: s.licenses, callback: s.callback, billingAddress: s.billingAddress });
    const now = this.svc.now();
    const orderId = `order.${conversationId}.${s.paymentId}`;
    await this.svc.orders.create({
      id: orderId, conversationId, paymentId: s.paymentId ?? '', currency: q?.currency ?? 'USD', subtotalCents: q?.subtotalCents ?? 0,
      taxCents: q?.taxCents ?? 0, totalCents: q?.totalCents ?? 0, status: 'provisioning', placedAt: now, updatedAt: now,
      answers: { plan: s.plan, renewal: s.renewal, licenses: s.licenses, callback: s.callback, email: s.email, billingAddress: s.billingAddress, serviceAddress: s.serviceAddress, siteUrl: s.siteUrl },
      consent: { policies: this.svc.data.policies.map((p) => ({ id: p.id, version: p.version })), acceptedAt: now, userId: step.context.activity.from.id },
    });
    this.sites.claim(s.siteUrl ?? '', orderId);
    s.orderId = orderId;
    await this.svc.provisioner.start({ conversationId, orderId, siteUrl: s.siteUrl ?? '' });
    await step.context.sendActivity(`Order placed. ${s.siteUrl}.webex.com is being set up.`);
    return step.beginDialog(WAIT_PROVISIONED);
  }

  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = await this.state(step);
    if (s.orderId) await this.svc.orders.setStatus(s.orderId, 'provisioned', this.svc.now());
    await step.context.sendActivity(`Your site ${s.siteUrl}.webex.com is ready. Welcome to Webex!`);
    return step.endDialog(s);
  }
}

/** "2 new numbers in 512", "port +1 512 555 0100": what a developer would write for this one prompt. */
function parseCallingPlan(text: string): { newNumbers: number; areaCode: string } | undefined {
  const m = /(\d{1,3})\s+new\s+numbers?(?:\s+in\s+(?:area\s+code\s+)?(\d{3}))?/i.exec(text);
  if (m === null) return undefined;
  const n = Number(m[1]);
  return n >= 1 && n <= 100 ? { newNumbers: n, areaCode: m[2] ?? '' } : undefined;
}

/** The samples' DialogBot: run the dialog on messages and events, save state at the end of every turn. */
export class PurchaseBot extends ActivityHandler {
  constructor(conversationState: ConversationState, dialog: PurchaseDialog) {
    super();
    const dialogState = conversationState.createProperty<DialogState>('DialogState');
    this.onMessage(async (context, next) => { await dialog.run(context, dialogState); await next(); });
    this.onEvent(async (context, next) => { await dialog.run(context, dialogState); await next(); });
    this.onDialog(async (context, next) => { await conversationState.saveChanges(context, false); await next(); });
  }
}

export interface Peer {
  adapter: TestAdapter;
  storage: MemoryStorage;
  /** One activity in, the bot's replies out (drained from the TestAdapter's queue). */
  turn(activity: Partial<Activity>): Promise<Partial<Activity>[]>;
  /** The step names of the waterfall for a conversation (for the completion check). */
  purchaseOf(conversationId: string): Promise<PurchaseState | undefined>;
}

export function createPeer(svc: PeerServices): Peer {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const purchase = conversationState.createProperty<PurchaseState>('purchase');
  const dialog = new PurchaseDialog(svc, purchase);
  const bot = new PurchaseBot(conversationState, dialog);
  const adapter = new TestAdapter(async (context) => { await bot.run(context); });
  adapter.use(new TranscriptLoggerMiddleware(new MemoryTranscriptStore()));
  adapter.onTurnError = async (context, error) => {
    await context.sendActivity('Sorry, something went wrong.');
    throw error;
  };
  return {
    adapter, storage,
    async turn(activity) {
      await adapter.processActivity(activity);
      return adapter.activeQueue.splice(0);
    },
    async purchaseOf(conversationId) {
      const key = `test/conversations/${conversationId}/`;
      const items = await storage.read([key]);
      return (items[key] as { purchase?: PurchaseState } | undefined)?.purchase;
    },
  };
}
