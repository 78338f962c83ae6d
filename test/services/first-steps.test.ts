import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstSteps, TRY_ACCOUNTS } from '../../src/first-steps.js';

describe('the line npm start ends with', () => {
  const seeded = JSON.stringify(JSON.parse(readFileSync(new URL('../../data/accounts.json', import.meta.url), 'utf8'))).toLowerCase();
  it.each(['en', 'ru'] as const)('names the playground, an account the directory holds and where the code goes (%s)', (locale) => {
    const line = firstSteps('http://localhost:3978', locale, '.data');
    expect(line).toContain('http://localhost:3978/');
    expect(line).toContain(TRY_ACCOUNTS[locale]);
    expect(line).toContain('.data/outbox');
    // The account to try must exist, or the first thing a new user does fails.
    expect(seeded).toContain(TRY_ACCOUNTS[locale]);
  });
});
