import { describe, expect, it } from 'vitest';
import { weighYesNo } from '../../src/dialogs/understanding/yes-no.js';
import { normalise } from '../../src/dialogs/understanding/normalise.js';
import { text } from './helpers.js';

describe('a yes or no in more words', () => {
  it.each([
    ['yes... hmm no', { kind: 'both' }], ['yes no', { kind: 'both' }], ['да... хотя нет', { kind: 'both' }],
    ['да... хотя нет, не надо', { kind: 'firm', answer: 'no' }], ['да нет, не надо', { kind: 'firm', answer: 'no' }],
    ['конечно нет', { kind: 'firm', answer: 'no' }], ['yes if its cheap', { kind: 'condition' }],
    ['наверное да', { kind: 'hedged', answer: 'yes' }], ['да нет, наверное', { kind: 'hedged', answer: 'no' }],
    ['no idea what you mean', undefined], ['the total please', undefined],
  ])('%j', (said, want) => {
    expect(weighYesNo(normalise(said))).toEqual(want);
  });
  it('asks back at the Callback step instead of committing', () => {
    expect(text('callback', 'yes... hmm no').event).toEqual({ type: 'CLARIFY', clarify: { field: 'callback', options: [true, false] } });
    expect(text('callback', 'да нет, не надо', 'ru').event).toEqual({ type: 'SET_CALLBACK', value: false });
  });
});

describe('the Callback answer with more in the message', () => {
  it.each([
    ['sure. email ana@acme.example', { type: 'GIVE_ANSWERS', answers: { callback: true }, early: { email: 'ana@acme.example' } }],
    ['add it. also go annual', { type: 'GIVE_ANSWERS', answers: { renewal: 'annual', callback: true } }],
    ['no. do guests need licenses?', { type: 'GIVE_ANSWERS', answers: { callback: false }, question: 'licence-who' }],
    ["don't need it", { type: 'SET_CALLBACK', value: false }],
  ])('%j', (said, want) => {
    expect(text('callback', said).event).toEqual(want);
  });
  it('lets the add-on named later win over the "ok" that opens the message', () => {
    expect(text('callback', 'ok, monthly then и без колбэка', 'ru').event).toEqual({ type: 'GIVE_ANSWERS', answers: { renewal: 'monthly', callback: false } });
  });
});

describe('Callback among other answers', () => {
  it('asks back when it is taken back or only maybe wanted', () => {
    expect(text('plan', 'meet, 15, annual, callback... actually no callback').event).toMatchObject({ type: 'GIVE_ANSWERS', clarify: { field: 'callback', options: [true, false] } });
    expect(text('plan', 'call, callback maybe?').event).toMatchObject({ type: 'GIVE_ANSWERS', answers: { plan: 'call' }, clarify: { field: 'callback' } });
  });
  it('reads "callback: no" in a form-like message', () => {
    expect(text('plan', 'plan: meet, renewal: monthly, licenses: 4, callback: no').event).toEqual({ type: 'GIVE_ANSWERS', answers: { plan: 'meet', renewal: 'monthly', licenses: 4, callback: false } });
  });
});
