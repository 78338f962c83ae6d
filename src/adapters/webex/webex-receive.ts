import type { Request } from 'restify';
import { AppError } from '../../services/errors.js';

/** Webhook envelopes carry ids only (well under 2 KB); anything this big is not from Webex. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;
/**
 * An oversized body is still read (and dropped) up to this much before the 413 goes out: a client that writes its
 * whole body before reading (most do) otherwise meets a reset connection instead of the answer. Past it the server
 * stops reading and closes.
 */
export const MAX_DISCARDED_BODY_BYTES = 16 * 1024 * 1024;

type RestifyBodyFields = { rawBody?: unknown; body?: unknown };

/**
 * The exact bytes of the request, which the signature covers. Works whichever way the server is set up:
 * - no body parser on this route: reads the stream itself;
 * - restify's bodyParser()/jsonBodyParser() ran (e.g. a global `server.use` for Teams): restify keeps the body text
 *   in `req.rawBody` (decoded as UTF-8; valid JSON is UTF-8, so re-encoding gives the same bytes, and anything else
 *   fails the signature, which is the safe direction);
 * - only bodyReader ran: `req.body` is still the Buffer or text.
 */
export async function readRawBody(req: Request): Promise<Buffer> {
  const fields = req as unknown as RestifyBodyFields;
  const kept = fields.rawBody ?? (typeof fields.body === 'string' || Buffer.isBuffer(fields.body) ? fields.body : undefined);
  if (Buffer.isBuffer(kept)) return kept;
  if (typeof kept === 'string') return Buffer.from(kept, 'utf8');
  if (req.readableEnded) {
    throw new AppError('INTERNAL', 'request body was consumed without keeping the raw bytes; mount bodyParser per route');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > MAX_DISCARDED_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'webhook body too large');
    if (size <= MAX_WEBHOOK_BODY_BYTES) chunks.push(b);
  }
  if (size > MAX_WEBHOOK_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'webhook body too large');
  return Buffer.concat(chunks);
}
