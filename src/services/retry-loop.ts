/** Capped exponential backoff for a dependency that is down: OUTAGE_RETRY_MIN_MS doubling up to OUTAGE_RETRY_MAX_MS. */
export interface BackoffPolicy {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { minMs: 1_000, maxMs: 60_000 };

/**
 * The wait before attempt `failures + 1`: full jitter over a doubling, capped window, so instances that lost a
 * dependency together do not all come back at the same instant.
 */
export function backoffMs(policy: BackoffPolicy, failures: number, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxMs, policy.minMs * 2 ** Math.min(failures, 30));
  return Math.max(policy.minMs, Math.round(cap * (0.5 + random() / 2)));
}

export interface RetryLoop {
  /** Resolves once the task has succeeded (or the loop was stopped). */
  readonly done: Promise<void>;
  /** Whether the task has succeeded. */
  readonly succeeded: boolean;
  /** Skips the current wait: try again now (a sign the dependency is back). */
  poke(): void;
  stop(): void;
}

/**
 * Runs `task` until it succeeds, waiting with capped backoff between failures, for as long as it takes (a dependency
 * outage is never a reason to give up). `onFailure` hears each failure with the wait before the next try.
 */
export function retryUntilDone(
  task: () => Promise<void>, policy: BackoffPolicy,
  onFailure: (err: unknown, attempt: number, waitMs: number) => void,
): RetryLoop {
  let stopped = false;
  let succeeded = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const done = (async () => {
    for (let attempt = 1; !stopped; attempt++) {
      try {
        await task();
        succeeded = true;
        return;
      } catch (err) {
        if (stopped) return;
        const waitMs = backoffMs(policy, attempt - 1);
        onFailure(err, attempt, waitMs);
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, waitMs);
          timer.unref();
        });
        wake = undefined;
      }
    }
  })();
  const skip = (): void => { if (timer) clearTimeout(timer); wake?.(); };
  return {
    done,
    get succeeded() { return succeeded; },
    poke: skip,
    stop() { stopped = true; skip(); },
  };
}

/** Resolves (with undefined) after `ms` without keeping the process alive: a bound on how long start-up waits. */
export function unrefDelay(ms: number): Promise<undefined> {
  return new Promise<undefined>((resolve) => {
    const t: NodeJS.Timeout = setTimeout(() => resolve(undefined), ms);
    t.unref();
  });
}
