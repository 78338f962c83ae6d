import { createHmac } from 'node:crypto';
import { AppError } from './errors.js';

/** Hashes a verification code for one conversation. */
export type CodeHasher = (conversationId: string) => (code: string) => string;

const MIN_SECRET_LENGTH = 16;

/**
 * Keyed HMAC-SHA256 of (conversationId, code): a stored 6-digit code hash cannot be brute-forced offline
 * without the secret, and the same code in another conversation hashes differently.
 */
export function createCodeHasher(secret: string): CodeHasher {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new AppError('BAD_INPUT', `code hashing secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return (conversationId: string) => (code: string) =>
    createHmac('sha256', secret)
      // Length-prefixing keeps ("ab","1") and ("a","b1") from colliding.
      .update(`${conversationId.length}:${conversationId}:${normaliseCode(code)}`)
      .digest('hex');
}

/** People type "123 456" or "123-456"; the hash must match what was sent. */
function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

/**
 * A verification code derived from the conversation and the turn that sends it (keyed HMAC, its own domain tag), so
 * two instances racing on the same duplicate delivery mail the same code, and either stored hash accepts it. A
 * new request (another turn) gets a new code; without the secret the code cannot be predicted.
 */
export function createCodeDeriver(secret: string): (conversationId: string, turnKey: string) => string {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new AppError('BAD_INPUT', `code secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return (conversationId, turnKey) => {
    const mac = createHmac('sha256', secret).update(`code-seed:${conversationId.length}:${conversationId}:${turnKey}`).digest();
    // 48 bits mod 10^6: the bias is below 1e-8.
    return String(mac.readUIntBE(0, 6) % 1_000_000).padStart(6, '0');
  };
}
