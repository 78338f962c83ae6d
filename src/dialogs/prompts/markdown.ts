/**
 * User-supplied text echoed in a bot message (addresses, emails, names) is escaped for the markdown-light reply
 * format, so it shows as typed and can never become a link, an image, emphasis, a heading or a mention. A scheme
 * ("http://") gets a zero-width joiner so clients do not auto-link a URL the user typed.
 */
const SPECIAL = /[\\`*_{}[\]()<>#+!|~>]/g;
const SCHEME = /\b([a-z][a-z0-9+.-]*):(?=\/\/)/gi;

export function escapeMarkdown(text: string): string {
  return text.replace(SPECIAL, '\\$&').replace(SCHEME, '$1:\u2060');
}
