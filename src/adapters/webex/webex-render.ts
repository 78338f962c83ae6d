import { SUBMIT_CHOICE_KEY, type AdaptiveCard, type Choice, type Reply } from '../../dialogs/reply.js';
import { markdownToPlain, splitText } from './webex-text.js';
import {
  WEBEX_CARD_CONTENT_TYPE, WEBEX_MAX_CARD_BUTTONS, WEBEX_MAX_TEXT_BYTES, type WebexMessageDraft,
} from './webex.types.js';

/** Webex announced Adaptive Cards 1.3; nothing newer is sent. */
const CARD_VERSION = '1.3';
/** Room left for the choice list appended to the text fallback of a choices card. */
const FALLBACK_LIST_SEP = '\n\n';

function fallbackList(choices: readonly Choice[]): string {
  // Text-only clients see the options and can type one; the value is what the understanding accepts.
  return choices
    .map((c) => (c.label.toLowerCase().includes(c.value.toLowerCase()) ? `- ${c.label}` : `- ${c.label}: ${c.value}`))
    .join('\n');
}

const choiceButton = (c: Choice, form: boolean): Record<string, unknown> => ({
  type: 'Action.Submit', title: c.label, data: { [SUBMIT_CHOICE_KEY]: c.value },
  // On a form, a choice ("Same as billing") must not be blocked by the form's required inputs, nor carry them.
  ...(form ? { associatedInputs: 'none' } : {}),
});

const isInput = (el: unknown): boolean =>
  typeof el === 'object' && el !== null && 'type' in el && typeof el.type === 'string' && el.type.startsWith('Input.');

/** Buttons for up to five choices, else one ChoiceSet and a submit; the data always has the `{choice}` shape. */
export function choicesCard(text: string, choices: readonly Choice[]): AdaptiveCard {
  const body: unknown[] = [{ type: 'TextBlock', text, wrap: true }];
  if (choices.length <= WEBEX_MAX_CARD_BUTTONS) {
    return {
      type: 'AdaptiveCard', version: CARD_VERSION, body,
      actions: choices.map((c) => choiceButton(c, false)),
    };
  }
  body.push({
    type: 'Input.ChoiceSet', id: SUBMIT_CHOICE_KEY, isRequired: true, style: choices.length <= 8 ? 'expanded' : 'compact',
    value: choices[0]?.value, choices: choices.map((c) => ({ title: c.label, value: c.value })),
  });
  return { type: 'AdaptiveCard', version: CARD_VERSION, body, actions: [{ type: 'Action.Submit', title: 'OK' }] };
}

/**
 * A card from the dialogs, pinned to 1.3. Webex shows the card instead of the message text, so a form (whose
 * body is only a title and inputs) gets the reply's question on top, and the reply's choices become buttons beside
 * the card's own actions while the five-button limit allows.
 */
function adaptCard(card: AdaptiveCard, text: string, choices: readonly Choice[] | undefined): AdaptiveCard {
  const out: AdaptiveCard = { ...card, version: CARD_VERSION };
  const form = card.body.some(isInput);
  if (form) out.body = [{ type: 'TextBlock', text, wrap: true }, ...card.body];
  const own = Array.isArray(card.actions) ? card.actions : [];
  const extra = (choices ?? []).filter((c) => !own.some((a) => typeof a === 'object' && a !== null && 'title' in a && a.title === c.label));
  if (extra.length > 0 && own.length + extra.length <= WEBEX_MAX_CARD_BUTTONS) {
    out.actions = [...own, ...extra.map((c) => choiceButton(c, form))];
  }
  return out;
}

function draft(markdown: string, card?: AdaptiveCard): WebexMessageDraft {
  const d: WebexMessageDraft = { markdown, text: markdownToPlain(markdown) };
  if (card !== undefined) d.attachments = [{ contentType: WEBEX_CARD_CONTENT_TYPE, content: card }];
  return d;
}

/**
 * One Reply -> the Webex messages that carry it, in order. Text over the byte limit goes out in several messages;
 * a card (one per message) rides on the last one, whose text is the fallback clients without cards show.
 */
export function renderReply(reply: Reply, maxBytes: number = WEBEX_MAX_TEXT_BYTES): WebexMessageDraft[] {
  const choices = reply.choices ?? [];
  let markdown = reply.text;
  const listed = choices.every((c) => reply.text.toLowerCase().includes(c.label.toLowerCase()));
  // Prompts that already name every option need no second list in the fallback.
  if (choices.length > 0 && !listed) {
    const withList = `${reply.text}${FALLBACK_LIST_SEP}${fallbackList(choices)}`;
    // The list is for text-only clients; when it would force a split, the card alone carries the options.
    if (Buffer.byteLength(withList, 'utf8') <= maxBytes) markdown = withList;
  }
  const chunks = splitText(markdown, maxBytes);
  const last = chunks.length - 1;
  return chunks.map((chunk, i) => {
    if (i !== last) return draft(chunk);
    const cardText = chunks.length === 1 ? reply.text : listed ? chunk : chunk.replace(`${FALLBACK_LIST_SEP}${fallbackList(choices)}`, '');
    if (reply.card !== undefined) return draft(chunk, adaptCard(reply.card, cardText, reply.choices));
    if (choices.length > 0) return draft(chunk, choicesCard(cardText, choices));
    return draft(chunk);
  });
}
