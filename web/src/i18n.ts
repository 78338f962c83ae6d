/** The page's own words (the bot's words come from the bot). */
export type UiLocale = 'en' | 'ru';

const en = {
  title: 'upgrade-bot playground',
  viewChat: 'Chat', viewSales: 'Sales', views: 'View',
  channel: 'Render as', language: 'Language', newConversation: 'New conversation', download: 'Download as .chat',
  conversation: 'Conversation', message: 'Message to the bot', send: 'Send', typing: 'The bot is answering…',
  placeholder: 'Type a message, e.g. "I want to upgrade"', start: 'I want to upgrade',
  empty: 'Say hello, or press the button below to start a purchase. Replies are rendered as the selected channel would show them.',
  panel: 'Tester panel', step: 'Step', state: 'State', order: 'Order', noOrder: 'Nothing chosen yet.',
  mail: 'Mail', noMail: 'No mail sent to this conversation yet.', code: 'Code', useCode: 'Send this code',
  payment: 'Payment', noPayment: 'No payment link yet.', openPage: 'Open the payment page', pay: 'Complete payment', decline: 'Decline payment',
  paymentStatus: 'Status', provisioning: 'Provisioning', provision: 'Finish provisioning', provisionHint: 'Available while the site is being set up.',
  handoff: 'Sales handoff', openSales: 'Open the sales view in a new tab',
  you: 'You', bot: 'Bot', agent: 'Sales', note: 'Outside world',
  'note.paid': 'The payment page reported: paid.', 'note.declined': 'The payment page reported: declined.', 'note.provisioned': 'The provisioner reported: site ready.',
  sales: 'Sales space', salesHint: 'Cases handed off by the bot. Claim one, then write in its thread: your words go to the customer; resume, resume tax-exempt CERTIFICATE, release and close are commands.',
  noCases: 'No cases yet. Ask the bot for a person in another tab.', claim: 'Claim', customer: 'Customer', answers: 'Answers', recent: 'Recent',
  emailVerified: 'email verified', emailNotVerified: 'email not verified', emailFromProfile: 'email from the chat profile',
  reply: 'Reply to the customer', replySend: 'Send', status: 'Status', callback: 'Callback contact', thread: 'Thread',
  error: 'Something went wrong', reconnecting: 'Reconnecting…', cardPressed: 'Sent',
  noName: 'Unknown name', noEmail: 'no email yet', pressed: 'Pressed', claimedBy: '{agent} claimed the case',
  'from.customer': 'Customer', 'from.user': 'Customer', 'from.bot': 'Bot', 'from.agent': 'Sales', 'from.system': 'Desk',
  'status.queued': 'queued', 'status.requested': 'requested', 'status.claimed': 'claimed', 'status.callbackOffered': 'callback offered', 'status.ended': 'ended',
  'reason.taxExempt': 'Tax-exempt organisation', 'reason.enterprise': 'Enterprise plan', 'reason.largeOrder': 'More licenses than sold online', 'reason.human': 'Asked for a person',
} as const;

export type UiKey = keyof typeof en;

const ru: Record<UiKey, string> = {
  title: 'Песочница upgrade-bot',
  viewChat: 'Чат', viewSales: 'Продажи', views: 'Вид',
  channel: 'Показывать как', language: 'Язык', newConversation: 'Новый разговор', download: 'Скачать .chat',
  conversation: 'Разговор', message: 'Сообщение боту', send: 'Отправить', typing: 'Бот отвечает…',
  placeholder: 'Напишите сообщение, например «хочу перейти на платный план»', start: 'хочу перейти на платный план',
  empty: 'Поздоровайтесь или нажмите кнопку ниже, чтобы начать покупку. Ответы показаны так, как их покажет выбранный канал.',
  panel: 'Панель тестировщика', step: 'Шаг', state: 'Состояние', order: 'Заказ', noOrder: 'Пока ничего не выбрано.',
  mail: 'Почта', noMail: 'Писем в этом разговоре пока нет.', code: 'Код', useCode: 'Отправить этот код',
  payment: 'Оплата', noPayment: 'Ссылки на оплату пока нет.', openPage: 'Открыть страницу оплаты', pay: 'Оплатить', decline: 'Отклонить оплату',
  paymentStatus: 'Статус', provisioning: 'Подготовка сайта', provision: 'Завершить подготовку', provisionHint: 'Доступно, пока сайт готовится.',
  handoff: 'Передача в отдел продаж', openSales: 'Открыть продажи в новой вкладке',
  you: 'Вы', bot: 'Бот', agent: 'Продажи', note: 'Внешний мир',
  'note.paid': 'Страница оплаты сообщила: оплачено.', 'note.declined': 'Страница оплаты сообщила: отклонено.', 'note.provisioned': 'Сайт готов.',
  sales: 'Пространство продаж', salesHint: 'Обращения, переданные ботом. Возьмите обращение и пишите в ветке: слова уходят клиенту; resume, resume tax-exempt СЕРТИФИКАТ, release и close — команды.',
  noCases: 'Обращений пока нет. Попросите бота позвать человека в другой вкладке.', claim: 'Взять', customer: 'Клиент', answers: 'Ответы', recent: 'Последнее',
  emailVerified: 'почта подтверждена', emailNotVerified: 'почта не подтверждена', emailFromProfile: 'почта из профиля в чате',
  reply: 'Ответ клиенту', replySend: 'Отправить', status: 'Статус', callback: 'Контакт для звонка', thread: 'Ветка',
  error: 'Что-то пошло не так', reconnecting: 'Переподключение…', cardPressed: 'Отправлено',
  noName: 'Имя неизвестно', noEmail: 'почты пока нет', pressed: 'Нажато', claimedBy: '{agent} взял обращение',
  'from.customer': 'Клиент', 'from.user': 'Клиент', 'from.bot': 'Бот', 'from.agent': 'Продажи', 'from.system': 'Система',
  'status.queued': 'в очереди', 'status.requested': 'запрошено', 'status.claimed': 'взято', 'status.callbackOffered': 'предложен обратный звонок', 'status.ended': 'закрыто',
  'reason.taxExempt': 'Организация, освобождённая от налога', 'reason.enterprise': 'План Enterprise', 'reason.largeOrder': 'Больше лицензий, чем продаётся онлайн', 'reason.human': 'Попросили человека',
};

const tables: Record<UiLocale, Record<UiKey, string>> = { en, ru };
let current: UiLocale = 'en';

export function setUiLocale(locale: UiLocale): void {
  current = locale;
  document.documentElement.lang = locale;
}

export function uiLocale(): UiLocale {
  return current;
}

export function t(key: UiKey): string {
  return tables[current][key];
}

/** A key sent by the server (notes, statuses, reasons); unknown ones show as `fallback`, else as they are. */
export function tKnown(key: string, fallback: string = key): string {
  return key in en ? t(key as UiKey) : fallback;
}

/** Fills every `data-i18n` (text), `data-i18n-label` (aria-label) and `data-i18n-placeholder` in the page. */
export function translatePage(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = tKnown(el.dataset['i18n'] ?? '');
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) el.setAttribute('aria-label', tKnown(el.dataset['i18nLabel'] ?? ''));
  for (const el of root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) el.placeholder = tKnown(el.dataset['i18nPlaceholder'] ?? '');
  document.title = t('title');
}
