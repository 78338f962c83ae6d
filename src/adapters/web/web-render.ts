import type { Activity } from 'botbuilder';
import type { AdaptiveCard, Reply } from '../../dialogs/reply.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, cardOf, refreshedCard, renderReply as renderTeams } from '../teams/teams.render.js';
import { renderReply as renderWebex } from '../webex/webex-render.js';
import type { Bubble, WebChannel } from './web.types.js';

function isCard(value: unknown): value is AdaptiveCard {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'AdaptiveCard';
}

/** Webex: each message shows its card when it has one (the markdown is the fallback of clients without cards). */
export function webexView(reply: Reply): Bubble[] {
  return renderWebex(reply).map((d) => {
    const card = d.attachments?.map((a) => a.content).find(isCard);
    return card ? { card } : { markdown: d.markdown };
  });
}

/**
 * Teams, in a personal chat: the message's markdown text, its card (Teams shows the text above it) and its
 * suggested actions (imBack), all three when the activity carries them, as the Teams client shows them.
 */
export function teamsView(reply: Reply): Bubble[] {
  return [activityBubble(renderTeams(reply, { personalChat: true }))];
}

function activityBubble(activity: Partial<Activity>): Bubble {
  const bubble: Bubble = {};
  if (activity.text) bubble.markdown = activity.text;
  const card = activity.attachments?.filter((a) => a.contentType === ADAPTIVE_CARD_CONTENT_TYPE).map((a) => a.content as unknown).find(isCard);
  if (card) bubble.card = card;
  const actions = activity.suggestedActions?.actions ?? [];
  if (actions.length > 0) bubble.suggested = actions.map((a) => ({ label: a.title ?? String(a.value), value: String(a.value) }));
  return bubble;
}

export function replyViews(reply: Reply): Record<WebChannel, Bubble[]> {
  return { webex: webexView(reply), teams: teamsView(reply) };
}

/** The Teams card after a press: inputs shown as sent, actions disabled, the pressed one ticked. */
export function teamsAfterPress(views: Bubble[], submitted: Record<string, unknown>, title?: string): Bubble[] | undefined {
  const bubble = views.find((b) => b.card);
  if (!bubble?.card) return undefined;
  const original = cardOf({ attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: bubble.card }] });
  // The text above the card stays; the suggested actions went away with the press.
  const { suggested: _gone, ...kept } = bubble;
  return views.map((b) => (b === bubble ? { ...kept, card: refreshedCard(original, submitted, title) } : b));
}
