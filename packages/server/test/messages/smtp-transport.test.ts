import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { Writable } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/app.js';
import { smtpTransport } from '../../src/messages/smtp-transport.js';
import { Api } from '../helpers/api.js';
import { lastCodeSentTo, listMessages } from '../helpers/messages.js';
import { uniquePhone } from '../helpers/phones.js';
import {
  createTestDatabase,
  TEST_ENCRYPTION_KEY,
  TEST_SECRET_KEY,
  testDialects,
  type TestDatabase,
} from '../helpers/test-server.js';
import { uniqueEmail } from '../helpers/users.js';

interface Received {
  to: string[];
  raw: string;
}

/** A real SMTP server on a free port that keeps what it receives. */
async function startSmtpServer(): Promise<{ server: SMTPServer; port: number; inbox: Received[] }> {
  const inbox: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, inbox };
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const tcp = createTcpServer();
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const { port } = tcp.address() as AddressInfo;
  await new Promise((resolve) => tcp.close(resolve));
  return port;
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

describe.each(testDialects())('message transports (%s)', (dialect) => {
  const closers: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  async function castellan(options: { smtpUrl?: string }, log = logCollector()) {
    const testDb: TestDatabase = await createTestDatabase(dialect);
    const app = await createServer({
      database: testDb.database,
      secretKey: TEST_SECRET_KEY,
      encryptionKey: TEST_ENCRYPTION_KEY,
      logger: { level: 'info', stream: log.stream },
      smtpUrl: options.smtpUrl,
      smtpFrom: 'Acme <auth@acme.test>',
    });
    closers.push(async () => {
      await app.close();
      await testDb.database.close().catch(() => {});
      await testDb.drop();
    });
    const auth = { authorization: `Bearer ${TEST_SECRET_KEY}` };
    return { app, auth, api: new Api(app, TEST_SECRET_KEY), log };
  }

  describe('SMTP', () => {
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    beforeAll(async () => {
      smtp = await startSmtpServer();
      closers.push(() => new Promise((resolve) => smtp.server.close(() => resolve(undefined))));
    });

    it('emails the code through the SMTP server; SMS still go to the log', async () => {
      const c = await castellan({ smtpUrl: `smtp://127.0.0.1:${smtp.port}` });
      const address = uniqueEmail('smtp');
      const user = await c.api.ok('CreateUser', {
        body: {
          email_address: [address],
          phone_number: [uniquePhone()],
          skip_password_requirement: true,
        },
      });
      await c.api.ok('PrepareEmailAddressVerification', {
        params: { email_address_id: user.primary_email_address_id! },
      });
      const code = await lastCodeSentTo(c, address);
      const received = smtp.inbox.filter((m) => m.to.includes(address));
      expect(received).toHaveLength(1);
      expect(received[0]!.raw).toContain(`Subject: ${code} is your verification code`);
      expect(received[0]!.raw).toContain('From: Acme <auth@acme.test>');
      expect(received[0]!.raw).toContain(`Your verification code is ${code}.`);
      expect((await listMessages(c, { to: address })).data[0]!.status).toBe('sent');
      // The SMTP log line never carries the code.
      const emailLines = c.log.lines.filter((l) => l.channel === 'email');
      expect(emailLines).toHaveLength(1);
      expect(emailLines[0]).not.toHaveProperty('code');

      await c.api.ok('PreparePhoneNumberVerification', {
        params: { phone_number_id: user.primary_phone_number_id! },
      });
      const smsCode = await lastCodeSentTo(c, user.phone_numbers[0]!.phone_number);
      expect(c.log.lines.find((l) => l.channel === 'sms')).toMatchObject({ code: smsCode });
      expect(smtp.inbox).toHaveLength(1);
    });
  });

  it('without SMTP, the code is printed in the log (one line, no secret key)', async () => {
    const c = await castellan({});
    const address = uniqueEmail('log');
    const user = await c.api.ok('CreateUser', {
      body: { email_address: [address], skip_password_requirement: true },
    });
    await c.api.ok('PrepareEmailAddressVerification', {
      params: { email_address_id: user.primary_email_address_id! },
    });
    const code = await lastCodeSentTo(c, address);
    const lines = c.log.lines.filter((l) => l.to === address);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, channel: 'email', code });
    expect(JSON.stringify(c.log.lines)).not.toContain(TEST_SECRET_KEY);
  });

  it('a failed delivery is recorded; the verification stands and can be attempted', async () => {
    const c = await castellan({ smtpUrl: `smtp://127.0.0.1:${await closedPort()}` });
    const address = uniqueEmail('down');
    const user = await c.api.ok('CreateUser', {
      body: { email_address: [address], skip_password_requirement: true },
    });
    const params = { email_address_id: user.primary_email_address_id! };
    const prepared = await c.api.ok('PrepareEmailAddressVerification', { params });
    const [message] = (await listMessages(c, { to: address })).data;
    expect(message!.status).toBe('failed');
    expect(c.log.lines.find((l) => l.to === address)).toMatchObject({ level: 40 });
    const code = /\d{6}/.exec(message!.body)![0];
    expect(
      await c.api.ok('AttemptEmailAddressVerification', {
        params,
        body: { verification_id: prepared.id, code },
      }),
    ).toMatchObject({ status: 'verified' });
  });
});

describe('SMTP transport timeouts', () => {
  let silent: Server;
  let port: number;
  beforeAll(async () => {
    // Accepts connections and never greets: a stuck mail server.
    silent = createTcpServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as AddressInfo).port;
  });
  afterAll(async () => {
    silent.unref();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('a server that never answers fails the delivery instead of hanging the request', async () => {
    const { lines, stream } = logCollector();
    const pino = (await import('pino')).default;
    const transport = smtpTransport(
      { url: `smtp://127.0.0.1:${port}`, timeoutMs: 200 },
      pino({ level: 'info' }, stream),
    );
    const outcome = await transport.send({
      id: 'ema_test',
      channel: 'email',
      slug: 'verification_code',
      to: 'someone@example.com',
      subject: 's',
      body: 'b',
      code: '123456',
      handOff: true,
    });
    expect(outcome).toBe('failed');
    expect(JSON.stringify(lines)).not.toContain('123456');
  });
});
