import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/dialogs/understanding/fuzzy.js';

/** Optimal string alignment distance, written plainly: the reference the fast version must agree with. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      const prev = d[i - 1]!;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

describe('editDistance', () => {
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 's', 'u', 'i', 't', 'e', 'я'), maxLength: 10 });

  it('equals the plain optimal-string-alignment distance', () => {
    fc.assert(fc.property(word, word, (a, b) => { expect(editDistance(a, b)).toBe(reference(a, b)); }), { numRuns: 5_000 });
  });

  it('with a limit: the distance when within it, limit + 1 when past it', () => {
    fc.assert(fc.property(word, word, fc.integer({ min: 0, max: 3 }), (a, b, limit) => {
      const d = reference(a, b);
      expect(editDistance(a, b, limit)).toBe(d <= limit ? d : limit + 1);
    }), { numRuns: 5_000 });
  });

  it('counts a swap of neighbours as one edit, and closest() picks one entry or none', () => {
    expect(editDistance('suiet', 'suite')).toBe(1);
    expect(editDistance('meeting', 'meetnig', 1)).toBe(1);
    const vocabulary = new Map([['suite', 'suite'], ['meet', 'meet'], ['calling', 'call']]);
    expect(closest('suiet', vocabulary)).toBe('suite');
    expect(closest('callnig', vocabulary)).toBe('call');
    expect(closest('xyzzy', vocabulary)).toBeUndefined();
  });
});
