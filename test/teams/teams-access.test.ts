import { describe, expect, it } from 'vitest';
import { createTeamsAccess, DEFAULT_SERVICE_URL_HOSTS } from '../../src/adapters/teams/teams.access.js';
import type { TeamsActivity } from '../../src/adapters/teams/teams.activity.js';
import { CachingBotFrameworkAuthentication } from '../../src/adapters/teams/teams.auth.js';
import { fixture } from './harness.js';

const withTenant = (tenantId?: string) => ({ ...fixture('personal-message'), channelData: {}, conversation: { id: 'a:1', ...(tenantId ? { tenantId } : {}) } }) as unknown as TeamsActivity;

describe('where replies may go', () => {
  it('with an app id: https to a Bot Connector host only, lookalikes refused', () => {
    const access = createTeamsAccess({ emulatorMode: false });
    for (const ok of ['https://smba.trafficmanager.net/emea/', 'https://europe.webchat.botframework.com/', 'https://smba.infra.gcc.teams.microsoft.com/teams/',
      'https://smba.infra.gov.teams.microsoft.us/', 'https://SMBA.trafficmanager.net/amer/']) {
      expect(access.refuseServiceUrl(ok), ok).toBeUndefined();
    }
    for (const bad of ['http://smba.trafficmanager.net/emea/', 'https://botframework.com.evil.example/', 'https://evilbotframework.com/',
      'https://smba.trafficmanager.net.evil.example/', 'https://user:pw@smba.trafficmanager.net/', 'https://127.0.0.1/', 'not a url']) {
      expect(access.refuseServiceUrl(bad), bad).toBeDefined();
    }
    expect(DEFAULT_SERVICE_URL_HOSTS).toContain('*.botframework.com');
  });

  it('a configured list replaces the default', () => {
    const access = createTeamsAccess({ emulatorMode: false, serviceUrlHosts: ['*.connector.example.net'] });
    expect(access.refuseServiceUrl('https://eu.connector.example.net/')).toBeUndefined();
    expect(access.refuseServiceUrl('https://connector.example.net/')).toBeDefined();
    expect(access.refuseServiceUrl('https://smba.trafficmanager.net/emea/')).toBeDefined();
  });

  it('in emulator mode: this machine only, whatever the list says', () => {
    const access = createTeamsAccess({ emulatorMode: true, serviceUrlHosts: ['*.botframework.com'] });
    for (const ok of ['http://127.0.0.1:3979/', 'http://localhost:1/', 'http://[::1]:2/']) expect(access.refuseServiceUrl(ok), ok).toBeUndefined();
    for (const bad of ['https://smba.trafficmanager.net/emea/', 'http://10.0.0.1/', 'http://127.0.0.1.nip.io/', 'http://0.0.0.0:1/']) {
      expect(access.refuseServiceUrl(bad), bad).toBeDefined();
    }
  });

  it('no connector client is made for a refused serviceUrl (proactive sends included)', async () => {
    const auth = new CachingBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: '', MicrosoftAppTenantId: '' },
      (url) => (url.includes('evil') ? 'not allowed' : undefined));
    const { claimsIdentity, audience } = await auth.authenticateRequest({ ...fixture('personal-message'), serviceUrl: 'http://127.0.0.1:1/' } as never, '');
    await expect(auth.createConnectorFactory(claimsIdentity).create('http://evil.example/', audience)).rejects.toThrow(/not allowed/);
    await expect(auth.createConnectorFactory(claimsIdentity).create('http://127.0.0.1:1/', audience)).resolves.toBeDefined();
  });
});

describe('which tenants are answered', () => {
  it('any without a list or with *; else only those listed, and an activity naming none is refused', () => {
    expect(createTeamsAccess({ emulatorMode: false }).refuseTenant(withTenant('t-other'))).toBeUndefined();
    expect(createTeamsAccess({ emulatorMode: false, tenants: ['*'] }).refuseTenant(withTenant())).toBeUndefined();
    const listed = createTeamsAccess({ emulatorMode: false, tenants: ['T-Home'] });
    expect(listed.refuseTenant(withTenant('t-home'))).toBeUndefined();
    expect(listed.refuseTenant(withTenant('t-other'))).toBeDefined();
    expect(listed.refuseTenant(withTenant())).toBeDefined();
  });
});
