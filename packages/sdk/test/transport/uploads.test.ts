import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SDKError, type FileInput, type RetryConfig } from '../../src/index.js';
import { encodeMultipart, multipartParts } from '../../src/core/files.js';
import { faultServer, json, text, type Answer, type Seen } from './fault-server.js';

const BYTES = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));

let dir: string;
let tempFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'castellan-sdk-upload-'));
  tempFile = join(dir, 'avatar.bin');
  await writeFile(tempFile, BYTES);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The file part of a request the fault server received. */
async function filePart(seen: Seen) {
  const form = await new Response(new Uint8Array(await seen.body), {
    headers: { 'content-type': seen.headers['content-type']! },
  }).formData();
  expect([...form.keys()]).toEqual(['file']);
  const file = form.get('file') as File;
  return { name: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) };
}

const uploaded: Answer = json(200, { id: 'user_1' });

/** A web stream of the bytes in uneven chunks. */
function webStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + 1000));
      at += 1000;
    },
  });
}

const streamed = true;
const cases: Array<[string, () => FileInput, string, string, boolean]> = [
  ['a Blob', () => new Blob([BYTES], { type: 'image/png' }), 'file', 'image/png', false],
  [
    'a File',
    () => new File([BYTES], 'me.png', { type: 'image/png' }),
    'me.png',
    'image/png',
    false,
  ],
  ['a Uint8Array', () => new Uint8Array(BYTES), 'file', 'application/octet-stream', false],
  // A Buffer that is a view into a larger pool: only its own bytes go.
  [
    'a Buffer view',
    () => Buffer.concat([Buffer.from('xx'), BYTES]).subarray(2),
    'file',
    'application/octet-stream',
    false,
  ],
  [
    'an ArrayBuffer',
    () => new Uint8Array(BYTES).buffer as ArrayBuffer,
    'file',
    'application/octet-stream',
    false,
  ],
  ['a web ReadableStream', () => webStream(BYTES), 'file', 'application/octet-stream', streamed],
  [
    'fs.createReadStream (named by its path)',
    () => createReadStream(tempFile, { highWaterMark: 512 }),
    'avatar.bin',
    'application/octet-stream',
    streamed,
  ],
  [
    'Readable.from(buffers)',
    () => Readable.from([BYTES.subarray(0, 10), BYTES.subarray(10)]),
    'file',
    'application/octet-stream',
    streamed,
  ],
  [
    '{ fileName, content: Buffer, contentType }',
    () => ({ fileName: 'a "quoted"\r\nname.png', content: BYTES, contentType: 'image/png' }),
    'a "quoted"\r\nname.png',
    'image/png',
    false,
  ],
  [
    '{ fileName, content: Blob } takes the Blob’s type',
    () => ({ fileName: 'b.gif', content: new Blob([BYTES], { type: 'image/gif' }) }),
    'b.gif',
    'image/gif',
    false,
  ],
  [
    '{ fileName, content: Uint8Array } without contentType',
    () => ({ fileName: 'u.bin', content: new Uint8Array(BYTES) }),
    'u.bin',
    'application/octet-stream',
    false,
  ],
  [
    '{ fileName, content: stream, contentType }',
    () => ({ fileName: 's "q"\r\n.png', content: webStream(BYTES), contentType: 'image/png' }),
    's "q"\r\n.png',
    'image/png',
    streamed,
  ],
  [
    '{ fileName, content: Node readable, contentType }',
    () => ({
      fileName: 'n.png',
      content: createReadStream(tempFile, { highWaterMark: 700 }),
      contentType: 'image/png',
    }),
    'n.png',
    'image/png',
    streamed,
  ],
];

