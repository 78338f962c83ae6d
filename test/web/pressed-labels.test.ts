import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandChoiceLabel } from '../../src/adapters/web/web-sales.js';
import { STRINGS } from '../../src/dialogs/prompts/render.js';

describe('a press in the sales view reads as the button did', () => {
  // Every [label, value] button the renderer offers with a command word as its value.
  const source = readFileSync(new URL('../../src/dialogs/prompts/render.ts', import.meta.url), 'utf8');
  const buttons = [...source.matchAll(/\[s\.choice\.(\w+), '([^']+)'\]/g)].map((m) => [m[1] as string, m[2] as string] as const)
    // Renewals are shown through the answers' own labels; "keep"/"another" send a plain yes/no.
    .filter(([, value]) => !['annual', 'monthly', 'yes', 'no'].includes(value));
  it.each(buttons)('%s (sends "%s")', (key, value) => {
    for (const locale of ['en', 'ru'] as const) {
      expect(commandChoiceLabel(value, locale)).toBe(STRINGS[locale].choice[key as keyof typeof STRINGS.en.choice]);
    }
  });
  it('finds the buttons to check', () => expect(buttons.length).toBeGreaterThanOrEqual(8));
  it('leaves other values to the caller', () => expect(commandChoiceLabel('jane@acme.com', 'ru')).toBeUndefined());
});
