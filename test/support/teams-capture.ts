import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Bot Connector service at an activity's `serviceUrl`: it records what the bot sends
 * to Teams (replies, proactive messages, card updates, new 1:1 chats) and answers like the service does.
 */
export interface CapturedActivity {
  conversationId: string;
  /** Set when the bot posted to /activities/{replyToId} (a reply in a turn or a continuation). */
  replyToId?: string;
  /** The id the capture gave the activity, as Teams would. */
  id: string;
  activity: Record<string, unknown>;
  authorization?: string;
}

export interface CapturedUpdate {
  conversationId: string;
  activityId: string;
  activity: Record<string, unknown>;
}

export interface CapturedConversation {
  id: string;
  parameters: Record<string, unknown>;
}

export interface TeamsMember {
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
}

export interface TeamsCapture {
  /** The serviceUrl to put on inbound activities (ends with a slash, like Teams' own). */
  readonly url: string;
  readonly sent: CapturedActivity[];
  /** The Bot Connector down: while true every request is answered 503, as the service does in an outage. */
  down: boolean;
  readonly updates: CapturedUpdate[];
  readonly created: CapturedConversation[];
  /** Messages only (typing indicators left out). */
  messages(conversationId?: string): CapturedActivity[];
  addMember(member: TeamsMember): void;
  /** Resolves when `done()` holds, checking after every request; rejects after `timeoutMs`. */
  waitFor(done: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text) return resolve({});
      try {
        const parsed: unknown = JSON.parse(text);
        resolve(typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {});
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startTeamsCapture(): Promise<TeamsCapture> {
  const sent: CapturedActivity[] = [];
  const updates: CapturedUpdate[] = [];
  const created: CapturedConversation[] = [];
  const members = new Map<string, TeamsMember>();
  const waiters = new Set<() => void>();
  let counter = 0;
  const state = { down: false };
  const nextId = (prefix: string): string => `${prefix}${Date.now()}${String(++counter).padStart(4, '0')}`;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://capture');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const [v3, conversations, conversationId, sub, subId] = parts;
    if (v3 !== 'v3' || conversations !== 'conversations') return reply(res, 404, { error: 'not found' });
    if (state.down) return reply(res, 503, { error: { code: 'ServiceUnavailable', message: 'capture is down' } });
    const authorization = req.headers.authorization;
    if (req.method === 'POST' && !conversationId) {
      const parameters = await readJson(req);
      const id = `a:1on1-${nextId('')}`;
      created.push({ id, parameters });
      return reply(res, 200, { id, activityId: nextId('1:') });
    }
    if (!conversationId) return reply(res, 404, { error: 'not found' });
    if (req.method === 'POST' && sub === 'activities') {
      const activity = await readJson(req);
      const id = nextId('1:');
      const captured: CapturedActivity = { conversationId, id, activity };
      if (subId) captured.replyToId = subId;
      if (authorization) captured.authorization = authorization;
      sent.push(captured);
      return reply(res, 200, { id });
    }
    if (req.method === 'PUT' && sub === 'activities' && subId) {
      updates.push({ conversationId, activityId: subId, activity: await readJson(req) });
      return reply(res, 200, { id: subId });
    }
    if (req.method === 'GET' && sub === 'members' && subId) {
      const member = members.get(subId);
      return member ? reply(res, 200, member) : reply(res, 404, { error: { code: 'MemberNotFoundInConversation' } });
    }
    return reply(res, 404, { error: 'not found' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res)
      .catch((err: unknown) => reply(res, 500, { error: String(err) }))
      .finally(() => waiters.forEach((w) => w()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    sent,
    get down() { return state.down; },
    set down(v: boolean) { state.down = v; },
    updates,
    created,
    messages: (conversationId) =>
      sent.filter((s) => s.activity['type'] === 'message' && (!conversationId || s.conversationId === conversationId)),
    addMember: (member) => {
      members.set(member.id, member);
    },
    waitFor: (done, timeoutMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        if (done()) return resolve();
        const check = (): void => {
          if (!done()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`teams capture: condition not met in ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
