import { describe, expect, it } from 'vitest';
import { botLine } from '../../src/adapters/console/chat-recorder.js';
import { pickChoice, plainText, renderReply } from '../../src/adapters/console/console.render.js';

describe('console rendering', () => {
  it('strips emphasis and keeps link targets', () => {
    expect(plainText('**Your site is ready:** _now_ at [the page](https://x.test/pay/abc) and `code`'))
      .toBe('Your site is ready: now at the page (https://x.test/pay/abc) and code');
    expect(plainText('[https://a.test](https://a.test)')).toBe('https://a.test');
  });

  it('numbers the choices after the text', () => {
    expect(renderReply({ text: 'Which **plan**?', choices: [{ label: 'Meet', value: 'meet' }, { label: 'Call', value: 'call' }] }))
      .toBe('Which plan?\n1) Meet  2) Call');
  });

  it('picks a choice by its number only when the number is in range', () => {
    const choices = [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }];
    expect(pickChoice('2', choices)?.value).toBe('no');
    expect(pickChoice(' 1) ', choices)?.value).toBe('yes');
    expect(pickChoice('3', choices)).toBeUndefined();
    expect(pickChoice('25', [])).toBeUndefined();
    expect(pickChoice('2 licenses', choices)).toBeUndefined();
  });
});

describe('recorded bot lines', () => {
  it('are exact text unless something differs in a replay', () => {
    expect(botLine('Thanks,  you are\nsigned in.')).toBe('bot: = Thanks, you are signed in.');
  });

  it('match payment links and order numbers loosely', () => {
    const line = botLine('Order **WX-1234ABCD** placed. Pay: [http://localhost:4000/pay/tok_1](http://localhost:4000/pay/tok_1).', ['WX-1234ABCD']) ?? '';
    const m = /^bot: \/(.*)\/$/.exec(line);
    expect(m).not.toBeNull();
    const re = new RegExp(m?.[1] ?? '');
    expect(re.test('Order **WX-99999999** placed. Pay: [http://localhost:5/pay/other](http://localhost:5/pay/other).')).toBe(true);
    expect(re.test('Order **WX-99999999** placed. Pay nowhere.')).toBe(false);
  });
});
