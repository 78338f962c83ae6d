import { AppError } from '../errors.js';
import type { Provisioner } from '../outside.port.js';

/** Requests remembered (the latest): a long-running bot must not keep every order it ever provisioned. */
export const STARTED_KEPT = 1_000;

export interface SimulatedProvisionerConfig {
  /** How long "your site is being set up" lasts; the engine keeps the durable timer, so a restart resumes it. */
  delayMs: number;
}

export interface SimulatedProvisioner extends Provisioner {
  /** The latest requests seen (at most STARTED_KEPT), oldest first (for tests and the console). */
  readonly started: readonly { conversationId: string; orderId: string; siteUrl: string }[];
}

export function createSimulatedProvisioner(config: SimulatedProvisionerConfig): SimulatedProvisioner {
  const { delayMs } = config;
  if (!Number.isInteger(delayMs) || delayMs < 0) {
    throw new AppError('BAD_INPUT', `provisioning delayMs must be a non-negative integer, got ${delayMs}`);
  }
  const started: { conversationId: string; orderId: string; siteUrl: string }[] = [];
  return {
    started,
    async start(req) {
      started.push({ ...req });
      if (started.length > STARTED_KEPT) started.splice(0, started.length - STARTED_KEPT);
      return { readyAfterMs: delayMs };
    },
  };
}
