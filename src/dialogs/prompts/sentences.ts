/**
 * A notice folded into the prompt after it must not say again what the prompt says ("Annual renewal isn't sold
 * in this country." before "Annual renewal isn't sold to billing addresses in Germany. Shall I switch...?", or
 * a step's help before the step's question): such sentences are dropped from the notice.
 */
const SENTENCE = /(?<=[.!?])\s+|\n+/u;

function words(sentence: string): Set<string> {
  return new Set(sentence.toLowerCase().replace(/\*\*|_/g, '').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2));
}

/** The same point in other words: most of the words of the shorter sentence are in the other. */
function alike(a: Set<string>, b: Set<string>): boolean {
  if (a.size < 5 || b.size < 5) return false;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  return shared / Math.min(a.size, b.size) >= 0.7;
}

/** `notice` without the sentences that `prompt` already says (list lines of the prompt do not count). */
export function withoutRepeats(notice: string, prompt: string): string {
  const said = prompt.split('\n').filter((l) => !/^\s*[-•]/.test(l)).join('\n').split(SENTENCE).map(words);
  const kept = notice.split('\n').map((line) => line.split(/(?<=[.!?])\s+/u)
    .filter((s) => { const w = words(s); return !said.some((p) => alike(w, p)); }).join(' ')).filter((l) => l.trim() !== '');
  return kept.join('\n');
}