describe('file uploads reach the server as multipart', () => {
  it.each(cases)('%s', async (_, input, name, type, isStream) => {
    const server = await faultServer();
    server.answer(uploaded);
    const user = await server
      .client()
      .users.setUserProfileImage({ user_id: 'user_1', file: input() });
    expect(user).toEqual({ id: 'user_1' });
    const seen = server.seen[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/v1/users/user_1/profile_image');
    expect(seen.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(await filePart(seen)).toEqual({ name, type, bytes: BYTES });
    if (isStream) {
      expect(seen.headers['content-length']).toBeUndefined();
      expect(seen.headers['transfer-encoding']).toBe('chunked');
    } else {
      expect(Number(seen.headers['content-length'])).toBe((await seen.body).length);
    }
  });

  it('Readable.from(strings) sends the strings’ UTF-8 bytes', async () => {
    const server = await faultServer();
    server.answer(uploaded);
    await server
      .client()
      .users.setUserProfileImage({ user_id: 'user_1', file: Readable.from(['héllo ', 'wörld']) });
    expect((await filePart(server.seen[0]!)).bytes.toString('utf8')).toBe('héllo wörld');
  });
});

describe('text fields next to a file', () => {
  it.each<[string, () => FileInput]>([
    ['a buffered file', () => ({ fileName: 'logo.png', content: BYTES, contentType: 'image/png' })],
    [
      'a streamed file',
      () => ({ fileName: 'logo.png', content: webStream(BYTES), contentType: 'image/png' }),
    ],
  ])('are sent as fields with %s', async (_, file) => {
    const server = await faultServer();
    server.answer(json(200, { id: 'org_1' }));
    await server.client().organizations.uploadOrganizationLogo({
      organization_id: 'org_1',
      uploader_user_id: 'user_ü"1',
      file: file(),
    });
    const seen = server.seen[0]!;
    expect(seen.url).toBe('/v1/organizations/org_1/logo');
    const form = await new Response(new Uint8Array(await seen.body), {
      headers: { 'content-type': seen.headers['content-type']! },
    }).formData();
    expect(form.get('uploader_user_id')).toBe('user_ü"1');
    const logo = form.get('file') as File;
    expect([logo.name, logo.type]).toEqual(['logo.png', 'image/png']);
    expect(Buffer.from(await logo.arrayBuffer())).toEqual(BYTES);
  });
});

describe('encodeMultipart', () => {
  it('a stopped streamed body cancels its source and never ends as a complete body', async () => {
    let cancelled: unknown;
    const source = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(new TextEncoder().encode('partial')),
      cancel: (reason) => void (cancelled = reason),
    });
    const encoded = encodeMultipart(
      multipartParts({ file: { fileName: 'f', content: source }, note: 'after' }),
    );
    const reader = (encoded.body as ReadableStream<Uint8Array>).getReader();
    let sent = '';
    while (!sent.includes('partial')) sent += new TextDecoder().decode((await reader.read()).value);
    const pending = reader.read(); // waits on the source, which has nothing more yet
    await encoded.stop!('gone');
    expect(cancelled).toBe('gone');
    for (let next = await pending; !next.done; next = await reader.read()) {
      sent += new TextDecoder().decode(next.value);
    }
    expect(sent).not.toContain('after');
    expect(sent).not.toMatch(/--\r\n$/);
  });
});

/** An answer that reports when `marker` has arrived in the body, then answers once all did. */
function awaiting(marker: string): { answer: Answer; arrived: Promise<void> } {
  let resolve!: () => void;
  const arrived = new Promise<void>((r) => (resolve = r));
  const answer: Answer = (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      if (Buffer.concat(chunks).includes(marker)) {
        req.off('data', onData);
        resolve();
      }
    };
    req.on('data', onData);
    uploaded(req, res);
  };
  return { answer, arrived };
}

describe('streamed uploads', () => {
  it('a web stream is sent while it is still being written', async () => {
    const server = await faultServer();
    const { answer, arrived } = awaiting('FIRST-');
    server.answer(answer);
    let source!: ReadableStreamDefaultController<Uint8Array>;
    const file = new ReadableStream<Uint8Array>({ start: (c) => void (source = c) });
    source.enqueue(Buffer.from('FIRST-'));
    const call = server.client().users.setUserProfileImage({ user_id: 'user_1', file });
    // The source is still open, yet its first chunk reaches the server.
    await arrived;
    source.enqueue(Buffer.from('SECOND'));
    source.close();
    await call;
    expect((await filePart(server.seen[0]!)).bytes.toString()).toBe('FIRST-SECOND');
  });

  it('a Node readable is sent while it is still being written', async () => {
    const server = await faultServer();
    const { answer, arrived } = awaiting('FIRST-');
    server.answer(answer);
    const file = new PassThrough();
    file.write('FIRST-');
    const call = server.client().users.setUserProfileImage({ user_id: 'user_1', file });
    await arrived;
    file.end('SECOND');
    await call;
    expect((await filePart(server.seen[0]!)).bytes.toString()).toBe('FIRST-SECOND');
  });

  it('a streamed upload is not retried, even with retryNonIdempotent', async () => {
    const server = await faultServer();
    server.answer(text(503, 'down'));
    const retries: RetryConfig = {
      strategy: 'backoff',
      backoff: { initialInterval: 1, maxInterval: 1, exponent: 1, maxElapsedTime: 60_000 },
      retryConnectionErrors: true,
      retryNonIdempotent: true,
    };
    const err = await server
      .client({ retryConfig: retries })
      .users.setUserProfileImage({ user_id: 'user_1', file: webStream(BYTES) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SDKError);
    expect((err as SDKError).statusCode).toBe(503);
    expect(server.seen).toHaveLength(1);

    // A buffered upload is replayable: retried whole.
    server.answer(text(503, 'down'), uploaded);
    await server
      .client({ retryConfig: retries })
      .users.setUserProfileImage({ user_id: 'user_1', file: BYTES });
    expect(server.seen).toHaveLength(3);
    expect((await filePart(server.seen[1]!)).bytes).toEqual(BYTES);
    expect((await filePart(server.seen[2]!)).bytes).toEqual(BYTES);
  });
});
