import type { SalesCaseView } from '../../src/adapters/web/web.types.js';
import { salesApi } from './api.js';
import { t } from './i18n.js';
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
    h.textContent = `${c.reasonLabel} · ${c.caseId}`;
    const status = document.createElement('p');
    status.className = 'case-status';
    const facts = document.createElement('dl');
    facts.className = 'facts';
    const fact = (k: string, v: string | string[]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      if (Array.isArray(v)) {
        const ul = document.createElement('ul');
        ul.className = 'recent';
        ul.append(...v.map((line) => {
          const li = document.createElement('li');
          li.textContent = line;
          return li;
        }));
        dd.append(ul);
      } else {
        dd.textContent = v;
      }
      facts.append(dt, dd);
    };
    // As on the case card in a real sales space: whether a code proved the email.
    const proof = c.customer.email === undefined ? undefined
      : `(${t(c.customer.emailVerified === true ? 'emailVerified' : c.customer.emailVerified === false ? 'emailNotVerified' : 'emailFromProfile')})`;
    fact(t('customer'), [c.customer.name, c.customer.email ? `<${c.customer.email}>` : undefined, proof].filter(Boolean).join(' ') || '?');
    fact(t('answers'), c.summary);
    if (c.recent.length) fact(t('recent'), c.recent);
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
    el.status.textContent = `${t('status')}: ${c.status}${c.agentName ? ` (${c.agentName})` : ''}${c.callbackContact ? ` · ${t('callback')}: ${c.callbackContact}` : ''}`;
    el.claim.disabled = c.status !== 'queued' && c.status !== 'callbackOffered' && c.status !== 'requested';
    el.claim.hidden = c.status === 'ended';
    el.input.disabled = c.status === 'ended';
    el.send.disabled = c.status === 'ended';
    const key = JSON.stringify(c.thread);
    if (key === el.threadKey) return;
    el.threadKey = key;
    el.thread.replaceChildren(...c.thread.map((m) => {
      const li = document.createElement('li');
      li.className = `msg ${m.from}`;
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = m.from;
      li.append(who, markdownElement(m.text));
      return li;
    }));
  }

  async function refresh(): Promise<void> {
    const list = await salesApi.list();
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
