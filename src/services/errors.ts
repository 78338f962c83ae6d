/** Infrastructure faults: typed, with a code and a cause, mapped to HTTP in one place at the edge. */
export type ErrorCode =
  | 'CONFLICT' | 'NOT_FOUND' | 'UNAVAILABLE' | 'TIMEOUT' | 'THROTTLED' | 'BAD_INPUT' | 'UNAUTHORIZED'
  | 'PAYLOAD_TOO_LARGE' | 'INTERNAL';

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

/** An optimistic-concurrency write lost (412 on Cosmos, etag mismatch elsewhere) or a create met an existing id. */
export class StoreConflictError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFLICT', message, options);
    this.name = 'StoreConflictError';
  }
}

export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}
