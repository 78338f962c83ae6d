import { afterEach, describe, expect, it } from 'vitest';
import { createWebexAdapter } from '../../src/adapters/webex/webex.adapter.js';
import { createWebexApi } from '../../src/adapters/webex/webex-api.js';
import { ensureWebhooks } from '../../src/adapters/webex/webex-webhooks.js';
import { silentLogger } from '../../src/adapters/webex/webex.types.js';
import { FakeWebexApi } from '../support/fake-webex-api.js';
import { FAST_RETRY, SECRET, ScriptedEngine, startHarness, type Harness } from './harness.js';

describe('webhook set-up', () => {
  let h: Harness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  it('creates the two webhooks at PUBLIC_URL/api/webex with the secret, and start() again changes nothing', async () => {
    h = await startHarness();
    const hooks = [...h.fake.webhooks.values()];
    expect(hooks.map((w) => [w.resource, w.event, w.targetUrl, w.secret, w.status]).sort()).toEqual([
      ['attachmentActions', 'created', `${h.baseUrl}/api/webex`, SECRET, 'active'],
      ['messages', 'created', `${h.baseUrl}/api/webex`, SECRET, 'active'],
    ]);
    const from = h.fake.calls.length;
    await h.adapter.start();
    expect(h.fake.calls.slice(from).map((c) => `${c.method} ${c.path}`)).toEqual(['GET /webhooks']);
  });

  it('repairs a moved target, a new secret, an inactive webhook and our duplicates; leaves others alone', async () => {
    const fake = await new FakeWebexApi().start();
    try {
      const api = createWebexApi({ token: fake.token, apiUrl: fake.url, retry: FAST_RETRY });
      const other = await api.createWebhook({ name: 'someone-else', targetUrl: 'https://x.test/h', resource: 'messages', event: 'created', secret: 's' });
      const old = await api.createWebhook({ name: 'upgrade-bot', targetUrl: 'https://old.test/api/webex', resource: 'messages', event: 'created', secret: 'old' });
      await api.createWebhook({ name: 'upgrade-bot', targetUrl: 'https://old.test/api/webex', resource: 'messages', event: 'created', secret: 'old' });
      const plan = { name: 'upgrade-bot', targetUrl: 'https://new.test/api/webex', secret: SECRET };
      const actions = await ensureWebhooks(api, plan, silentLogger);
      expect(actions.map((a) => a.kind).sort()).toEqual(['created', 'deleted', 'updated']);
      expect(fake.webhooks.get(old.id)).toMatchObject({ targetUrl: plan.targetUrl, secret: SECRET, status: 'active' });
      expect(fake.webhooks.get(other.id)).toMatchObject({ targetUrl: 'https://x.test/h' });
      expect(fake.webhooks.size).toBe(3);
    } finally {
      await fake.close();
    }
  });

  it('re-activates a webhook Webex disabled after failed deliveries, on the periodic check', async () => {
    h = await startHarness({ config: { webhookCheckIntervalMs: 50 } });
    const ann = h.fake.addPerson('Ann', 'ann@example.com');
    const hook = [...h.fake.webhooks.values()].find((w) => w.resource === 'messages');
    expect(hook).toBeDefined();
    if (hook === undefined) return;
    // Deliveries fail (e.g. the tunnel was down) until Webex marks the webhook inactive.
    const realTarget = hook.targetUrl;
    hook.targetUrl = 'http://127.0.0.1:9/api/webex';
    for (let i = 0; i < 3; i++) await h.fake.fire('messages', { id: `m${i}`, roomId: 'r', personId: ann.id });
    expect(hook.status).toBe('inactive');
    hook.targetUrl = realTarget;
    await new Promise((r) => setTimeout(r, 200));
    expect(hook.status).toBe('active');
  });

  it('refuses to start with a token Webex rejects', async () => {
    const fake = await new FakeWebexApi().start();
    try {
      const adapter = createWebexAdapter({ token: 'bad', webhookSecret: SECRET, apiUrl: fake.url, publicUrl: 'https://x.test', retry: FAST_RETRY },
        { engine: new ScriptedEngine() });
      await expect(adapter.start()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      expect(fake.webhooks.size).toBe(0);
    } finally {
      await fake.close();
    }
  });
});
