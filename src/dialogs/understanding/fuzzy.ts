/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition): "suiet" is one edit from
 * "suite", which plain Levenshtein counts as two.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      let best = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** How many edits a word of this length may carry and still be recognised: short words are too easy to confuse. */
export function allowedEdits(length: number): number {
  if (length < 4) return 0;
  if (length < 7) return 1;
  return 2;
}

/**
 * The single vocabulary entry a word is a typo of, or undefined when none or several different values are
 * equally close (ambiguity must not pick one silently).
 */
export function closest<T>(word: string, vocabulary: ReadonlyMap<string, T>): T | undefined {
  const limit = allowedEdits(word.length);
  if (limit === 0) return undefined;
  let bestDistance = limit + 1;
  let found: T[] = [];
  for (const [entry, value] of vocabulary) {
    if (Math.abs(entry.length - word.length) > limit) continue;
    const dist = editDistance(word, entry);
    if (dist < bestDistance) { bestDistance = dist; found = [value]; } else if (dist === bestDistance && !found.includes(value)) found.push(value);
  }
  return found.length === 1 && bestDistance <= limit ? found[0] : undefined;
}
