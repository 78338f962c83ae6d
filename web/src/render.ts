import * as AC from 'adaptivecards';
import MarkdownIt from 'markdown-it';
import type { AdaptiveCard } from '../../src/adapters/web/web.types.js';

/**
 * Markdown as chat clients show it: no raw HTML (markdown-it escapes it), links checked by markdown-it's
 * validateLink (no javascript: or data: URLs) and opened in a new tab.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
const defaultLink = md.renderer.rules['link_open'];
md.renderer.rules['link_open'] = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token) {
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer');
  }
  return defaultLink ? defaultLink(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
};

export function markdownElement(text: string): HTMLElement {
  const div = document.createElement('div');
  div.className = 'md';
  div.innerHTML = md.render(text);
  return div;
}

AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = md.render(text);
  result.didProcess = true;
};

const hostConfig = new AC.HostConfig({
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  supportsInteractivity: true,
  actions: { actionsOrientation: 'horizontal', actionAlignment: 'left', buttonSpacing: 8, maxActions: 6, spacing: 'default', showCard: { actionMode: 'inline' } },
});

export interface CardPress {
  data: Record<string, unknown>;
  title: string | undefined;
}

/** Which schema a channel supports: Webex announced 1.3, Teams renders 1.5 (with Universal Actions). */
export const CARD_VERSION = { webex: AC.Versions.v1_3, teams: AC.Versions.v1_5 } as const;

/**
 * Renders a card with Microsoft's renderer at the channel's version: elements and actions newer than that
 * version fall back (or drop) as they would in the real client. Submit and Execute actions call `onPress`.
 */
export function cardElement(json: AdaptiveCard, channel: keyof typeof CARD_VERSION, onPress: (press: CardPress) => void): HTMLElement {
  const card = new AC.AdaptiveCard();
  card.hostConfig = hostConfig;
  card.onExecuteAction = (action) => {
    if (action instanceof AC.SubmitAction || action instanceof AC.ExecuteAction) {
      const raw: unknown = action.data;
      const data = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : {};
      onPress({ data, title: action.title });
    } else if (action instanceof AC.OpenUrlAction && action.url) {
      window.open(action.url, '_blank', 'noopener');
    }
  };
  card.parse(json, new AC.SerializationContext(CARD_VERSION[channel]));
  const el = card.render();
  const wrap = document.createElement('div');
  wrap.className = 'card';
  if (el) wrap.append(el);
  return wrap;
}
