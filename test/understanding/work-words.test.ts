import { describe, expect, it } from 'vitest';
import { text } from './helpers.js';

/** After the plan step, words for the work name no plan; product names and changes still do. */
describe('understanding: the work described after the plan is chosen', () => {
  it.each([
    ['renewal', 'yearly, our quarterly planning meeting signed it off', { renewal: 'annual' }],
    ['licenses', 'we are 12, most of the day is calls with clients', { licenses: 12 }],
  ] as const)('at %s, %j names no plan', (step, input, answers) => {
    const event = text(step, input, 'en').event;
    expect(event).not.toMatchObject({ answers: { plan: expect.anything() } });
    expect(JSON.stringify(event)).toContain(JSON.stringify(Object.values(answers)[0]));
  });

  it.each([
    ['cart', 'switch to calling'],
    ['licenses', 'suite, 12 people'],
  ] as const)('at %s, %j still names a plan', (step, input) => {
    expect(JSON.stringify(text(step, input, 'en').event)).toMatch(/"(?:plan|value)":"(?:call|suite)"/);
  });

  it('at the plan step, meetings are the Meet plan', () => {
    expect(JSON.stringify(text('plan', 'just meetings for 6 people', 'en').event)).toContain('"meet"');
  });
});
