import { createActor, type ActionExecutor, type ExecutableActionObject } from 'xstate';
import type { UpgradeMachine } from '../machines/upgrade.machine.js';

type Scope = Parameters<UpgradeMachine['transition']>[2];

/**
 * One inert actor scope for the engine's life, as xstate's pure `transition()` builds for every call (it constructs
 * a whole actor, evaluating the machine's initial state, each time: a fifth of a turn's CPU). Actions are collected
 * into the array of the current `run` instead of being executed. Safe because transitions are synchronous and this
 * machine spawns, invokes and schedules nothing in xstate (timers are durable effects, raises are immediate), so
 * nothing is ever registered in the scope's system.
 */
export function inertScope(machine: UpgradeMachine): { scope: Scope; run<T>(fn: (scope: Scope) => T): [T, ExecutableActionObject[]] } {
  // The input only feeds the initial state this constructor evaluates once; transitions never read it.
  const self = createActor(machine, { input: { conversationId: '', userId: '', locale: 'en' } });
  let sink: ExecutableActionObject[] = [];
  const actionExecutor: ActionExecutor = (action) => { sink.push(action); };
  const noop = (): void => undefined;
  const scope: Scope = { self, id: '', sessionId: '', logger: noop, defer: noop, emit: noop, system: self.system, stopChild: noop, actionExecutor };
  return {
    scope,
    run<T>(fn: (s: Scope) => T): [T, ExecutableActionObject[]] {
      const actions: ExecutableActionObject[] = [];
      sink = actions;
      try {
        return [fn(scope), actions];
      } finally {
        sink = [];
      }
    },
  };
}
