/** Phrasings written for the test, none copied from data/faq.json: the search must generalise to them. */
export const MATCHES: Record<string, { en: string[]; ru: string[] }> = {
  'licence-who': {
    en: ['Do my guests have to buy a license?', 'does everyone on the call need their own license?', 'who exactly needs licences in my company',
      'how many licences should we get for a team of 5?', 'do attendees need to pay for a licence to join?', 'we need 10, do guests need a license too?'],
    ru: ['Гостям тоже нужна лицензия?', 'нужна ли лицензия каждому сотруднику?', 'кому из команды нужны лицензии',
      'сколько лицензий надо купить?', 'посетителям нужна учётная запись?'],
  },
  'licence-later': {
    en: ['Can I buy extra licenses later?', 'is it ok to add licences later if we hire more people?', 'what if we need more licenses in a few months?',
      'can I add more seats down the road', 'not sure how many licenses yet, can I add later?'],
    ru: ['Можно будет докупить лицензии позже?', 'если нам понадобится ещё лицензий, можно добавить?', 'а потом можно добавить лицензий?',
      'не знаю сколько нужно лицензий, можно потом добавить?', 'можно ли позднее увеличить число лицензий?'],
  },
  callback: {
    en: ['what is the callback add on?', 'what does callback actually do?', 'why would I want callback?', 'how does the call back feature work?',
      'what is callback for'],
    ru: ['Что делает обратный вызов?', 'зачем мне надстройка обратный вызов?', 'обратный вызов — это что такое?', 'что такое надстройка callback?',
      'как работает надстройка обратного вызова?'],
  },
  renewal: {
    en: ['Which is cheaper, annual or monthly?', 'what does annual renewal mean?', 'is annual billed all at once?',
      'how is monthly different from annual?', 'do I have to pay the full year upfront?'],
    ru: ['Что дешевле, ежегодно или ежемесячно?', 'чем годовое продление лучше?', 'как работает ежемесячное продление?',
      'при ежегодном продлении платить за год вперед?', 'в чем разница ежемесячного и ежегодного продления?'],
  },
  plans: {
    en: ["what's included in suite?", "what's the difference between Meet and Call?", 'which plan includes calling?', 'what do I get in the Meet plan?',
      'what plans do you have?'],
    ru: ['что за план Suite?', 'какая разница между Meet и Call?', 'какой план включает звонки?', 'что входит в план Suite?',
      'какие планы у вас есть?'],
  },
  porting: {
    en: ['How long does it take to port my numbers?', 'can I port my current office number?', 'can I move my existing phone numbers to Webex?',
      'how many days does number porting take?', 'when will my ported numbers be ready?'],
    ru: ['Сколько времени занимает перенос номеров?', 'можно перенести мой номер телефона?', 'как долго ждать переноса номера?',
      'можно ли перенести номера в webex?', 'когда закончится перенос номеров?'],
  },
  'new-numbers': {
    en: ['When can I start using new numbers?', 'how long do new phone numbers take?', 'will the new numbers be ready straight away?',
      'are the new numbers available right after purchase?'],
    ru: ['Когда заработают новые номера?', 'новые номера телефона будут готовы сразу?', 'сколько ждать новых номеров телефона?',
      'когда я получу новые номера?'],
  },
  'site-url': {
    en: ['Can I change the site URL?', 'where does my webex site name come from?', 'can I choose a different url for the site?',
      'why is my site url based on my email?'],
    ru: ['Можно поменять адрес сайта?', 'откуда взялось имя сайта?', 'можно выбрать другой url для сайта?', 'почему адрес сайта из моей почты?'],
  },
  'carry-over': {
    en: ['Will I keep my recordings after upgrading?', 'do my existing meetings carry over?', 'will my site settings be lost?',
      'what happens to my reports and recordings?', 'suite annual, one question: do recordings carry over?'],
    ru: ['Сохранятся ли мои записи после модернизации?', 'мои совещания перенесутся?', 'пропадут ли настройки сайта?',
      'что будет с отчетами и записями?', 'годовая, и ещё вопрос: настройки останутся?', 'записи пропадут?'],
  },
  'tax-exempt': {
    en: ['We are a non-profit, how do we buy?', 'how can a tax exempt organization purchase?', 'can we buy tax free as a school?',
      'is there a way to not pay tax as a charity?'],
    ru: ['Мы освобождены от налогов, как нам купить?', 'как купить некоммерческой организации?', 'можно купить без налога для школы?',
      'как быть организации, освобожденной от уплаты налогов?'],
  },
  'after-order': {
    en: ['What happens once I place my order?', 'how long until my site is set up?', 'what do I do after I pay?',
      'when will the new features show up on my site?'],
    ru: ['Что происходит после размещения заказа?', 'сколько ждать пока сайт настроится?', 'что будет после того как я оплачу?',
      'когда на сайте появятся новые функции?'],
  },
  payment: {
    en: ['How do I pay for this?', 'can I just send my card number here?', 'is paying safe?', 'where do I put my credit card details?'],
    ru: ['Как я буду платить?', 'можно написать номер карты в чат?', 'безопасно ли оплачивать?', 'куда ввести данные банковской карты?'],
  },
};

/** Questions the help page does not answer: the bot must say so and offer a person. */
export const UNANSWERED = {
  en: ['do you integrate with salesforce?', "what's the weather like", 'can I get a discount for 3 years?', 'who won the game last night?',
    'does webex work on linux?', 'how do I reset my password?'],
  ru: ['вы интегрируетесь с salesforce?', 'какая сегодня погода?', 'работает ли webex на линуксе?', 'как сбросить пароль?',
    'кто выиграл вчерашний матч?'],
};

/** Answers and statements: no question at all. */
export const NOT_QUESTIONS = {
  en: ['25', 'suite annual', 'jane@acme.example', 'yes', 'monthly please', 'we want suite with callback', '10 licenses', 'acme.webex.com',
    'no thanks', 'do it', 'same as billing', '25?', 'I already have an account', 'talk to a person', 'suite annual 25?',
    'suite with callback?', 'can we do 10?', 'how about 20', 'so suite then?'],
  ru: ['25', 'сьют ежегодно', 'да', 'нам нужно 10 лицензий', 'без обратного вызова', 'хотим suite на год', 'такой же как для счетов',
    'позовите человека', 'ежемесячно, пожалуйста', 'нужно 10 лицензий', 'можно 10 лицензий', 'ежегодно на 10 человек?',
    'и обратный вызов?', 'с колбэком?'],
};
