import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIds, createVirtualClock } from '../../src/services/clock.js';
import { isAppError } from '../../src/services/errors.js';
import { createMemoryMailer, createOutboxMailer, createSmtpMailer, listOutbox } from '../../src/services/mail/index.js';

describe('outbox mailer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outbox-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one JSON file per message and lists them oldest first', async () => {
    const clock = createVirtualClock(1_700_000_000_000);
    const out = join(dir, 'nested', 'outbox');
    const mailer = createOutboxMailer({ dir: out, clock, ids: createIds() });
    await mailer.send({ to: 'jane@acme.com', subject: 'Your code', text: 'Code: 123456' });
    clock.advance(1_000);
    await mailer.send({ to: 'ivan@romashka.ru', subject: 'Ваш код', text: 'Код: 654321' });

    const files = await readdir(out);
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(2);
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);

    const listed = await listOutbox(out);
    expect(listed.map((m) => m.to)).toEqual(['jane@acme.com', 'ivan@romashka.ru']);
    expect(listed[0]).toMatchObject({ subject: 'Your code', text: 'Code: 123456', sentAt: 1_700_000_000_000 });
    expect(listed[1]?.sentAt).toBe(1_700_000_001_000);
    expect(listed[0]?.id).not.toBe(listed[1]?.id);
  });

  it('"forget me" deletes the mails of that conversation only', async () => {
    const mailer = createOutboxMailer({ dir, clock: createVirtualClock(1_000), ids: createIds() });
    await mailer.send({ to: 'jane@acme.example', subject: 'code 111111', text: 'a', conversationId: 'c1' });
    await mailer.send({ to: 'jane@acme.example', subject: 'code 222222', text: 'b', conversationId: 'c2' });
    await mailer.send({ to: 'jane@acme.example', subject: 'code 333333', text: 'c', conversationId: 'c1' });
    await mailer.forget('c1');
    expect((await listOutbox(dir)).map((m) => m.subject)).toEqual(['code 222222']);
    await mailer.forget('c1'); // idempotent: the sweep may call it again
    const memory = createMemoryMailer();
    await memory.send({ to: 'a@b.example', subject: 's', text: 't', conversationId: 'c1' });
    await memory.send({ to: 'a@b.example', subject: 'kept', text: 't', conversationId: 'c2' });
    await memory.forget('c1');
    expect(memory.messages.map((m) => m.subject)).toEqual(['kept']);
  });

  it('lists an absent outbox as empty and ignores half-written temp files', async () => {
    expect(await listOutbox(join(dir, 'none'))).toEqual([]);
    await writeFile(join(dir, '.000-x.json.tmp'), '{"half":');
    expect(await listOutbox(dir)).toEqual([]);
  });

  it('reports an unwritable outbox as UNAVAILABLE', async () => {
    const blocker = join(dir, 'file');
    await writeFile(blocker, 'not a folder');
    const mailer = createOutboxMailer({ dir: join(blocker, 'outbox'), clock: createVirtualClock(0), ids: createIds() });
    const err = await mailer.send({ to: 'a@b.co', subject: 's', text: 't' }).catch((e: unknown) => e);
    expect(isAppError(err, 'UNAVAILABLE')).toBe(true);
  });
});

describe('memory mailer', () => {
  it('keeps copies of sent messages and finds the last one per address', async () => {
    const mailer = createMemoryMailer();
    const msg = { to: 'Jane@Acme.com', subject: 'one', text: '1' };
    await mailer.send(msg);
    await mailer.send({ to: 'jane@acme.com', subject: 'two', text: '2' });
    msg.subject = 'mutated';
    expect(mailer.messages.map((m) => m.subject)).toEqual(['one', 'two']);
    expect(mailer.lastTo('JANE@acme.com')?.subject).toBe('two');
    expect(mailer.lastTo('nobody@x.io')).toBeUndefined();
    mailer.clear();
    expect(mailer.messages).toHaveLength(0);
  });
});

interface Received {
  from: string;
  to: string[];
  raw: string;
  user?: string;
}

async function startSmtp(options: SMTPServerOptions): Promise<{ server: SMTPServer; port: number }> {
  const server = new SMTPServer({ disabledCommands: ['STARTTLS'], logger: false, ...options });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.server.address() as AddressInfo).port };
}

async function closeSmtp(server: SMTPServer): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('SMTP mailer against a real in-process SMTP server', () => {
  it('delivers subject and body with the URL credentials', async () => {
    const received: Received[] = [];
    const { server, port } = await startSmtp({
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _session, callback) {
        if (auth.username === 'bot' && auth.password === 's3cret') callback(null, { user: auth.username });
        else callback(new Error('bad credentials'));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            user: typeof session.user === 'string' ? session.user : undefined,
          });
          callback();
        });
      },
    });
    const mailer = createSmtpMailer({ url: `smtp://bot:s3cret@127.0.0.1:${port}`, from: 'Upgrade Bot <bot@example.com>' });
    try {
      await mailer.send({ to: 'jane@acme.com', subject: 'Your Webex code', text: 'Your code is 123456.' });
    } finally {
      mailer.close();
      await closeSmtp(server);
    }
    expect(received).toHaveLength(1);
    const [m] = received;
    expect(m?.user).toBe('bot');
    expect(m?.from).toBe('bot@example.com');
    expect(m?.to).toEqual(['jane@acme.com']);
    expect(m?.raw).toMatch(/^Subject: Your Webex code$/m);
    expect(m?.raw).toContain('Your code is 123456.');
  });

  it('turns a refusing server into UNAVAILABLE without leaking the password', async () => {
    const { server, port } = await startSmtp({
      authOptional: true,
      onRcptTo(_address, _session, callback) {
        const err = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
        callback(err);
      },
    });
    const mailer = createSmtpMailer({ url: `smtp://u:topsecret@127.0.0.1:${port}`, from: 'bot@example.com' });
    let err: unknown;
    try {
      err = await mailer.send({ to: 'jane@acme.com', subject: 's', text: 't' }).catch((e: unknown) => e);
    } finally {
      mailer.close();
      await closeSmtp(server);
    }
    expect(isAppError(err, 'UNAVAILABLE')).toBe(true);
    expect(String((err as Error).message)).not.toContain('topsecret');
  });

  it('turns a closed port into UNAVAILABLE', async () => {
    // Reserve a free port and release it, so nothing is listening there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: 'bot@example.com', timeoutMs: 2_000 });
    const err = await mailer.send({ to: 'a@b.co', subject: 's', text: 't' }).catch((e: unknown) => e);
    mailer.close();
    expect(isAppError(err, 'UNAVAILABLE')).toBe(true);
  });

  it('gives up on a server that accepts the connection but never greets, after timeoutMs', async () => {
    // Without the timeout applied, nodemailer waits 30 s for the greeting and this test runs out of time.
    const held = new Set<Socket>();
    const silent = createServer((socket) => { held.add(socket); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const { port } = silent.address() as AddressInfo;
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: 'bot@example.com', timeoutMs: 300 });
    let err: unknown;
    try {
      err = await mailer.send({ to: 'a@b.co', subject: 's', text: 't' }).catch((e: unknown) => e);
    } finally {
      mailer.close();
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
    expect(isAppError(err, 'UNAVAILABLE')).toBe(true);
  });

  it('rejects a URL that is not smtp', () => {
    expect(() => createSmtpMailer({ url: 'http://example.com', from: 'a@b.co' })).toThrow(/smtp:\/\//);
    expect(() => createSmtpMailer({ url: 'not a url', from: 'a@b.co' })).toThrow(/SMTP_URL/);
  });
});
