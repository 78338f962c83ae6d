import type { AdaptiveCard } from '../reply.js';
import { SUBMIT_FORM_KEY } from '../reply.js';

/** Adaptive Cards limited to schema 1.3, which Webex renders; Teams upgrades the version itself. */
const card = (body: unknown[], actions: unknown[] = []): AdaptiveCard => ({
  type: 'AdaptiveCard', version: '1.3', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', body, ...(actions.length ? { actions } : {}),
});
const text = (t: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: t, wrap: true, ...extra });

export function factsCard(title: string, facts: [string, string][], footer?: string): AdaptiveCard {
  return card([
    text(title, { weight: 'Bolder', size: 'Medium' }),
    { type: 'FactSet', facts: facts.map(([t, v]) => ({ title: t, value: v })) },
    ...(footer ? [text(footer, { isSubtle: true, size: 'Small' })] : []),
  ]);
}

export interface FormField { id: string; label: string; value?: string; required?: boolean; number?: boolean; placeholder?: string }

/** A form whose submission carries `{form: name, ...inputs}` (values as strings, as Webex and Teams send them). */
export function formCard(title: string, form: string, fields: FormField[], submit: string): AdaptiveCard {
  return card(
    [text(title, { weight: 'Bolder' }), ...fields.map((f) => ({
      type: f.number ? 'Input.Number' : 'Input.Text', id: f.id, label: f.label, isRequired: f.required === true,
      ...(f.value !== undefined ? { value: f.number ? Number(f.value) : f.value } : {}),
      ...(f.placeholder ? { placeholder: f.placeholder } : {}),
      ...(f.required ? { errorMessage: f.label } : {}),
    }))],
    [{ type: 'Action.Submit', title: submit, data: { [SUBMIT_FORM_KEY]: form } }],
  );
}

export function linkCard(title: string, body: string, label: string, url: string): AdaptiveCard {
  return card([text(title, { weight: 'Bolder' }), text(body)], [{ type: 'Action.OpenUrl', title: label, url }]);
}
