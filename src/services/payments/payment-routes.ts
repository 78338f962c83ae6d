import type { Request, Response, Server } from 'restify';
import { isAppError } from '../errors.js';
import type { CompleteResult, LocalPayment, PaymentOutcome } from './local-payments.js';
import { pickLocale, renderPaymentPage, renderResultPage, type ResultKind } from './payment-page.js';

export type PaymentView = { status: 'open'; payment: LocalPayment } | { status: 'unknown' | 'used' | 'expired' };

export interface PaymentRoutesDeps {
  view(token: string): Promise<PaymentView>;
  complete(token: string, outcome: PaymentOutcome): Promise<CompleteResult>;
}

/** base64url of 32 bytes; anything else is rejected before a lookup. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const STATUS_BY_RESULT: Record<ResultKind, number> = {
  succeeded: 200, declined: 200, unknown: 404, used: 410, expired: 410, undelivered: 503,
};

/** The token in the URL is the credential: nothing may cache, frame, or leak it via Referer. */
const SECURITY_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

export function mountPaymentRoutes(server: Server, deps: PaymentRoutesDeps): void {
  server.get('/pay/:token', async (req: Request, res: Response) => {
    const token = tokenParam(req);
    const locale = pickLocale(req.header('accept-language'));
    const view = token ? await deps.view(token) : { status: 'unknown' as const };
    if (view.status !== 'open') {
      sendHtml(res, STATUS_BY_RESULT[view.status], renderResultPage(view.status, locale));
      return;
    }
    const p = view.payment;
    const html = renderPaymentPage(
      { amountCents: p.amountCents, currency: p.currency, description: p.description,
        // Relative to /pay/<token>, so the page also works when publicUrl has a path prefix behind a proxy.
        confirmPath: `${p.token}/confirm`, declinePath: `${p.token}/decline` },
      locale,
    );
    sendHtml(res, 200, html);
  });

  const completeRoute = (outcome: PaymentOutcome) => async (req: Request, res: Response) => {
    const token = tokenParam(req);
    const locale = pickLocale(req.header('accept-language'));
    let kind: ResultKind;
    let paymentId: string | undefined;
    try {
      const result = token ? await deps.complete(token, outcome) : { status: 'unknown' as const };
      kind = result.status === 'completed' ? outcome : result.status;
      if (result.status === 'completed') paymentId = result.event.paymentId;
    } catch (e) {
      if (!isAppError(e, 'UNAVAILABLE')) throw e;
      kind = 'undelivered';
    }
    const status = STATUS_BY_RESULT[kind];
    // scripts/pay.ts asks for JSON; a browser's form post gets a page.
    if (wantsJson(req)) {
      res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(paymentId ? { result: kind, paymentId } : { result: kind }));
      return;
    }
    sendHtml(res, status, renderResultPage(kind, locale));
  };
  server.post('/pay/:token/confirm', completeRoute('succeeded'));
  server.post('/pay/:token/decline', completeRoute('declined'));
}

function tokenParam(req: Request): string | undefined {
  const params: unknown = req.params;
  if (typeof params !== 'object' || params === null || !('token' in params)) return undefined;
  const token = params.token;
  return typeof token === 'string' && TOKEN_PATTERN.test(token) ? token : undefined;
}

function wantsJson(req: Request): boolean {
  const accept = req.header('accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

function sendHtml(res: Response, status: number, html: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
  res.end(html);
}
