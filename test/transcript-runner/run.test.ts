import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/adapters/transcript/parse.js';
import { runTranscript, type FileResult } from '../../src/adapters/transcript/run.js';
import { createTranscriptBot, made } from './fake-bot.js';

const HEAD = '# t\n@account jane@acme.com Acme\n';

async function run(body: string, head = HEAD, timeoutMs = 2_000): Promise<FileResult> {
  return runTranscript(parseTranscript('t.chat', head + body), createTranscriptBot, { timeoutMs });
}

/** The failure in one string, as a reader would scan it. */
async function failure(body: string, head = HEAD): Promise<string> {
  const r = await run(body, head);
  expect(r.passed).toBe(false);
  const f = r.failure;
  return f ? [`${f.at.file}:${f.at.line} ${f.raw}`, `expected ${f.expected}`, ...f.actual].join('\n') : `error: ${r.error ?? ''}`;
}

const TO_CART = `user: I want to upgrade
bot: which plan
buttons: Meet | Call | Suite
user clicks: Suite
state: renewal
user: annual
user: 25
user clicks: yes
`;
const TO_CODE = `${TO_CART}user: checkout
user: jane@acme.com
`;

describe('passing runs', () => {
  it('runs a whole flow: buttons, clicks, state, order, mail capture, {{var}}', async () => {
    const r = await run(`${TO_CODE}state: verify
mail: /(?<code>\\d{6})/
user: {{code}}
bot: signed in
bot: billing address
state: billingAddress
order: plan=suite, renewal=annual, licenses=25, callback=YES, email=jane@acme.com, subtotal=7800.00, status=draft`);
    expect(r.failure).toBeUndefined();
    expect(r.passed).toBe(true);
    expect(r.stepsReached).toEqual(['plan', 'renewal', 'licenses', 'callback', 'cart', 'email', 'verify', 'billingAddress']);
    expect(r.transitionsTaken).toContain('verify -> GIVE_CODE -> billingAddress');
    expect(r.allTransitions).toHaveLength(8);
    expect(made.at(-1)?.closed).toBe(true);
  });

  it('matches card text and clicks card actions on card channels', async () => {
    const r = await run(`bot: hi
${TO_CART}bot: /7,?800\\.00/
bot!: monthly
buttons: Checkout | Change
user clicks: checkout
state: email`, `${HEAD}@channel webex\n`);
    expect(r.failure).toBeUndefined();
  });

  it('matches bot: in order within the turn, after the previous match', async () => {
    const ok = await run('user: suite\nbot: good choice\nbot: annual or monthly');
    expect(ok.passed).toBe(true);
    expect(await failure('user: suite\nbot: annual or monthly\nbot: good choice')).toBe(
      't.chat:5 bot: good choice\nexpected a bot message in this turn after message 2 (matched by the previous bot:) that contains "good choice" (ignoring case)\n'
      + 'this turn (user: suite) produced 2 messages\n1. "Webex Suite (Meet + Call), good choice."\n2. "Annual or monthly renewal?" [choices: Annual | Monthly]');
  });

  it('clicks a button on an earlier message that still offers it', async () => {
    expect((await run('user: hi\nuser: help\nuser clicks: Webex Call\nstate: renewal')).passed).toBe(true);
  });

  it('bot!: passes when no message of the turn matches', async () => {
    expect((await run('user: suite\nbot!: error\nbot!: /\\d{6}/')).passed).toBe(true);
  });

  it('accepts nested states and dotted state paths', async () => {
    expect((await run('user: human\nstate: handoff\nstate: handoff.waiting')).passed).toBe(true);
  });

  it('wait fires due timers; event passes JSON', async () => {
    const r = await run(`${TO_CODE}wait: 9 minutes
bot!: expired
wait: 1 minute
bot: code has expired
event: payment failed {"reason": "card declined"}
bot: card declined`);
    expect(r.failure).toBeUndefined();
  });

  it('mail: moves on past the mail it matched', async () => {
    const r = await run(`${TO_CODE}mail: your webex code
mail: your webex code`);
    expect(r.failure?.expected).toBe('an email sent since the previous mail: step that contains "your webex code" (ignoring case)');
    expect(r.failure?.actual).toEqual(['0 emails since the previous mail: step']);
  });

  it('agent clicks resolve on the latest sales card; sales: matches posts', async () => {
    expect((await run('user: human\nsales: new case\nagent clicks: claim\nbot: agent pressed claim')).passed).toBe(true);
  });
});

