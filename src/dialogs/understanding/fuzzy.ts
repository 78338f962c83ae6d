/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition): "suiet" is one edit from
 * "suite", which plain Levenshtein counts as two. With a `limit`, a distance past it comes back as limit + 1,
 * found without filling the whole table.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const cols = b.length + 1;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Three rolling rows (the transposition looks two rows back), reused between calls: no allocation per word.
  if (rowsLength < cols) { twoBack = new Int32Array(cols); oneBack = new Int32Array(cols); current = new Int32Array(cols); rowsLength = cols; }
  let pp = twoBack;
  let p = oneBack;
  let r = current;
  for (let j = 0; j < cols; j += 1) p[j] = j;
  let prevMin = 0;
  for (let i = 1; i <= a.length; i += 1) {
    r[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < cols; j += 1) {
      const bj = b.charCodeAt(j - 1);
      let best = Math.min(p[j]! + 1, r[j - 1]! + 1, p[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) best = Math.min(best, pp[j - 2]! + 1);
      r[j] = best;
      if (best < rowMin) rowMin = best;
    }
    // Later cells come from this row (+0 or +1) or, by a transposition, from the one before (+1): past the limit, stop.
    if (rowMin > limit && prevMin >= limit) return limit + 1;
    prevMin = rowMin;
    const t = pp; pp = p; p = r; r = t;
  }
  const d = p[b.length]!;
  return d > limit ? limit + 1 : d;
}
let rowsLength = 0;
let twoBack = new Int32Array(0);
let oneBack = new Int32Array(0);
let current = new Int32Array(0);

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
    const dist = editDistance(word, entry, limit);
    if (dist < bestDistance) { bestDistance = dist; found = [value]; } else if (dist === bestDistance && !found.includes(value)) found.push(value);
  }
  return found.length === 1 && bestDistance <= limit ? found[0] : undefined;
}
