// The playground's .chat writer and card-press reading, without a browser.
import { describe, expect, it } from 'vitest';
import { pressedChoice } from '../../src/adapters/web/web-actions.js';
import { botStep, ChatLog } from '../../src/adapters/web/web-chat.js';
import { agentEvent } from '../../src/services/sales/agent-command.js';

describe('botStep', () => {
  it('writes exact lines, and patterns where links and per-run ids differ', () => {
    expect(botStep('Hello   there')).toBe('bot: = Hello there');
    // Written against the plain text the runner matches: the link once, by its text; no bold marks.
    const line = botStep('Pay here: [http://localhost:1234/pay/abc](http://localhost:1234/pay/abc) now', []);
    expect(line).toBe('bot: /^\\s*Pay\\s+here:\\s+[^\\s)\\]*]+\\s+now\\s*$/');
    const re = new RegExp(line!.slice('bot: /'.length, -1));
    expect(re.test('Pay here: http://localhost:3978/pay/xyz now')).toBe(true);
    const order = botStep('Your order **WX-1A2B3C4D** is placed.', ['WX-1A2B3C4D'])!;
    expect(new RegExp(order.slice('bot: /'.length, -1)).test('Your order WX-99999999 is placed.')).toBe(true);
    expect(order).not.toContain('\\*');
  });
});

describe('ChatLog', () => {
  it('turns a mailed code into a mail capture, and explains unprompted replies', () => {
    const log = new ChatLog({ title: 'T', locale: 'en', startedAt: Date.UTC(2026, 0, 5, 9) });
    log.account('jane@acme.com', 'Acme Inc');
    log.userSaid('jane@acme.com');
    log.mailed('Your code\n123456');
    log.userSaid('123456');
    log.botSaid('Signed in.');
    log.unprompted('payment.p1.PAYMENT_SUCCEEDED', 'event: payment succeeded', 0, 'Paid.');
    log.unprompted('payment.p1.PAYMENT_SUCCEEDED', 'event: payment succeeded', 0, 'Accept?');
    log.unprompted('timer.t1', undefined, Date.UTC(2026, 0, 5, 9, 10), 'Still there?');
    expect(log.toString('teams')).toBe([
      '# T', '@channel teams', '@locale en', '@now 2026-01-05T09:00:00.000Z', '@account jane@acme.com Acme Inc', '',
      'user: jane@acme.com', 'mail: /(?<code>\\b\\d{6}\\b)/', 'user: {{code}}', 'bot: = Signed in.',
      'event: payment succeeded', 'bot: = Paid.', 'bot: = Accept?', 'wait: 600 seconds', 'bot: = Still there?', '',
    ].join('\n'));
  });
});

describe('card presses', () => {
  it('is a click when the data names one of the message choices, else a form', () => {
    const choices = [{ label: 'Keep it', value: 'keep' }];
    expect(pressedChoice({ choice: 'keep' }, choices)?.label).toBe('Keep it');
    expect(pressedChoice({ choice: 'other' }, choices)).toBeUndefined();
    expect(pressedChoice({ choice: 'keep', city: 'Austin' }, choices)).toBeUndefined();
  });

  it('reads the agent thread commands as the sales space does', () => {
    expect(agentEvent('resume', 'Alex')).toEqual({ type: 'AGENT_RESUMED' });
    expect(agentEvent('resume tax-exempt EX-1', 'Alex')).toEqual({ type: 'AGENT_RESUMED', taxExempt: { certificate: 'EX-1', approvedBy: 'Alex' } });
    expect(agentEvent('close', 'Alex')).toEqual({ type: 'AGENT_CLOSED', agentName: 'Alex' });
    expect(agentEvent('note called back', 'Alex')).toBeUndefined();
    expect(agentEvent('Hello', 'Alex')).toEqual({ type: 'AGENT_MESSAGE', agentName: 'Alex', text: 'Hello' });
  });
});
