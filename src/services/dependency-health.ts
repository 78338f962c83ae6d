/**
 * What each dependency (store, webex, teams, mail) last showed: up, down or not yet known. Reported by whoever
 * talks to it (a call that succeeded or failed for want of an answer), read by /healthz and the metrics. Only the
 * store decides readiness: a channel that is down is reported here, not by taking the instance out of rotation.
 */
export type DependencyState = 'up' | 'down' | 'starting';

export interface DependencyStatus {
  state: DependencyState;
  /** Since when (epoch ms) it has been in this state. */
  since: number;
  /** Why it is down: an error code or name, never a message (messages may carry ids or addresses). */
  reason?: string;
}

export interface DependencyHealth {
  /** Records a state; the same state again keeps its `since`. */
  report(name: string, state: DependencyState, reason?: string): void;
  /** Shorthand for a call's outcome: success is up, an error marks the dependency down with its code. */
  ok(name: string): void;
  failed(name: string, err: unknown): void;
  get(name: string): DependencyStatus | undefined;
  snapshot(): Record<string, DependencyStatus>;
}

/** An error's code (AppError) or name, bounded: what /healthz may show. */
export function reasonOf(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  const name = err instanceof Error ? err.name : 'unknown';
  const r = code ?? name;
  return /^[A-Za-z_]{1,40}$/.test(r) ? r : 'other';
}

/** `onChange` hears each change of state (not each call), so an outage is logged once when it starts and ends. */
export function createDependencyHealth(
  onChange?: (name: string, status: DependencyStatus, before: DependencyStatus | undefined) => void, now: () => number = Date.now,
): DependencyHealth {
  const states = new Map<string, DependencyStatus>();
  const report = (name: string, state: DependencyState, reason?: string): void => {
    const cur = states.get(name);
    if (cur?.state === state && cur.reason === reason) return;
    const next = { state, since: cur?.state === state ? cur.since : now(), ...(reason === undefined ? {} : { reason }) };
    states.set(name, next);
    if (cur?.state !== state) onChange?.(name, next, cur);
  };
  return {
    report,
    ok: (name) => report(name, 'up'),
    failed: (name, err) => report(name, 'down', reasonOf(err)),
    get: (name) => states.get(name),
    snapshot: () => Object.fromEntries(states),
  };
}
