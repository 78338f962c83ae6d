import './styles.css';
import 'adaptivecards/lib/adaptivecards.css';
import type { LogEntry, WebChannel } from '../../src/adapters/web/web.types.js';
import { conversationApi, KEY_STORE, type ConversationApi } from './api.js';
import { ChatLogView, newKey } from './chat.js';
import { setUiLocale, t, translatePage, type UiLocale } from './i18n.js';
import { $, renderPanel } from './panel.js';
import { startSalesView } from './sales.js';

const CHANNEL_STORE = 'playground.channel';
const LOCALE_STORE = 'playground.locale';
const PANEL_DEBOUNCE_MS = 120;

const isChannel = (v: string | null): v is WebChannel => v === 'webex' || v === 'teams';
const isLocale = (v: string | null): v is UiLocale => v === 'en' || v === 'ru';

let channel: WebChannel = isChannel(localStorage.getItem(CHANNEL_STORE)) ? localStorage.getItem(CHANNEL_STORE) as WebChannel : 'webex';
let locale: UiLocale = (() => {
  const stored = localStorage.getItem(LOCALE_STORE);
  if (isLocale(stored)) return stored;
  return navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
})();
let key = sessionStorage.getItem(KEY_STORE) ?? newKey();
sessionStorage.setItem(KEY_STORE, key);
let api: ConversationApi = conversationApi(key);
let closeEvents: (() => void) | undefined;
let panelTimer: number | undefined;
let pending = 0;

const input = $<HTMLInputElement>('input');
const errorBox = $('error');

function showError(err: unknown): void {
  errorBox.textContent = `${t('error')}: ${err instanceof Error ? err.message : String(err)}`;
}

function refreshPanel(): void {
  if (panelTimer !== undefined) window.clearTimeout(panelTimer);
  panelTimer = window.setTimeout(() => {
    api.panel().then((p) => renderPanel(p, { useCode: (code) => void send(code) }), showError);
  }, PANEL_DEBOUNCE_MS);
}

/** Every turn the page starts: shows "answering…" while it runs, errors in the alert line, then the panel. */
async function turn(run: () => Promise<unknown>): Promise<void> {
  pending++;
  $('typing').textContent = t('typing');
  errorBox.textContent = '';
  try {
    await run();
  } catch (err) {
    showError(err);
  } finally {
    if (--pending === 0) $('typing').textContent = '';
    refreshPanel();
  }
}

const log = new ChatLogView($<HTMLOListElement>('log'), $('empty'), channel, {
  suggested: (label, value) => void turn(() => api.say({ text: value, label, locale })),
  pressed: (entry, press) => void turn(() => api.submit({
    value: press.data, messageId: entry.id, channel, ...(press.title ? { title: press.title } : {}),
  })),
});

function send(text: string): Promise<void> {
  return turn(() => api.say({ text, locale }));
}

function connect(): void {
  closeEvents?.();
  closeEvents = api.events(locale, log.seq, (e: LogEntry) => { log.add(e); refreshPanel(); }, (open) => {
    if (!open) $('typing').textContent = t('reconnecting');
    else if (pending === 0) $('typing').textContent = '';
  });
  $<HTMLAnchorElement>('download').href = api.transcriptUrl(channel);
  // A new tab does not share this one's session storage: the link carries the key its sales view may need.
  $<HTMLAnchorElement>('open-sales').href = `/#sales:${key}`;
  refreshPanel();
}

function newConversation(): void {
  key = newKey();
  sessionStorage.setItem(KEY_STORE, key);
  api = conversationApi(key);
  log.clear();
  connect();
  input.focus();
}

function applyLocale(): void {
  setUiLocale(locale);
  translatePage();
  $<HTMLSelectElement>('language').value = locale;
}

let stopSales: (() => void) | undefined;
function route(): void {
  const sales = location.hash.startsWith('#sales');
  $('chat-view').hidden = sales;
  $('sales-view').hidden = !sales;
  $('tab-chat').toggleAttribute('aria-current', !sales);
  $('tab-sales').toggleAttribute('aria-current', sales);
  if (sales && !stopSales) stopSales = startSalesView($('cases'), $('no-cases'), showError);
  if (!sales && stopSales) { stopSales(); stopSales = undefined; }
}

$<HTMLFormElement>('composer').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  void send(text);
  input.focus();
});
$('start').addEventListener('click', () => { void send(t('start')); input.focus(); });
$('new-conversation').addEventListener('click', newConversation);
$<HTMLSelectElement>('channel').value = channel;
$<HTMLSelectElement>('channel').addEventListener('change', (ev) => {
  const v = (ev.target as HTMLSelectElement).value;
  if (!isChannel(v)) return;
  channel = v;
  localStorage.setItem(CHANNEL_STORE, v);
  log.setChannel(v);
  $<HTMLAnchorElement>('download').href = api.transcriptUrl(channel);
});
$<HTMLSelectElement>('language').addEventListener('change', (ev) => {
  const v = (ev.target as HTMLSelectElement).value;
  if (!isLocale(v) || v === locale) return;
  locale = v;
  localStorage.setItem(LOCALE_STORE, v);
  applyLocale();
  // A conversation under way is asked to switch, as a user would; a new one simply starts in this language.
  if (log.hasUserTurns) void send(v === 'ru' ? 'по-русски' : 'english please');
});
$('pay').addEventListener('click', () => void turn(() => api.pay({ outcome: 'succeeded' })));
$('decline').addEventListener('click', () => void turn(() => api.pay({ outcome: 'declined' })));
$('provision').addEventListener('click', () => void turn(() => api.provision()));
window.addEventListener('hashchange', route);

applyLocale();
connect();
route();
// Tests (and people with slow machines) can tell when the page is live.
document.body.dataset['ready'] = 'true';
