import { WEBEX_MAX_TEXT_BYTES } from './webex.types.js';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Markdown-light -> plain text for clients that show no markdown: keeps the words and the link targets. */
export function markdownToPlain(md: string): string {
  return md
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => (label === url ? url : `${label} (${url})`))
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/__([^_]+)__/g, '$1')
    .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,!?:;]|$)/gm, '$1$2')
    .replace(/`([^`]+)`/g, '$1');
}

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character (or a surrogate pair). */
function cutBytes(s: string, max: number): [head: string, tail: string] {
  let used = 0;
  let i = 0;
  for (const ch of s) {
    const b = bytes(ch);
    if (used + b > max) break;
    used += b;
    i += ch.length;
  }
  return [s.slice(0, i), s.slice(i)];
}

/** Splits `unit` pieces (already short) back into chunks of at most `max` bytes, joined by `sep`. */
function pack(pieces: string[], sep: string, max: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const p of pieces) {
    const next = cur === '' ? p : cur + sep + p;
    if (bytes(next) <= max) { cur = next; continue; }
    if (cur !== '') out.push(cur);
    cur = p;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/**
 * Splits text into chunks of at most `max` UTF-8 bytes, preferring paragraph, then line, then word boundaries,
 * and cutting a word only when it alone is longer than a chunk. Joining the chunks with the boundary gives the text.
 */
export function splitText(text: string, max: number = WEBEX_MAX_TEXT_BYTES): string[] {
  if (bytes(text) <= max) return [text];
  const byParagraph = text.split(/\n{2,}/).flatMap((para) => {
    if (bytes(para) <= max) return [para];
    const byLine = para.split('\n').flatMap((line) => {
      if (bytes(line) <= max) return [line];
      const byWord = line.split(' ').flatMap((word) => {
        const parts: string[] = [];
        let rest = word;
        while (bytes(rest) > max) {
          const [head, tail] = cutBytes(rest, max);
          parts.push(head);
          rest = tail;
        }
        return [...parts, rest];
      });
      return pack(byWord, ' ', max);
    });
    return pack(byLine, '\n', max);
  });
  return pack(byParagraph, '\n\n', max);
}
