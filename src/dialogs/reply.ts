/**
 * The one channel-neutral reply model. Adapters render it in their dialect; `text` is always the complete
 * fallback (a client that shows nothing else still gets the whole message).
 */
export interface Choice {
  label: string;
  /** What pressing it sends back, as text the understanding accepts in any language. */
  value: string;
}

/** An Adaptive Card (schema 1.3 features only, so Webex and Teams both render it). */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

export interface Reply {
  /** Markdown-light text: **bold**, _italic_, `- ` lists, [links](url). */
  text: string;
  choices?: Choice[];
  card?: AdaptiveCard;
  /** Shown only to the person it concerns: channels move it from a group space to a 1:1 space. */
  personal?: boolean;
  /** prompt: asks for something; notice: informs; relay: words of a sales agent. */
  kind?: 'prompt' | 'notice' | 'relay' | 'error';
}

/** Card submissions carry one of these shapes in their data. */
export const SUBMIT_CHOICE_KEY = 'choice';
export const SUBMIT_FORM_KEY = 'form';
