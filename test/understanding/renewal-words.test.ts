import { describe, expect, it } from 'vitest';
import { readRenewals } from '../../src/dialogs/understanding/renewal-words.js';
import { normalise } from '../../src/dialogs/understanding/normalise.js';
import { text } from './helpers.js';

const renewals = (said: string) => readRenewals(normalise(said)).renewals;

/** A period word is a renewal answer only when it is about paying for Webex. */
describe('renewal words', () => {
  it.each([
    ['annual please', ['annual']], ['not annual', ['monthly']], ['no monthly, we want to pay once', ['annual']],
    ['не помесячно', ['annual']], ['monthly, not annual', ['monthly']],
    ['the annual report is due friday', []], ['we pay rent monthly', []], ['25, we hire monthly so it might grow', []],
    ['annual for sure, our monthly budget meeting approved it', ['annual']], ['only if annual is cheaper', []],
    ['годовой отчет у нас в марте, поэтому пока помесячно', ['monthly']],
  ])('%j → %j', (said, want) => {
    expect(renewals(said)).toEqual(want);
  });
  it('commits nothing for a period that is not the renewal', () => {
    expect(text('renewal', 'the annual report is due friday, ugh').event.type).not.toBe('CHOOSE_RENEWAL');
    expect(text('renewal', 'not annual').event).toEqual({ type: 'CHOOSE_RENEWAL', renewal: 'monthly' });
  });
});
