import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import { readConfig, HELP } from '../../src/config.js';
import { smsWebhookTransport } from '../../src/messages/sms-webhook-transport.js';
import { listOutboxEvents } from '../../src/outbox/outbox-store.js';
import { Api } from '../helpers/api.js';
import { lastCodeSentTo, listMessages } from '../helpers/messages.js';
import { uniquePhone } from '../helpers/phones.js';
import {
  createTestDatabase,
  TEST_ENCRYPTION_KEY,
  TEST_SECRET_KEY,
  testDialects,
} from '../helpers/test-server.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** A real SMS gateway on 127.0.0.1: keeps every POST and answers `status` (200 by default). */
async function startGateway() {
  const gateway = { received: [] as Received[], status: 200, server: undefined as unknown };
  const server: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      gateway.received.push({
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(gateway.status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(gateway, { server, port });
}

function logCollector() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { lines, stream };
}

const payloadOf = (e: { payload: unknown }) =>
  typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload;

describe.each(testDialects())('SMS over HTTP (%s)', (dialect) => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let c: {
    app: Awaited<ReturnType<typeof createServer>>;
    api: Api;
    auth: { authorization: string };
  };
  const log = logCollector();
  const closers: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    gateway = await startGateway();
    closers.push(() => new Promise((resolve) => gateway.server.close(resolve)));
    const testDb = await createTestDatabase(dialect);
    const app = await createServer({
      database: testDb.database,
      secretKey: TEST_SECRET_KEY,
      encryptionKey: TEST_ENCRYPTION_KEY,
      logger: { level: 'info', stream: log.stream },
      // Credentials in the URL are the gateway's Basic auth.
      smsUrl: `http://gateway:s3cret-pass@127.0.0.1:${gateway.port}/sms?tenant=acme`,
    });
    closers.push(async () => {
      await app.close();
      await testDb.database.close().catch(() => {});
      await testDb.drop();
    });
    c = {
      app,
      api: new Api(app, TEST_SECRET_KEY),
      auth: { authorization: `Bearer ${TEST_SECRET_KEY}` },
    };
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });
  beforeEach(() => {
    gateway.status = 200;
  });

  async function userWithPhone() {
    const phone = uniquePhone();
    const user = await c.api.ok('CreateUser', {
      body: { phone_number: [phone], skip_password_requirement: true },
    });
    return { phone, params: { phone_number_id: user.primary_phone_number_id! }, user };
  }

  it('POSTs each SMS as JSON to the configured URL; a 2xx marks it sent', async () => {
    const { phone, params } = await userWithPhone();
    await c.api.ok('PreparePhoneNumberVerification', { params });
    const code = await lastCodeSentTo(c, phone);
    const received = gateway.received.filter((r) => r.body.to === phone);
    expect(received).toHaveLength(1);
    const [message] = (await listMessages(c, { to: phone })).data;
    expect(received[0]!.body).toEqual({
      object: 'sms_message',
      id: message!.id,
      slug: 'verification_code',
      to: phone,
      body: `${code} is your verification code. It expires in 10 minutes.`,
    });
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(received[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('gateway:s3cret-pass').toString('base64')}`,
    );
    expect(message!.status).toBe('sent');
    const events = await listOutboxEvents(c.app.castellan.database.db, await instanceIdOf());
    const event = events.map(payloadOf).find((e) => e.data.id === message!.id);
    expect(event.data).toMatchObject({ delivered_by_clerk: true, to_phone_number: phone });
    // The log names the gateway without its credentials or query, and never the code.
    const lines = log.lines.filter((l) => l.to === phone);
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('s3cret-pass');
    expect(JSON.stringify(lines)).not.toContain(code);
    expect(lines[0]!.msg).toContain(`127.0.0.1:${gateway.port}/sms`);
  });

  async function instanceIdOf(): Promise<string> {
    const row = await c.app.castellan.database.db
      .selectFrom('instances')
      .select('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('a non-2xx answer marks the message failed; the verification stands', async () => {
    gateway.status = 503;
    const { phone, params } = await userWithPhone();
    const prepared = await c.api.ok('PreparePhoneNumberVerification', { params });
    expect(gateway.received.filter((r) => r.body.to === phone)).toHaveLength(1);
    const [message] = (await listMessages(c, { to: phone })).data;
    expect(message!.status).toBe('failed');
    expect(log.lines.find((l) => l.to === phone)).toMatchObject({ level: 40, status: 503 });
    const code = await lastCodeSentTo(c, phone);
    expect(
      await c.api.ok('AttemptPhoneNumberVerification', {
        params,
        body: { verification_id: prepared.id, code },
      }),
    ).toMatchObject({ status: 'verified' });
  });

  it('with delivered_by_clerk false, nothing is POSTed and the event says the app delivers', async () => {
    await c.api.ok('ToggleTemplateDelivery', {
      params: { template_type: 'sms', slug: 'verification_code' },
      body: { delivered_by_clerk: false },
    });
    try {
      const { phone, params, user } = await userWithPhone();
      await c.api.ok('PreparePhoneNumberVerification', { params });
      expect(gateway.received.filter((r) => r.body.to === phone)).toHaveLength(0);
      const [message] = (await listMessages(c, { to: phone })).data;
      expect(message!.status).toBe('delivered_by_app');
      const events = (await listOutboxEvents(c.app.castellan.database.db, await instanceIdOf()))
        .map(payloadOf)
        .filter((e) => e.type === 'sms.created' && e.data.to_phone_number === phone);
      expect(events).toHaveLength(1);
      expect(events[0].data).toMatchObject({
        object: 'sms_message',
        id: message!.id,
        slug: 'verification_code',
        user_id: user.id,
        phone_number_id: params.phone_number_id,
        message: message!.body,
        status: 'queued',
        delivered_by_clerk: false,
        data: { otp_code: expect.stringMatching(/^\d{6}$/) },
      });
      expect(message!.body).toContain(events[0].data.data.otp_code);
    } finally {
      await c.api.ok('RevertTemplate', {
        params: { template_type: 'sms', slug: 'verification_code' },
      });
    }
  });
});

describe('SMS webhook transport', () => {
  it('a gateway that never answers fails the delivery within the timeout', async () => {
    // Reads the request and never answers (reading lets it see the client hang up).
    const silent = createTcpServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const { lines, stream } = logCollector();
      const pino = (await import('pino')).default;
      const transport = smsWebhookTransport(
        { url: `http://127.0.0.1:${port}/`, timeoutMs: 200 },
        pino({ level: 'info' }, stream),
      );
      const outcome = await transport.send({
        id: 'sms_test',
        channel: 'sms',
        slug: 'verification_code',
        to: '+15555550100',
        subject: null,
        body: '123456 is your code',
        code: '123456',
        handOff: true,
      });
      expect(outcome).toBe('failed');
      expect(lines[0]).toMatchObject({ level: 40, message_id: 'sms_test' });
      expect(String(lines[0]!.reason)).toContain('timeout');
      expect(JSON.stringify(lines)).not.toContain('123456');
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('a closed port fails the delivery', async () => {
    const tcp = createTcpServer();
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const { port } = tcp.address() as AddressInfo;
    await new Promise((resolve) => tcp.close(resolve));
    const pino = (await import('pino')).default;
    const transport = smsWebhookTransport(
      { url: `http://127.0.0.1:${port}/` },
      pino({ level: 'silent' }),
    );
    const outcome = await transport.send({
      id: 'sms_test',
      channel: 'sms',
      slug: 'verification_code',
      to: '+15555550100',
      subject: null,
      body: 'b',
      handOff: true,
    });
    expect(outcome).toBe('failed');
  });

  it('refuses a URL that is not http(s) when the server starts', async () => {
    await expect(
      createServer({
        database: { url: ':memory:' },
        logger: false,
        smsUrl: 'ftp://gateway.example/sms',
      }),
    ).rejects.toThrow(/http/);
  });

  it('is configured by SMS_WEBHOOK_URL (empty means unset) and documented in the help', () => {
    expect(readConfig([], { SMS_WEBHOOK_URL: 'https://sms.example/send' }).smsWebhookUrl).toBe(
      'https://sms.example/send',
    );
    expect(readConfig([], { SMS_WEBHOOK_URL: '' }).smsWebhookUrl).toBeUndefined();
    expect(HELP).toContain('SMS_WEBHOOK_URL');
  });
});
