import type { Choice, Reply } from '../../dialogs/reply.js';

/** Markdown-light -> terminal text: emphasis and code marks go, link targets stay visible. */
export function plainText(md: string): string {
  return md
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => (label === url ? url : `${label} (${url})`))
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .replace(/__([^_\n]+)__/g, '$1')
    .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,!?:;]|$)/gm, '$1$2')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s).,!?:;]|$)/gm, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1');
}

/** `1) Meet  2) Call  3) Suite` */
export function numberedChoices(choices: readonly Choice[]): string {
  return choices.map((c, i) => `${i + 1}) ${plainText(c.label)}`).join('  ');
}

/** One reply as the console shows it: the complete text, then its choices numbered (cards add nothing). */
export function renderReply(reply: Reply): string {
  const text = plainText(reply.text).trim();
  const choices = reply.choices?.length ? numberedChoices(reply.choices) : '';
  return [text, choices].filter((s) => s !== '').join('\n');
}

/** The choice a typed number stands for, if the text is just a number in range. */
export function pickChoice(text: string, choices: readonly Choice[]): Choice | undefined {
  const m = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  if (!m) return undefined;
  return choices[Number(m[1]) - 1];
}
