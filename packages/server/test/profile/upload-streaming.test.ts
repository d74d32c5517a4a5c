import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DiskFileStore } from '../../src/files/disk-file-store.js';
import { MAX_IMAGE_BYTES } from '../../src/images/image-limits.js';
import { startTestServer, testDialects, type TestServer } from '../helpers/test-server.js';
import { createTestUser } from '../helpers/users.js';
import { PNG } from './images.js';

const MB = 1024 * 1024;
const UPLOAD_BYTES = 50 * MB;
const BOUNDARY = 'castellan-stream-boundary';

/** Every file under `dir`, recursively (temporary `.part` files included). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    statSync(path.join(dir, f)).isFile(),
  );
}

interface UploadOutcome {
  status?: number;
  body?: string;
  /** Highest growth of this process's heap and buffers seen while uploading. */
  peakGrowth: number;
}

/**
 * Streams a 50 MB multipart upload (a PNG head, then zeros) the way a client would, one
 * reused 1 MB chunk at a time with backpressure, and watches memory meanwhile: nothing on
 * either side may hold the body whole.
 */
function streamUpload(url: string, secretKey: string, userId: string): Promise<UploadOutcome> {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\n` +
      `Content-Type: image/png\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const chunk = Buffer.alloc(MB);
  const memory = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  global.gc?.();
  const baseline = memory();
  return new Promise((resolve) => {
    const outcome: UploadOutcome = { peakGrowth: 0 };
    let finished = false;
    // Like any client given its answer: stop sending and let the connection go.
    const finish = () => {
      if (finished) return;
      finished = true;
      req.destroy();
      resolve(outcome);
    };
    const req = request(`${url}/v1/users/${userId}/profile_image`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${secretKey}`,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        'content-length': head.length + PNG.length + UPLOAD_BYTES + tail.length,
      },
    });
    req.on('response', (res) => {
      outcome.status = res.statusCode;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        outcome.body = body;
        finish();
      });
      res.on('error', finish);
    });
    // The server may cut the connection while we are still sending: that is the point.
    req.on('error', finish);
    req.on('close', () => setImmediate(finish));
    req.write(head);
    req.write(PNG);
    let zeros = 0;
    const pump = () => {
      while (!finished && outcome.status === undefined && zeros < UPLOAD_BYTES) {
        outcome.peakGrowth = Math.max(outcome.peakGrowth, memory() - baseline);
        zeros += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!finished && outcome.status === undefined) req.end(tail);
    };
    pump();
  });
}

/** A GET on a connection of its own, closed after (no keep-alive to hold the server open). */
function getOnce(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe.each(testDialects())('a 50 MB upload is refused while it streams (%s)', (dialect) => {
  let server: TestServer;
  /** The server's side of every connection it accepted: what it read from each. */
  const sockets: Socket[] = [];
  let url: string;
  let filesDir: string;
  beforeAll(async () => {
    filesDir = mkdtempSync(path.join(tmpdir(), 'castellan-files-'));
    server = await startTestServer(dialect, { files: new DiskFileStore(filesDir) });
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    server.app.server.on('connection', (socket: Socket) => sockets.push(socket));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(filesDir, { recursive: true, force: true });
  });

  it('answers 413 early, holds no more than a few MB, and leaves no file behind', async () => {
    const user = await createTestUser(server.api);
    const before = sockets.length;
    const outcome = await streamUpload(url, server.secretKey, user.id);
    if (outcome.status !== undefined) {
      expect(outcome.status).toBe(413);
      expect(JSON.parse(outcome.body!).errors[0].code).toBe('request_body_too_large');
    }
    // The server stopped reading soon after the 10 MB limit: it read 12–15 MB of the 50 from
    // the upload's connection. What it reads past the limit is a count of read callbacks
    // (64 KB each) before the 413 closes the connection, not a time. How much the client
    // managed to send is not checked: the kernel buffers up to \`net.ipv4.tcp_rmem\`'s
    // maximum (32 MB here) that nobody reads, so it moves with the machine's settings.
    const read = Math.max(...sockets.slice(before).map((socket) => socket.bytesRead));
    expect(read).toBeGreaterThan(MAX_IMAGE_BYTES);
    expect(read).toBeLessThan(UPLOAD_BYTES / 2);
    // Neither the server nor the client side of this process held the upload.
    expect(outcome.peakGrowth).toBeLessThan(30 * MB);
    expect(filesUnder(filesDir)).toEqual([]);
    const after = await server.api.ok('GetUser', { params: { user_id: user.id } });
    expect(after.has_image).toBe(false);
  });

  it('a client that goes away mid-upload leaves no file, and the server carries on', async () => {
    const user = await createTestUser(server.api);
    const req = request(`${url}/v1/users/${user.id}/profile_image`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.secretKey}`,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        'content-length': 5 * MB,
      },
    });
    req.on('error', () => undefined);
    req.write(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n`,
    );
    req.write(PNG);
    // Wait until the server has started writing the file, then vanish.
    req.write(Buffer.alloc(MB));
    await vi.waitFor(() => expect(filesUnder(filesDir).length).toBeGreaterThan(0), {
      timeout: 10_000,
    });
    req.destroy();
    await vi.waitFor(() => expect(filesUnder(filesDir)).toEqual([]), { timeout: 10_000 });
    expect((await server.api.ok('GetUser', { params: { user_id: user.id } })).has_image).toBe(
      false,
    );
  });

  it('a good upload lands on disk 0600 under 0700 directories, served at the listening address', async () => {
    const user = await createTestUser(server.api);
    const updated = await server.api.ok('SetUserProfileImage', {
      params: { user_id: user.id },
      form: { file: { data: PNG } },
    });
    // Not listening on a public URL: the image URL is the address the server listens on.
    expect(updated.image_url!.startsWith(`${url}/images/img_`)).toBe(true);
    const files = filesUnder(filesDir);
    expect(files).toHaveLength(1);
    const file = path.join(filesDir, files[0]!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const served = await getOnce(updated.image_url!);
    expect(served.status).toBe(200);
    expect(served.body.equals(PNG)).toBe(true);
  });
});
