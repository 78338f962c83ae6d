import { AppError } from '../../src/services/errors.js';
import { wrapStoreCalls } from '../../src/services/store/resilient.store.js';
import type { Store } from '../../src/services/store.port.js';

/** A store that can be cut: while `down`, every call (ping included) fails as an unreachable backend would. */
export interface CuttableStore {
  store: Store;
  down: boolean;
  /** Calls refused while down. */
  refused: number;
}

export function cuttableStore(inner: Store): CuttableStore {
  const state: CuttableStore = {
    down: false, refused: 0,
    store: wrapStoreCalls(inner, (run) => {
      if (!state.down) return run();
      state.refused += 1;
      return Promise.reject(new AppError('UNAVAILABLE', 'store cut by the test'));
    }),
  };
  return state;
}
