import { z } from 'zod';
import type { OutsideEvent } from '../../dialogs/channel.types.js';
import type { ProductData } from '../../domain/catalog.js';
import type { SystemEvent } from '../../machines/upgrade.types.js';
import type { Clock, Ids } from '../clock.port.js';
import { StoreConflictError } from '../errors.js';
import type { HandoffCase, SalesDesk } from '../outside.port.js';
import type { SalesCaseEvent, SalesCaseRecord, Store } from '../store.port.js';
import { nameFromEmail, parseAgentCommand, type AgentCommand, type AllowedAgent } from './agent-command.js';
import { caseCard, COMMANDS_HELP } from './case-card.js';
import { SALES_ACTION_KEY, type SalesSpace, type SpaceInput, type SpacePerson } from './sales-space.port.js';

export interface SalesDeskLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SalesDeskConfig {
  store: Store;
  space: SalesSpace;
  data: ProductData;
  clock: Clock;
  ids: Ids;
  logger: SalesDeskLogger;
  /**
   * SALES_AGENTS. When given, only these people may claim or act on cases; otherwise the members of the sales
   * space may.
   */
  allowList?: AllowedAgent[];
  /** Hands an event to the customer's conversation (the engine's dispatch), bound after the engine exists. */
  dispatch: (ev: OutsideEvent) => Promise<unknown>;
}

/** The channel-neutral sales desk: the customer's side through the SalesDesk port, the agents' through handle(). */
export interface ChannelSalesDesk extends SalesDesk {
  /** A message or card action from the sales space. */
  handle(input: SpaceInput): Promise<void>;
  /** Posts the cards of open cases the space could not take when they were opened; returns how many. */
  retryPosts(): Promise<number>;
  /**
   * Ends open cases whose conversation has left the handoff (back to the bot, cancelled) and tells the agent;
   * cases younger than `graceMs` are left alone unless their conversation has moved on since. Returns how many.
   */
  reconcile(graceMs?: number): Promise<number>;
}

const UPDATE_RETRIES = 8;
/** How long an instance posting a case card holds the post: longer than a post takes, short enough to retry soon. */
const POST_CLAIM_SECONDS = 60;
/** A case is opened inside the turn that saves its id in the conversation: give that turn time to finish. */
export const RECONCILE_GRACE_MS = 60_000;
const handoffOf = z.object({
  context: z.object({ step: z.string().optional(), handoff: z.object({ caseId: z.string().optional() }).nullish() }),
});
const isOpen = (c: SalesCaseRecord): boolean => c.status === 'queued' || c.status === 'claimed';

