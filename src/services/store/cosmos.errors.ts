import type { CosmosDiagnostics } from '@azure/cosmos';
import { AppError, StoreConflictError, type ErrorCode } from '../errors.js';

/** The HTTP status of an SDK error (ErrorResponse.code), or undefined for network and client-side errors. */
export function cosmosStatus(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  return typeof e.code === 'number' ? e.code : undefined;
}

/** Request charge carried by an SDK error (a 409 or 412 still costs RUs). */
export function errorCharge(e: unknown): number {
  if (typeof e !== 'object' || e === null || !('requestCharge' in e)) return 0;
  return typeof e.requestCharge === 'number' ? e.requestCharge : 0;
}

/** Diagnostics of a response or error, to count 429 retries the SDK absorbed. */
export function throttledRetries(diagnostics: CosmosDiagnostics | undefined): number {
  const attempts = diagnostics?.clientSideRequestStatistics.retryDiagnostics.failedAttempts ?? [];
  return attempts.filter((a) => a.statusCode === 429).length;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ETIMEDOUT']);

/** One place where SDK faults become the app's typed errors, keeping the SDK error as `cause`. */
export function toAppError(e: unknown, what: string): AppError {
  if (e instanceof AppError) return e;
  const status = cosmosStatus(e);
  if (status === 409 || status === 412) return new StoreConflictError(`${what}: conflict (${status})`, { cause: e });
  const code = codeFor(e, status);
  return new AppError(code, `${what}: Cosmos DB ${status ?? networkCode(e) ?? 'error'}`, { cause: e });
}

function codeFor(e: unknown, status: number | undefined): ErrorCode {
  switch (status) {
    case 400: return 'BAD_INPUT';
    case 401: case 403: return 'UNAUTHORIZED';
    case 404: return 'NOT_FOUND';
    case 408: return 'TIMEOUT';
    case 413: return 'PAYLOAD_TOO_LARGE';
    // 429 reaches us only after the SDK's own retries (CosmosStoreConfig.retry) ran out.
    case 429: return 'THROTTLED';
    case 449: case 500: case 502: case 503: return 'UNAVAILABLE';
    default: break;
  }
  const network = networkCode(e);
  if (network === 'ETIMEDOUT' || (e instanceof Error && e.name === 'TimeoutError')) return 'TIMEOUT';
  if (network !== undefined && NETWORK_CODES.has(network)) return 'UNAVAILABLE';
  return 'INTERNAL';
}

/** A Node network code (ECONNREFUSED...), looked for a few causes deep because the SDK wraps fetch errors. */
function networkCode(e: unknown, depth = 0): string | undefined {
  if (typeof e !== 'object' || e === null || depth > 3) return undefined;
  if ('code' in e && typeof e.code === 'string') return e.code;
  if ('cause' in e) return networkCode(e.cause, depth + 1);
  return undefined;
}
