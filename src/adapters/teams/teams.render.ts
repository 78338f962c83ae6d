import type { Activity, Attachment, CardAction } from 'botbuilder';
import type { AdaptiveCard, Choice, Reply } from '../../dialogs/reply.js';
import { SUBMIT_CHOICE_KEY, SUBMIT_FORM_KEY } from '../../dialogs/reply.js';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams renders Adaptive Cards up to 1.5; Action.Execute needs 1.4+ and `isEnabled` on actions 1.5. */
export const TEAMS_CARD_VERSION = '1.5';
const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** Teams shows at most six suggested actions, and only in personal chat; more become card buttons. */
export const MAX_SUGGESTED_ACTIONS = 6;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Teams needs a blank line between paragraphs in markdown; list items keep their single line breaks so
 * "- a\n- b" stays one list.
 */
export function teamsMarkdown(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/([^\n])\n(?!\n|- |\d+\. )/g, '$1\n\n');
}

/** Plain text for places that show no markdown: notification previews and card fallbacks. */
export function plainText(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|\W)_([^_]+)_(?=\W|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1');
}

function verbFor(data: Json): string {
  if (SUBMIT_FORM_KEY in data) return 'form';
  if (SUBMIT_CHOICE_KEY in data) return 'choice';
  return 'submit';
}

/**
 * Action.Submit -> Action.Execute with the Submit as its fallback: Teams then answers a press with an
 * `adaptiveCard/action` invoke, and the bot replaces the card with a used, disabled copy so it cannot be pressed
 * twice; clients without Universal Actions still send the same data as an Action.Submit message.
 */
function toExecute(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toExecute);
  if (!isRecord(node)) return node;
  const mapped: Json = {};
  for (const [key, value] of Object.entries(node)) mapped[key] = toExecute(value);
  if (mapped['type'] !== 'Action.Submit') return mapped;
  const data = isRecord(mapped['data']) ? mapped['data'] : {};
  const { type: _submit, ...rest } = mapped;
  return { ...rest, type: 'Action.Execute', verb: verbFor(data), data, fallback: mapped };
}

/** A channel-neutral card (1.3 features) as a Teams card: version 1.5, Universal Actions, text fallback. */
export function teamsCard(card: AdaptiveCard, fallbackText: string): AdaptiveCard {
  const upgraded = toExecute(card) as AdaptiveCard;
  return { ...upgraded, $schema: CARD_SCHEMA, version: TEAMS_CARD_VERSION, fallbackText: plainText(fallbackText) };
}

function choicesCard(text: string, choices: Choice[]): AdaptiveCard {
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    version: TEAMS_CARD_VERSION,
    body: [{ type: 'TextBlock', text, wrap: true }],
    actions: choices.map((c) => ({ type: 'Action.Submit', title: c.label, data: { [SUBMIT_CHOICE_KEY]: c.value } })),
  };
  return teamsCard(card, text);
}

function cardAttachment(card: AdaptiveCard): Attachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

export interface RenderTarget {
  /** A 1:1 chat: suggested actions work there, nowhere else in Teams. */
  personalChat: boolean;
}

/** One Reply -> one Teams message activity. */
export function renderReply(reply: Reply, target: RenderTarget): Partial<Activity> {
  const summary = plainText(reply.text);
  const choices = reply.choices ?? [];
  if (reply.card) {
    // Teams shows the text above the card, so the question is never lost; choices stay offered beside a form.
    const suggest = target.personalChat && choices.length > 0 && choices.length <= MAX_SUGGESTED_ACTIONS;
    const base = suggest || choices.length === 0 ? reply.card : {
      ...reply.card,
      actions: [...(reply.card.actions ?? []), ...choices.map((c) => ({ type: 'Action.Submit', title: c.label, associatedInputs: 'none', data: { [SUBMIT_CHOICE_KEY]: c.value } }))],
    };
    const message: Partial<Activity> = {
      type: 'message', summary, text: teamsMarkdown(reply.text), textFormat: 'markdown', attachments: [cardAttachment(teamsCard(base, reply.text))],
    };
    if (suggest) message.suggestedActions = { actions: choices.map((c): CardAction => ({ type: 'imBack', title: c.label, value: c.value })), to: [] };
    return message;
  }
  if (choices.length > 0 && (!target.personalChat || choices.length > MAX_SUGGESTED_ACTIONS)) {
    return { type: 'message', summary, attachments: [cardAttachment(choicesCard(reply.text, choices))] };
  }
  const message: Partial<Activity> = { type: 'message', text: teamsMarkdown(reply.text), textFormat: 'markdown' };
  if (choices.length > 0) {
    const actions: CardAction[] = choices.map((c) => ({ type: 'imBack', title: c.label, value: c.value }));
    message.suggestedActions = { actions, to: [] };
  }
  return message;
}

/** The adaptive card a rendered activity carries, to remember it for a later refresh. */
export function cardOf(activity: Partial<Activity>): AdaptiveCard | undefined {
  const content: unknown = activity.attachments?.find((a) => a.contentType === ADAPTIVE_CARD_CONTENT_TYPE)?.content;
  return isRecord(content) && content['type'] === 'AdaptiveCard' ? (content as AdaptiveCard) : undefined;
}

function display(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** The pressed action is the one whose data the submission repeats (inputs are merged beside it). */
function isPressed(action: Json, submitted: Json): boolean {
  const data = action['data'];
  if (!isRecord(data)) return false;
  const keys = Object.keys(data);
  return keys.length > 0 && keys.every((k) => submitted[k] === data[k]);
}

function inputAsText(input: Json, submitted: Json): Json {
  const id = typeof input['id'] === 'string' ? input['id'] : '';
  let shown = display(submitted[id]);
  const choices = input['choices'];
  if (input['type'] === 'Input.ChoiceSet' && Array.isArray(choices)) {
    const picked = choices.find((c) => isRecord(c) && c['value'] === shown);
    if (isRecord(picked)) shown = display(picked['title']);
  }
  const label = display(input['label']) || display(input['placeholder']) || id;
  return { type: 'TextBlock', text: shown ? `${label}: ${shown}` : label, wrap: true, isSubtle: !shown };
}

function disable(node: unknown, submitted: Json): unknown {
  if (Array.isArray(node)) return node.map((n) => disable(n, submitted));
  if (!isRecord(node)) return node;
  const type = typeof node['type'] === 'string' ? node['type'] : '';
  if (type.startsWith('Input.')) return inputAsText(node, submitted);
  const mapped: Json = {};
  for (const [key, value] of Object.entries(node)) mapped[key] = disable(value, submitted);
  if (type === 'Action.Execute' || type === 'Action.Submit') {
    mapped['isEnabled'] = false;
    if (isPressed(node, submitted)) {
      mapped['title'] = `✓ ${display(node['title'])}`;
      mapped['style'] = 'positive';
    }
  }
  return mapped;
}

/**
 * The card after a press: inputs shown as the values sent, every action disabled, the pressed one ticked.
 * Without the original (a restart lost it) a small card still says what was chosen.
 */
export function refreshedCard(original: AdaptiveCard | undefined, submitted: Json, title?: string): AdaptiveCard {
  if (original) {
    const used = disable(original, submitted) as AdaptiveCard;
    return { ...used, version: TEAMS_CARD_VERSION };
  }
  const chosen = title ?? display(submitted[SUBMIT_CHOICE_KEY]);
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: TEAMS_CARD_VERSION,
    body: [{ type: 'TextBlock', text: `✓ ${chosen}`, wrap: true, weight: 'Bolder' }],
  };
}
