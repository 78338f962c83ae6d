import { createHmac, timingSafeEqual } from 'node:crypto';

/** Hex HMAC-SHA1 of the exact bytes Webex sent, as in X-Spark-Signature. */
export function signWebexBody(body: Buffer | string, secret: string): string {
  return createHmac('sha1', secret).update(body).digest('hex');
}

/**
 * True when `signature` matches the raw body under one of the secrets (current, then previous during rotation).
 * Compares digests in constant time; every secret is tried so the timing does not reveal which one matched.
 */
export function verifyWebexSignature(rawBody: Buffer, signature: string | undefined, secrets: readonly string[]): boolean {
  if (signature === undefined || !/^[0-9a-f]{40}$/i.test(signature.trim())) return false;
  const given = Buffer.from(signature.trim().toLowerCase(), 'hex');
  let ok = false;
  for (const secret of secrets) {
    if (secret === '') continue;
    const expected = createHmac('sha1', secret).update(rawBody).digest();
    if (timingSafeEqual(expected, given)) ok = true;
  }
  return ok;
}
