/**
 * Digits grouped the way cards print them (4-4-4-4, 4-4-4-4-3, Amex 4-6-5, Diners 4-6-4, 4-4-4-1 to 3) or 16 in
 * one run: a card number whether or not it passes Luhn ("4276 3800 1234 5678" mistyped is still a card, and must
 * not be read as anything else). Phone numbers are grouped otherwise (3-3-2-2, 3-3-4).
 */
const CARD_GROUPS = /^(?:4,4,4,4(?:,3)?|4,6,[45]|4,4,4,[1-3]|16)$/;

/**
 * True when the message carries something that looks like a card number: 13-19 digits, optionally grouped
 * with spaces or dashes, passing Luhn or grouped like a card. Groups are tried in every contiguous combination
 * so a CVV or date typed after the number ("4111 1111 1111 1111 123") does not hide it.
 */
export function containsCardNumber(text: string): boolean {
  const runs = text.match(/\d+(?:[ \-–.]\d+)*/g) ?? [];
  for (const run of runs) {
    const groups = run.split(/[ \-–.]/);
    for (let from = 0; from < groups.length; from += 1) {
      let length = 0;
      for (let to = from; to < groups.length; to += 1) {
        length += (groups[to] as string).length;
        if (length > 19) break;
        if (length < 13) continue;
        // Built only for the few spans that could be a card: a run of "1 1 1 …" has seven at every group.
        if (passesLuhnIn(groups, from, to) && !allZeros(groups, from, to)) return true;
        // CARD_GROUPS has at most 5 groups: a longer span is never built into its string.
        if (to - from < 5 && CARD_GROUPS.test(groups.slice(from, to + 1).map((g) => g.length).join(',')) && !allZeros(groups, from, to)) return true;
      }
    }
  }
  return false;
}

/** The Luhn checksum (the check every payment card number passes) of groups[from..to] joined, without joining them. */
function passesLuhnIn(groups: readonly string[], from: number, to: number): boolean {
  let sum = 0;
  let double = false;
  for (let g = to; g >= from; g -= 1) {
    const group = groups[g] as string;
    for (let i = group.length - 1; i >= 0; i -= 1) {
      let d = group.charCodeAt(i) - 48;
      if (double) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
      double = !double;
    }
  }
  return sum % 10 === 0;
}

function allZeros(groups: readonly string[], from: number, to: number): boolean {
  for (let g = from; g <= to; g += 1) if (!/^0+$/.test(groups[g] as string)) return false;
  return true;
}
