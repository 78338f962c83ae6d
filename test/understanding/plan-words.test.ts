import { describe, expect, it } from 'vitest';
import { plansIn } from '../../src/dialogs/understanding/plan-words.js';
import { normalise } from '../../src/dialogs/understanding/normalise.js';

const plans = (said: string) => plansIn(normalise(said));

describe('plans named in a message', () => {
  it.each([
    ['meet and call', ['suite']], ['Meet + Call', ['suite']], ['встречи и звонки', ['suite']], ['webex suite (meet + call)', ['suite']],
    ['just video calls', ['meet']], ['видеозвонки', ['meet']], ['the meeting room is booked till 3', []], ['nice to meet you', []],
    ['meet pls. actually suite', ['suite', 'meet']], ['meet or suite', ['suite', 'meet']], ['suite но без call', ['suite', 'call']],
  ])('%j → %j', (said, want) => {
    expect(new Set(plans(said))).toEqual(new Set(want));
  });
});

describe('plans not wanted and plans named as nouns', () => {
  it.each([
    ['the call plan', ['call']], ['only the phone system, we already have zoom for meetings', ['call']],
    ['we only need to host meetings, nothing with phones', ['meet']], ['звонки нам вообще не нужны, давайте meet', ['meet']],
    ['we need a cloud pbx', ['call']],
  ])('%j → %j', (said, want) => {
    expect(plans(said)).toEqual(want);
  });
});
