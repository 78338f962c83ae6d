export {
  createLocalPayments, tokenFromUrl, type CompleteResult, type LocalPayment, type LocalPayments,
  type LocalPaymentsConfig, type PaymentOutcome, type PaymentOutcomeEvent,
} from './local-payments.js';
export { pickLocale } from './payment-page.js';
