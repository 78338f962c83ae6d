/** Site names are the first label of `<name>.webex.com`, so DNS label rules apply. */
export const SITE_NAME_MAX_LENGTH = 63;
const SITE_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isValidSiteName(name: string): boolean {
  return SITE_NAME_PATTERN.test(name);
}

/** "Acme Corp!" -> "acme-corp"; empty when nothing usable is left. */
export function toSiteName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SITE_NAME_MAX_LENGTH)
    .replace(/-+$/g, '');
}
