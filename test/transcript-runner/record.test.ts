import { describe, expect, it } from 'vitest';
import { compileMatch } from '../../src/adapters/transcript/match.js';
import { parseTranscript } from '../../src/adapters/transcript/parse.js';
import { TranscriptRecorder, botLine } from '../../src/adapters/transcript/record.js';
import { runTranscript } from '../../src/adapters/transcript/run.js';
import { createTranscriptBot } from './fake-bot.js';

describe('recording', () => {
  it('writes a session that replays green unchanged', async () => {
    const setup = { channel: 'webex' as const, locale: 'en' as const, user: { email: 'jane@acme.com', name: 'Jane' },
      accounts: [{ email: 'jane@acme.com', organisation: 'Acme Inc' }], now: Date.parse('2026-01-05T09:00:00Z') };
    const bot = await createTranscriptBot(setup);
    const rec = new TranscriptRecorder('Recorded session', setup);
    rec.botSaid(await bot.opening());
    for (const text of ['I want to upgrade', 'suite', 'annual', '25']) {
      rec.userSaid(text);
      rec.botSaid(await bot.userSays(text));
    }
    rec.userClicked('Yes');
    rec.botSaid(await bot.userClicks({ label: 'Yes', value: 'yes' }, { text: 'Add Callback?', choices: [] }));
    const file = rec.toString();
    expect(file).toBe(`# Recorded session
@channel webex
@user jane@acme.com Jane
@account jane@acme.com Acme Inc

bot: = Hi! I can upgrade your Webex.
user: I want to upgrade
bot: = Which plan would you like?
user: suite
bot: = Webex Suite (Meet + Call), good choice.
bot: = Annual or monthly renewal?
user: annual
bot: = How many licenses?
user: 25
bot: = Add Callback?
user clicks: Yes
bot: = Your cart
`);
    const replay = await runTranscript(parseTranscript('rec.chat', file), createTranscriptBot);
    expect(replay.failure).toBeUndefined();
    expect(replay.passed).toBe(true);
  });

  it('writes a card-only message by its card text and braces as a literal regex', () => {
    expect(botLine({ text: '', choices: [], card: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Total  1.00' }] } })).toBe('bot: = Total 1.00');
    const line = botLine({ text: 'Say {{name}} (x)', choices: [] });
    expect(line).toBe('bot: /^\\s*Say\\s+\\{\\{name\\}\\}\\s+\\(x\\)\\s*$/');
    expect(botLine({ text: ' ', choices: [] })).toBeUndefined();
    const step = parseTranscript('r.chat', line ?? '').steps[0];
    const m = step?.kind === 'bot' ? compileMatch(step.match, new Map()) : undefined;
    expect(m?.test(['Say {{name}}\n(x)'])).toEqual({});
  });
});
