import { afterEach, describe, expect, it } from 'vitest';
import { CachingBotFrameworkAuthentication } from '../../src/adapters/teams/teams.auth.js';
import { startTeamsCapture, type TeamsCapture } from '../support/teams-capture.js';
import { createFakeEngine } from './fake-engine.js';
import { fixture, startHarness, type Harness } from './harness.js';

/** Emulator-mode configuration: the claims are the anonymous ones botbuilder gives without an app id. */
const emulator = () => new CachingBotFrameworkAuthentication({
  MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: '', MicrosoftAppTenantId: '',
});
const activity = (id: string, serviceUrl: string) => ({ ...fixture('personal-message', { id }), serviceUrl }) as never;

describe('outbound Bot Connector clients kept between turns', () => {
  it('gives the same ConnectorClient for the same service URL and a different one for another URL', async () => {
    const auth = emulator();
    const first = await auth.authenticateRequest(activity('a1', 'http://127.0.0.1:1/'), '');
    const second = await auth.authenticateRequest(activity('a2', 'http://127.0.0.1:1/'), '');
    const a = await first.connectorFactory?.create('http://127.0.0.1:1/', first.audience);
    const b = await second.connectorFactory?.create('http://127.0.0.1:1/', second.audience);
    const c = await second.connectorFactory?.create('http://127.0.0.1:2/', second.audience);
    expect(a).toBeDefined();
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(String((c as unknown as { baseUri?: string } | undefined)?.baseUri)).toContain('127.0.0.1:2');
    // Proactive sends go through createConnectorFactory: the same cache.
    const proactive = await auth.createConnectorFactory(first.claimsIdentity).create('http://127.0.0.1:1/', first.audience);
    expect(proactive).toBe(a);
    expect(await auth.createUserTokenClient(first.claimsIdentity)).toBe(await auth.createUserTokenClient(second.claimsIdentity));
    expect(auth.cachedClients).toBe(3);
  });

  it('does not keep a client whose creation failed', async () => {
    const auth = emulator();
    const { claimsIdentity, audience } = await auth.authenticateRequest(activity('a1', 'http://127.0.0.1:1/'), '');
    let calls = 0;
    const failing = {
      create: async (_url: string, _audience?: string): Promise<never> => { calls++; throw new Error('credentials unavailable'); },
    };
    // The wrapper caches what the inner factory gives; a failed creation must be retried on the next turn.
    const wrapped = (auth as unknown as { caching(f: typeof failing, i: typeof claimsIdentity): typeof failing }).caching(failing, claimsIdentity);
    await expect(wrapped.create('http://127.0.0.1:1/', audience)).rejects.toThrow('credentials unavailable');
    await Promise.resolve();
    await expect(wrapped.create('http://127.0.0.1:1/', audience)).rejects.toThrow('credentials unavailable');
    expect(calls).toBe(2);
  });
});

describe('replies over HTTP with clients kept', () => {
  let harness: Harness | undefined;
  let other: TeamsCapture | undefined;
  afterEach(async () => {
    await harness?.close();
    await other?.close();
    harness = undefined;
    other = undefined;
  });

  it('sends each conversation\'s replies to its own service URL, turn after turn', async () => {
    harness = await startHarness(createFakeEngine());
    other = await startTeamsCapture();
    const conversation = (n: number) => ({ conversationType: 'personal', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', id: `a:chat-${n}` });
    for (let turn = 0; turn < 3; turn++) {
      for (const [n, capture] of [[1, harness.capture], [2, other]] as const) {
        const res = await harness.post(fixture('personal-message', { id: `m-${n}-${turn}`, serviceUrl: capture.url, conversation: conversation(n) }));
        expect(res.status).toBe(200);
      }
    }
    expect(harness.capture.messages('a:chat-1')).toHaveLength(3);
    expect(harness.capture.messages('a:chat-2')).toHaveLength(0);
    expect(other.messages('a:chat-2')).toHaveLength(3);
    expect(other.messages('a:chat-1')).toHaveLength(0);
  });
});
