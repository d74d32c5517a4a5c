import { describe, expect, it } from 'vitest';
import { classifyAddress, isAddressAllowed } from '../../src/outbound/address-policy.js';
import { OutboundError } from '../../src/outbound/outbound-error.js';
import { sendOutboundRequest } from '../../src/outbound/outbound-request.js';
import { json, startFakeProxy } from './proxy-server.js';

describe('outbound address policy', () => {
  it.each([
    ['93.184.216.34', 'public'],
    ['8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0.0.0.0', 'special'],
    ['::', 'special'],
    ['10.0.0.1', 'special'],
    ['172.16.5.4', 'special'],
    ['172.31.255.255', 'special'],
    ['192.168.1.1', 'special'],
    ['169.254.169.254', 'special'],
    ['100.64.0.1', 'special'],
    ['224.0.0.1', 'special'],
    ['255.255.255.255', 'special'],
    ['198.18.0.1', 'special'],
    ['fc00::1', 'special'],
    ['fd12:3456::1', 'special'],
    ['fe80::1', 'special'],
    ['ff02::1', 'special'],
    ['2001:db8::1', 'special'],
    ['::ffff:10.0.0.1', 'special'],
    ['::ffff:a9fe:a9fe', 'special'],
    ['64:ff9b::a00:1', 'special'],
    ['64:ff9b::808:808', 'public'],
    ['2002:a00:1::', 'special'],
    ['not an address', 'special'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  const strict = { allowLoopback: false, allowPrivate: false, allowHosts: [] };
  it('allows loopback only when asked, private only when configured or allowlisted', () => {
    expect(isAddressAllowed(strict, 'a.example', '127.0.0.1')).toBe(false);
    expect(isAddressAllowed({ ...strict, allowLoopback: true }, 'a.example', '127.0.0.1')).toBe(
      true,
    );
    expect(isAddressAllowed({ ...strict, allowLoopback: true }, 'a.example', '10.0.0.1')).toBe(
      false,
    );
    expect(isAddressAllowed({ ...strict, allowPrivate: true }, 'a.example', '10.0.0.1')).toBe(true);
    expect(
      isAddressAllowed({ ...strict, allowHosts: ['proxy.internal'] }, 'Proxy.Internal', '10.0.0.1'),
    ).toBe(true);
    expect(
      isAddressAllowed({ ...strict, allowHosts: ['proxy.internal'] }, 'other.internal', '10.0.0.1'),
    ).toBe(false);
  });
});

describe('sendOutboundRequest', () => {
  const loopbackOk = { allowLoopback: true, allowPrivate: false, allowHosts: [] };

  it('connects to the address it checked and reads the answer', async () => {
    const server = await startFakeProxy((_req, res) => json(res, 200, { ok: true }));
    try {
      const answer = await sendOutboundRequest({ url: `${server.url}/x`, policy: loopbackOk });
      expect(answer.status).toBe(200);
      expect(answer.address).toBe('127.0.0.1');
      expect(JSON.parse(answer.body.toString())).toEqual({ ok: true });
    } finally {
      await server.close();
    }
  });

  it('sends a body with its length (what a webhook delivery needs)', async () => {
    const received: string[] = [];
    const server = await startFakeProxy((req, res) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString()));
      req.on('end', () => {
        received.push(`${req.method} ${req.headers['content-length']} ${data}`);
        res.writeHead(204);
        res.end();
      });
    });
    try {
      const answer = await sendOutboundRequest({
        url: `${server.url}/hook`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'user.created', é: 1 }),
        policy: loopbackOk,
      });
      expect(answer.status).toBe(204);
      expect(received).toEqual([`POST 30 ${JSON.stringify({ type: 'user.created', é: 1 })}`]);
    } finally {
      await server.close();
    }
  });

  it('refuses a name that resolves to a refused address without connecting', async () => {
    const server = await startFakeProxy((_req, res) => json(res, 200, {}));
    try {
      const failure = await sendOutboundRequest({
        url: `http://localhost:${server.port}/`,
        policy: { ...loopbackOk, allowLoopback: false },
      }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(OutboundError);
      expect((failure as OutboundError).kind).toBe('address_not_allowed');
      expect(server.seen).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it('does not follow redirects', async () => {
    const server = await startFakeProxy((_req, res) => {
      res.writeHead(301, { location: 'http://169.254.169.254/' });
      res.end();
    });
    try {
      const answer = await sendOutboundRequest({ url: server.url, policy: loopbackOk });
      expect(answer.status).toBe(301);
      expect(server.seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('times out a body that never ends', async () => {
    const server = await startFakeProxy((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
    });
    try {
      const failure = await sendOutboundRequest({
        url: server.url,
        policy: loopbackOk,
        timeoutMs: 200,
      }).catch((error: unknown) => error);
      expect((failure as OutboundError).kind).toBe('timeout');
    } finally {
      await server.close();
    }
  });

  it('refuses schemes other than http and https', async () => {
    const failure = await sendOutboundRequest({
      url: 'file:///etc/passwd',
      policy: loopbackOk,
    }).catch((error: unknown) => error);
    expect((failure as OutboundError).kind).toBe('network');
  });
});