export function createSalesDesk(cfg: SalesDeskConfig): ChannelSalesDesk {
  const { store, space, clock, ids, logger } = cfg;
  const allow = new Map((cfg.allowList ?? []).map((a) => [a.key.toLowerCase(), a]));
  const event = (kind: SalesCaseEvent['kind'], extra: Omit<SalesCaseEvent, 'at' | 'kind'> = {}): SalesCaseEvent => ({ at: clock.now(), kind, ...extra });

  /** Read-modify-write with the etag; `fn` decides on the current record (undefined: leave it as it is). */
  async function update(id: string, fn: (c: SalesCaseRecord) => SalesCaseRecord | undefined): Promise<SalesCaseRecord | undefined> {
    for (let attempt = 0; ; attempt++) {
      const cur = await store.cases.get(id);
      if (!cur) return undefined;
      const next = fn(structuredClone(cur.value));
      if (!next) return cur.value;
      try {
        await store.cases.save({ ...next, updatedAt: clock.now() }, cur.etag);
        return next;
      } catch (err) {
        if (!(err instanceof StoreConflictError) || attempt >= UPDATE_RETRIES) throw err;
      }
    }
  }

  async function position(caseId: string): Promise<number> {
    const queued = (await store.cases.list({ open: true })).filter((c) => c.status === 'queued');
    const at = queued.findIndex((c) => c.id === caseId);
    return at === -1 ? queued.length : at + 1;
  }

  /** Posts in the case's thread; the space being down costs the post, never the customer's turn. */
  async function say(c: SalesCaseRecord, markdown: string): Promise<void> {
    if (!c.thread) return;
    try {
      await space.reply(c.thread.id, { markdown });
    } catch (err) {
      logger.warn({ err, caseId: c.id, space: space.name }, 'sales space post failed');
    }
  }

  async function postCard(caseId: string): Promise<boolean> {
    const cur = await store.cases.get(caseId);
    if (!cur || cur.value.thread || !isOpen(cur.value)) return false;
    // Every instance's sweep retries unposted cases: the one that wins this claim posts, so the card goes up once.
    // A poster that dies leaves the claim to lapse, and the next sweep after that posts.
    const claim = `sales-post:${caseId}`;
    try {
      await store.records.put(claim, { at: clock.now() }, { ifAbsent: true, ttlSeconds: POST_CLAIM_SECONDS });
    } catch (err) {
      if (err instanceof StoreConflictError) return false;
      throw err;
    }
    let threadId: string;
    try {
      threadId = await space.post(caseCard(cur.value, await position(caseId), cfg.data));
    } catch (err) {
      logger.warn({ err, caseId, space: space.name }, 'case not posted to the sales space; will retry');
      await store.records.delete(claim);
      return false;
    }
    await update(caseId, (c) => ({ ...c, thread: { space: space.name, id: threadId }, events: [...c.events, event('posted')] }));
    return true;
  }

  async function authorised(person: SpacePerson): Promise<{ ok: boolean; name: string }> {
    const listed = allow.get(person.id.toLowerCase()) ?? (person.email ? allow.get(person.email.toLowerCase()) : undefined);
    const name = listed?.name ?? person.name ?? (person.email ? nameFromEmail(person.email) : person.id);
    if (allow.size > 0) return { ok: listed !== undefined, name };
    return { ok: await space.isMember(person), name };
  }

  async function tell(conversationId: string, inputId: string, ev: SystemEvent): Promise<void> {
    try {
      await cfg.dispatch({ id: `sales.${inputId}`, conversationId, event: ev });
    } catch (err) {
      logger.error({ err, conversationId, event: ev.type }, 'sales event not delivered to the conversation');
      throw err;
    }
  }

  async function findCase(input: SpaceInput): Promise<SalesCaseRecord | undefined> {
    const byValue = input.kind === 'action' && typeof input.value.caseId === 'string' ? input.value.caseId : undefined;
    if (byValue) return (await store.cases.get(byValue))?.value;
    if (!input.threadId) return undefined;
    const open = await store.cases.list({ open: true });
    return open.find((c) => c.thread?.id === input.threadId);
  }

  async function replyTo(input: SpaceInput, c: SalesCaseRecord | undefined, markdown: string): Promise<void> {
    if (c?.thread) return say(c, markdown);
    try {
      if (input.threadId) await space.reply(input.threadId, { markdown });
      else await space.post({ markdown });
    } catch (err) {
      logger.warn({ err, space: space.name }, 'sales space answer failed');
    }
  }

  async function claim(input: SpaceInput, c: SalesCaseRecord, person: SpacePerson, name: string): Promise<void> {
    // Decided inside the update, on the record as stored (two agents may press Claim at once).
    const r: { outcome: 'claimed' | 'mine' | 'taken' | 'ended' } = { outcome: 'ended' };
    const agent = { id: person.id, name, ...(person.email ? { email: person.email } : {}) };
    const after = await update(c.id, (cur) => {
      if (cur.status === 'claimed') { r.outcome = cur.agent?.id === person.id ? 'mine' : 'taken'; return undefined; }
      if (cur.status !== 'queued') { r.outcome = 'ended'; return undefined; }
      r.outcome = 'claimed';
      return { ...cur, status: 'claimed', agent, claimedAt: clock.now(), events: [...cur.events, event('claimed', { by: name })] };
    }) ?? c;
    const { outcome } = r;
    if (outcome === 'mine') return replyTo(input, after, `${name}, this case is already yours.`);
    if (outcome === 'taken') return replyTo(input, after, `${name}, ${after.agent?.name ?? 'someone'} has already claimed this case.`);
    if (outcome === 'ended') return replyTo(input, after, `This case has ended (${after.status}).`);
    await say(after, `${name} claimed the case. Replies in this thread go to the customer. ${COMMANDS_HELP}`);
    await tell(c.conversationId, input.id, { type: 'AGENT_JOINED', agentName: name });
  }

  async function command(input: SpaceInput, c: SalesCaseRecord, person: SpacePerson, name: string, cmd: Exclude<AgentCommand, { kind: 'claim' }>): Promise<void> {
    if (cmd.kind === 'note') {
      await update(c.id, (cur) => ({ ...cur, events: [...cur.events, event('note', { by: name, text: cmd.text })] }));
      return say(c, `Note saved (not sent to the customer).`);
    }
    let refusal: string | undefined;
    let next: SalesCaseRecord | undefined;
    await update(c.id, (cur) => {
      refusal = undefined;
      if (!isOpen(cur)) { refusal = `This case has ended (${cur.status}); nothing was sent.`; return undefined; }
      if (cur.status === 'queued') { refusal = `${name}, claim the case first (press Claim or write \`claim\`); nothing was sent.`; return undefined; }
      if (cur.agent?.id !== person.id) { refusal = `${name}, ${cur.agent?.name ?? 'another agent'} owns this case; nothing was sent.`; return undefined; }
      const now = clock.now();
      switch (cmd.kind) {
        case 'say': next = { ...cur, events: [...cur.events, event('agent', { by: name, text: cmd.text })] }; break;
        case 'release': {
          const { agent: _gone, ...rest } = cur;
          next = { ...rest, status: 'queued', events: [...cur.events, event('released', { by: name })] };
          break;
        }
        case 'resume': next = { ...cur, status: 'resumed', endedAt: now, ...(cmd.certificate ? { taxExempt: { certificate: cmd.certificate, approvedBy: name } } : {}),
          events: [...cur.events, event('resumed', { by: name, ...(cmd.certificate ? { text: `tax-exempt ${cmd.certificate}` } : {}) })] }; break;
        case 'close': next = { ...cur, status: 'closed', endedAt: now, events: [...cur.events, event('closed', { by: name })] }; break;
      }
      return next;
    });
    if (refusal !== undefined || !next) return replyTo(input, c, refusal ?? 'Nothing was done.');
    switch (cmd.kind) {
      case 'say': return tell(c.conversationId, input.id, { type: 'AGENT_MESSAGE', agentName: name, text: cmd.text });
      case 'release':
        await say(next, `${name} released the case: it is back in the queue.`);
        return tell(c.conversationId, input.id, { type: 'AGENT_RELEASED' });
      case 'resume':
        await say(next, cmd.certificate
          ? `${name} handed the conversation back to the bot with tax exemption ${cmd.certificate}: the order will carry no tax.`
          : `${name} handed the conversation back to the bot.`);
        return tell(c.conversationId, input.id, { type: 'AGENT_RESUMED', ...(cmd.certificate ? { taxExempt: { certificate: cmd.certificate, approvedBy: name } } : {}) });
      case 'close':
        await say(next, `${name} closed the case; the customer was told.`);
        return tell(c.conversationId, input.id, { type: 'AGENT_CLOSED', agentName: name });
    }
  }

  async function handle(input: SpaceInput): Promise<void> {
    const c = await findCase(input);
    const cmd: AgentCommand | undefined = input.kind === 'message' ? parseAgentCommand(input.text)
      : input.value[SALES_ACTION_KEY] === 'claim' ? { kind: 'claim' } : undefined;
    if (!cmd) return logger.info({ id: input.id }, 'sales space action ignored: not a desk action');
    if (!c) {
      // Top-level talk in the sales space is the team's own; only commands meant for a case get an answer.
      if (input.threadId || cmd.kind !== 'say') await replyTo(input, undefined, 'There is no open case in this thread.');
      return;
    }
    const who = await authorised(input.person);
    if (!who.ok) {
      await update(c.id, (cur) => ({ ...cur, events: [...cur.events, event('refused', { by: who.name, text: cmd.kind })] }));
      logger.warn({ caseId: c.id, person: input.person.id }, 'sales action refused: not a sales agent');
      return replyTo(input, c, `Sorry ${who.name}, only members of the sales team can claim or act on cases.`);
    }
    if (cmd.kind === 'claim') return claim(input, c, input.person, who.name);
    return command(input, c, input.person, who.name, cmd);
  }

  async function endCase(caseId: string, why: string): Promise<void> {
    // Ending twice (a retried effect, or reconcile after end) tells the agent once.
    const r = { changed: false };
    const c = await update(caseId, (cur) => {
      r.changed = isOpen(cur);
      return r.changed ? { ...cur, status: 'left', endedAt: clock.now(), events: [...cur.events, event('left', { text: why })] } : undefined;
    });
    if (c && r.changed) {
      await say(c, why === 'userCancelled'
        ? 'The customer cancelled the conversation; the case is closed.'
        : 'The customer went back to the bot; the case is closed.');
    }
  }

  async function reconcile(graceMs = RECONCILE_GRACE_MS): Promise<number> {
    let ended = 0;
    for (const c of await store.cases.list({ open: true })) {
      const conv = (await store.conversations.get(c.conversationId))?.value;
      if (!conv && clock.now() - c.openedAt < graceMs) continue;
      const parsed = handoffOf.safeParse(conv?.snapshot);
      const step = parsed.success ? parsed.data.context.step : undefined;
      const inCase = parsed.success && step === 'handoff' && parsed.data.context.handoff?.caseId === c.id;
      if (inCase || (step === 'handoff' && !parsed.data?.context.handoff?.caseId)) continue;
      if (clock.now() - c.openedAt < graceMs && (conv?.updatedAt ?? 0) <= c.openedAt) continue;
      await endCase(c.id, step === 'cancelled' ? 'userCancelled' : 'userLeft');
      ended++;
    }
    return ended;
  }

  return {
    async open(h: HandoffCase) {
      // One open case per conversation: asking twice must not queue the customer twice.
      const existing = (await store.cases.list({ conversationId: h.conversationId, open: true }))[0];
      if (existing) return { caseId: existing.id, position: await position(existing.id) };
      const user = (await store.conversations.get(h.conversationId))?.value.user;
      const customer = { ...h.customer };
      if (!customer.name && user?.name) customer.name = user.name;
      if (!customer.email && user?.email) {
        // The channel's profile, not an address the customer typed and proved: the card says where it came from.
        customer.email = user.email;
        delete customer.emailVerified;
      }
      const now = clock.now();
      const record: SalesCaseRecord = {
        id: ids.id('case'), conversationId: h.conversationId, reason: h.reason, customer, summary: h.summary, recent: h.recent,
        status: 'queued', events: [event('queued', { text: h.reason })], openedAt: now, updatedAt: now,
      };
      await store.cases.save(record);
      await postCard(record.id);
      return { caseId: record.id, position: await position(record.id) };
    },
    async relay(caseId, text) {
      await postCard(caseId);
      const c = await update(caseId, (cur) => ({ ...cur, events: [...cur.events, event('customer', { text })] }));
      if (c) await say(c, `${c.customer.name ?? 'Customer'}: ${text}`);
    },
    end: endCase,
    async callback(caseId, contact) {
      await postCard(caseId);
      const c = await update(caseId, (cur) => ({ ...cur, callbackContact: contact, events: [...cur.events, event('callback', { text: contact })] }));
      if (c) await say(c, `Nobody claimed in time: the customer asks for a callback at ${contact}. The case stays in the queue.`);
    },
    async forget(conversationId) {
      // Purged at once, not after a retention period: the customer asked for it, and a closed case has no use
      // without its conversation. The agent of an open case is told first, in the thread, without the reason's details.
      const all = await store.cases.list({ conversationId });
      for (const c of all) {
        if (isOpen(c)) {
          await update(c.id, (cur) => (isOpen(cur) ? { ...cur, status: 'left', endedAt: clock.now(), events: [...cur.events, event('left', { text: 'forgotten' })] } : undefined));
          await say(c, 'The customer asked us to delete their data: the case is closed and its record purged.');
        }
        await store.cases.delete(c.id);
      }
      if (all.length > 0) logger.info({ conversationId, purged: all.length }, 'sales cases purged (forget me)');
      return all.length;
    },
    handle,
    reconcile,
    async retryPosts() {
      let posted = 0;
      for (const c of await store.cases.list({ open: true })) if (!c.thread && await postCard(c.id)) posted++;
      return posted;
    },
  };
}
