import type { SalesCaseView } from '../../src/adapters/web/web.types.js';
import { salesApi } from './api.js';
import { t, tKnown, uiLocale, type UiLocale } from './i18n.js';
import { markdownElement } from './render.js';

const POLL_MS = 1_000;

interface CaseElements {
  root: HTMLElement;
  status: HTMLElement;
  claim: HTMLButtonElement;
  thread: HTMLOListElement;
  input: HTMLInputElement;
  send: HTMLButtonElement;
  threadKey: string;
}

/** One line of a conversation: who said it (in the page's language), then their words as markdown, or the press. */
function threadLine(from: string, text: string, pressed?: string): HTMLLIElement {
  const li = document.createElement('li');
  li.className = `msg ${from}`;
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = tKnown(`from.${from}`, from);
  li.append(who);
  if (pressed === undefined) {
    li.append(markdownElement(text));
  } else {
    const press = document.createElement('p');
    press.className = 'pressed';
    press.textContent = `${t('pressed')}: `;
    const chip = document.createElement('span');
    chip.className = 'chip';
    chip.textContent = pressed;
    press.append(chip);
    li.append(press);
  }
  return li;
}

/**
 * The sales space: every handed-off case with Claim and its thread. Cases are built once and updated in place,
 * so what the agent is typing survives the polling.
 */
export function startSalesView(container: HTMLElement, empty: HTMLElement, onError: (err: unknown) => void): () => void {
  const cases = new Map<string, CaseElements>();
  let timer: number | undefined;
  let stopped = false;

  function build(c: SalesCaseView): CaseElements {
    const root = document.createElement('article');
    root.className = 'case';
    root.dataset['caseId'] = c.caseId;
    const h = document.createElement('h3');
    h.textContent = `${tKnown(`reason.${c.reason}`, c.reasonLabel)} · ${c.caseId}`;
    const status = document.createElement('p');
    status.className = 'case-status';
    const facts = document.createElement('dl');
    facts.className = 'facts';
    const fact = (k: string, v: string | HTMLElement) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.append(v);
      facts.append(dt, dd);
    };
    // As on the case card in a real sales space: whether a code proved the email.
    const proof = c.customer.email === undefined ? undefined
      : `(${t(c.customer.emailVerified === true ? 'emailVerified' : c.customer.emailVerified === false ? 'emailNotVerified' : 'emailFromProfile')})`;
    fact(t('customer'), [c.customer.name ?? t('noName'), `<${c.customer.email ?? t('noEmail')}>`, proof].filter(Boolean).join(' '));
    const answers = document.createElement('dl');
    answers.className = 'facts answers';
    for (const a of c.answers) {
      const dt = document.createElement('dt');
      dt.textContent = a.title;
      const dd = document.createElement('dd');
      dd.textContent = a.value;
      answers.append(dt, dd);
    }
    fact(t('answers'), answers);
    if (c.recent.length) {
      const ul = document.createElement('ol');
      ul.className = 'thread recent';
      ul.append(...c.recent.map((line) => threadLine(line.from, line.text, line.pressed)));
      fact(t('recent'), ul);
    }
    const claim = document.createElement('button');
    claim.type = 'button';
    claim.textContent = t('claim');
    claim.addEventListener('click', () => {
      claim.disabled = true;
      salesApi.claim(c.caseId).then(refresh, onError);
    });
    const threadHeading = document.createElement('h4');
    threadHeading.textContent = t('thread');
    const thread = document.createElement('ol');
    thread.className = 'thread';
    thread.setAttribute('aria-live', 'polite');
    const form = document.createElement('form');
    form.className = 'composer';
    const inputId = `reply-${c.caseId}`;
    const label = document.createElement('label');
    label.htmlFor = inputId;
    label.className = 'visually-hidden';
    label.textContent = `${t('reply')} (${c.caseId})`;
    const input = document.createElement('input');
    input.id = inputId;
    input.type = 'text';
    input.required = true;
    input.placeholder = t('reply');
    const send = document.createElement('button');
    send.type = 'submit';
    send.textContent = t('replySend');
    form.append(label, input, send);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      send.disabled = true;
      salesApi.say(c.caseId, { text }).then(() => { input.value = ''; }, onError).finally(() => { send.disabled = false; input.focus(); void refresh(); });
    });
    root.append(h, status, facts, claim, threadHeading, thread, form);
    return { root, status, claim, thread, input, send, threadKey: '' };
  }

  function update(el: CaseElements, c: SalesCaseView): void {
    el.status.textContent = `${t('status')}: ${tKnown(`status.${c.status}`, c.status)}${c.agentName ? ` (${c.agentName})` : ''}${c.callbackContact ? ` · ${t('callback')}: ${c.callbackContact}` : ''}`;
    el.claim.disabled = c.status !== 'queued' && c.status !== 'callbackOffered' && c.status !== 'requested';
    el.claim.hidden = c.status === 'ended';
    el.input.disabled = c.status === 'ended';
    el.send.disabled = c.status === 'ended';
    const key = JSON.stringify(c.thread);
    if (key === el.threadKey) return;
    el.threadKey = key;
    el.thread.replaceChildren(...c.thread.map((m) => threadLine(m.from, m.claimedBy ? t('claimedBy').replace('{agent}', m.claimedBy) : m.text)));
  }

  /** The language the cases were built in: another one rebuilds them (labels and prices come in that language). */
  let builtIn: UiLocale = uiLocale();

  async function refresh(): Promise<void> {
    const locale = uiLocale();
    const list = await salesApi.list(locale);
    if (locale !== builtIn) {
      builtIn = locale;
      cases.clear();
      container.replaceChildren();
    }
    empty.hidden = list.length > 0;
    for (const c of [...list].reverse()) {
      let el = cases.get(c.caseId);
      if (!el) {
        el = build(c);
        cases.set(c.caseId, el);
        container.prepend(el.root);
      }
      update(el, c);
    }
  }

  const loop = () => {
    if (stopped) return;
    refresh().catch(onError).finally(() => { if (!stopped) timer = window.setTimeout(loop, POLL_MS); });
  };
  loop();
  return () => { stopped = true; if (timer !== undefined) window.clearTimeout(timer); };
}
