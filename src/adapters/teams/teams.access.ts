import type { TeamsActivity } from './teams.activity.js';

/**
 * Who may talk to the Teams endpoint and where the bot may answer. The bot POSTs its replies to the `serviceUrl` an
 * activity names: without a check, an activity is a way to make the bot call any URL (an open relay in emulator
 * mode, where nothing is authenticated). With an app id, only Bot Connector hosts are answered; in emulator mode,
 * only this machine.
 */
export interface TeamsAccess {
  /** Why replies may not go to this serviceUrl, or undefined when they may. */
  refuseServiceUrl(serviceUrl: string): string | undefined;
  /** Why an activity from this tenant is not accepted, or undefined when it is. */
  refuseTenant(activity: TeamsActivity): string | undefined;
}

/**
 * Where Teams and the Bot Framework channels put their Bot Connector: smba.trafficmanager.net (Teams, public cloud),
 * *.botframework.com (the other channels), *.teams.microsoft.com (GCC), *.teams.microsoft.us (GCC High, DoD).
 */
export const DEFAULT_SERVICE_URL_HOSTS: readonly string[] = [
  'smba.trafficmanager.net', '*.botframework.com', '*.teams.microsoft.com', '*.teams.microsoft.us',
];

export interface TeamsAccessConfig {
  /** No app id: requests are not authenticated, so replies go to loopback serviceUrls only. */
  emulatorMode: boolean;
  /** With an app id: hosts (`*.suffix` for any subdomain) a serviceUrl may name; https only. Default DEFAULT_SERVICE_URL_HOSTS. */
  serviceUrlHosts?: readonly string[] | undefined;
  /** Tenant ids accepted; undefined or containing `*`: any tenant. */
  tenants?: readonly string[] | undefined;
}

const isLoopback = (host: string): boolean => {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
};

function hostMatches(host: string, pattern: string): boolean {
  const p = pattern.trim().toLowerCase();
  if (p.startsWith('*.')) return host.endsWith(p.slice(1)) && host.length > p.length - 1;
  return host === p;
}

/** The tenant an activity belongs to: Teams puts it on the conversation and in channelData. */
export function tenantOf(activity: TeamsActivity): string | undefined {
  return activity.conversation.tenantId ?? activity.channelData?.tenant?.id;
}

export function createTeamsAccess(config: TeamsAccessConfig): TeamsAccess {
  const anyTenant = config.tenants === undefined || config.tenants.includes('*');
  const tenants = new Set((config.tenants ?? []).map((t) => t.trim().toLowerCase()));
  return {
    refuseServiceUrl(serviceUrl) {
      let url: URL;
      try { url = new URL(serviceUrl); } catch { return 'serviceUrl is not a URL'; }
      if (url.username || url.password) return 'serviceUrl carries credentials';
      const host = url.hostname.toLowerCase();
      if (config.emulatorMode) {
        return isLoopback(host) ? undefined : `emulator mode answers this machine only (loopback serviceUrl), not ${host}`;
      }
      if (url.protocol !== 'https:') return 'serviceUrl must be https';
      return (config.serviceUrlHosts ?? DEFAULT_SERVICE_URL_HOSTS).some((p) => hostMatches(host, p)) ? undefined : `serviceUrl host ${host} is not a Bot Connector host (TEAMS_SERVICE_URL_HOSTS)`;
    },
    refuseTenant(activity) {
      if (anyTenant) return undefined;
      const tenant = tenantOf(activity);
      if (tenant === undefined) return 'activity names no tenant (TEAMS_TENANTS is set)';
      return tenants.has(tenant.toLowerCase()) ? undefined : `tenant ${tenant} is not accepted (TEAMS_TENANTS)`;
    },
  };
}
