import type { PanelState } from '../../src/adapters/web/web.types.js';
import { t } from './i18n.js';

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
};

export interface PanelCallbacks {
  useCode(code: string): void;
}

/** The tester side panel: step, order draft, mail with codes, payment, provisioning, handoff. */
export function renderPanel(p: PanelState, cb: PanelCallbacks): void {
  $('step').textContent = p.step;
  $('state').textContent = p.state === p.step ? '' : p.state;

  const order = $('order');
  if (p.order.length === 0) {
    const dd = document.createElement('dd');
    dd.textContent = t('noOrder');
    order.replaceChildren(dd);
  } else {
    order.replaceChildren(...p.order.flatMap((row) => {
      const dt = document.createElement('dt');
      dt.textContent = row.key;
      const dd = document.createElement('dd');
      dd.textContent = row.value;
      dd.dataset['key'] = row.key;
      return [dt, dd];
    }));
  }

  const mails = $('mails');
  if (p.mails.length === 0) {
    const li = document.createElement('li');
    li.textContent = p.mailNote ?? t('noMail');
    mails.replaceChildren(li);
  } else {
    mails.replaceChildren(...p.mails.map((m) => {
      const li = document.createElement('li');
      const head = document.createElement('p');
      head.innerHTML = '<strong></strong> <span class="hint"></span>';
      head.querySelector('strong')!.textContent = m.subject;
      head.querySelector('span')!.textContent = `→ ${m.to}`;
      li.append(head);
      if (m.code) {
        const code = document.createElement('p');
        code.className = 'code';
        code.innerHTML = '<span></span> <code class="mail-code"></code> ';
        code.querySelector('span')!.textContent = `${t('code')}:`;
        code.querySelector('code')!.textContent = m.code;
        const use = document.createElement('button');
        use.type = 'button';
        use.textContent = t('useCode');
        const value = m.code;
        use.addEventListener('click', () => cb.useCode(value));
        code.append(use);
        li.append(code);
      } else {
        const body = document.createElement('pre');
        body.textContent = m.text;
        li.append(body);
      }
      return li;
    }));
  }

  const payment = $('payment');
  const open = p.payment?.status === 'pending';
  if (p.payment) {
    const a = document.createElement('a');
    a.href = p.payment.url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.textContent = t('openPage');
    const status = document.createElement('p');
    status.textContent = `${t('paymentStatus')}: ${p.payment.status}`;
    status.id = 'payment-status';
    payment.replaceChildren(status, a);
  } else {
    const none = document.createElement('p');
    none.textContent = t('noPayment');
    payment.replaceChildren(none);
  }
  $<HTMLButtonElement>('pay').disabled = !open;
  $<HTMLButtonElement>('decline').disabled = !open;
  $<HTMLButtonElement>('provision').disabled = !p.canProvision;

  $('handoff').textContent = p.handoff
    ? [p.handoff.status, p.handoff.caseId, p.handoff.agentName].filter(Boolean).join(' · ')
    : '—';
}

export { $ };