describe('failures say what went wrong', () => {
  it('bot: with no match shows the turn', async () => {
    expect(await failure('user: suite\nbot: /monthly only/')).toBe(
      't.chat:4 bot: /monthly only/\nexpected a bot message in this turn that matches /monthly only/\n'
      + 'this turn (user: suite) produced 2 messages\n1. "Webex Suite (Meet + Call), good choice."\n2. "Annual or monthly renewal?" [choices: Annual | Monthly]');
  });

  it('bot!: names the message that matched', async () => {
    expect(await failure('user: suite\nbot!: good')).toContain('expected no bot message in this turn that contains "good" (ignoring case), but message 1 does');
  });

  it('buttons: shows what was offered, or that nothing offered choices', async () => {
    expect(await failure('user: hi\nbuttons: Meet | Suite')).toContain(
      'the latest message offering choices to offer exactly the choices Meet | Suite: expected exactly Meet | Suite, offered "Webex Meet" | "Webex Call" | "Webex Suite (Meet + Call)"');
    expect(await failure('user: suite\nuser: annual\nbuttons include: Yes')).toContain(
      'expected at least the choices Yes, but no bot message in this turn offers choices');
  });

  it('user clicks: ambiguous or absent label', async () => {
    expect(await failure('user: hi\nuser clicks: Call')).toContain(
      'expected a bot message offering "Call": "Call" is ambiguous: "Webex Call", "Webex Suite (Meet + Call)" all contain it');
    expect(await failure('user: hi\nuser clicks: Enterprise')).toContain(
      'expected a bot message offering "Enterprise", but none does (latest choices: "Webex Meet", "Webex Call", "Webex Suite (Meet + Call)")');
  });

  it('state: shows the actual step and state', async () => {
    expect(await failure('user: suite\nstate: licenses')).toContain('expected the conversation at licenses\nit is at renewal (state renewal)');
  });

  it('order: lists the wrong fields and the order', async () => {
    const f = await failure('order: plan=suite');
    expect(f).toContain('there is no order in this conversation');
    expect(await failure('user: suite\nuser: annual\norder: plan=meet, renewal=annual, licenses=5')).toContain(
      'expected the order to have plan=meet, renewal=annual, licenses=5\nplan: expected meet, got suite\nlicenses: expected 5, got (not set)\norder: plan=suite, renewal=annual, status=draft');
  });

  it('mail: shows the mails on offer', async () => {
    expect(await failure(`${TO_CODE}mail: receipt`)).toContain(
      '1 email since the previous mail: step\n1. to jane@acme.com: "Your Webex code" Your code is 100000. It expires in 10 minutes.');
  });

  it('an unknown variable fails the step', async () => {
    expect(await failure('user: {{code}}')).toBe('t.chat:3 user: {{code}}\nexpected unknown variable {{code}} (none captured yet)');
  });

  it('a bot that throws fails that step with its message (sales not supported yet)', async () => {
    expect(await failure('user: hi\nagent: hello')).toBe(
      't.chat:4 agent: hello\nexpected the step to run, but the bot threw: sales steps are not supported yet (handoff issue)');
  });

  it('sales: with nothing posted', async () => {
    expect(await failure('sales: new case')).toContain('expected a sales-space message since the previous sales: step that contains "new case" (ignoring case)\n0 sales-space messages');
  });

  it('a turn that never settles fails at its step after the timeout', async () => {
    const r = await run('event: provisioning complete', HEAD, 50);
    expect(r.failure?.at.line).toBe(3);
    expect(r.failure?.expected).toBe('the file did not finish within 50 ms (a turn never became idle)');
  });

  it('stops at the first failure and still closes the bot', async () => {
    const r = await run('state: cart\nuser: {{never}}');
    expect(r.failure?.raw).toBe('state: cart');
    expect(made.at(-1)?.closed).toBe(true);
  });

  it('a factory that throws is a file error', async () => {
    const r = await runTranscript(parseTranscript('t.chat', 'user: hi'), () => Promise.reject(new Error('no store')));
    expect(r).toMatchObject({ passed: false, error: 'could not create the bot: no store' });
  });
});
