import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskFileStore } from '../../src/files/disk-file-store.js';
import type { FileStore } from '../../src/files/file-store.js';
import { MemoryFileStore } from '../../src/files/memory-file-store.js';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/** A stream that yields some bytes, then fails (a client gone, an upload refused midway). */
function failingStream(): Readable {
  return new Readable({
    read() {
      this.push(Buffer.alloc(1024, 1));
      this.destroy(new Error('upload refused'));
    },
  });
}

const root = mkdtempSync(path.join(tmpdir(), 'castellan-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each([
  ['disk', () => new DiskFileStore(path.join(root, `s${Math.random().toString(36).slice(2)}`))],
  ['memory', () => new MemoryFileStore()],
] as [string, () => FileStore][])('the %s file store', (_name, make) => {
  it('puts, gets and deletes a file by key', async () => {
    const store = make();
    const bytes = Buffer.from('hello, file store');
    expect(await store.put('ins_1/img_a', Readable.from([bytes]))).toEqual({ size: bytes.length });
    expect((await readAll((await store.get('ins_1/img_a'))!)).equals(bytes)).toBe(true);
    await store.delete('ins_1/img_a');
    expect(await store.get('ins_1/img_a')).toBeUndefined();
    await store.delete('ins_1/img_a'); // a missing key is not an error
  });

  it('keeps nothing of a stream that fails', async () => {
    const store = make();
    await expect(store.put('ins_1/img_b', failingStream())).rejects.toThrow('upload refused');
    expect(await store.get('ins_1/img_b')).toBeUndefined();
    if (store instanceof DiskFileStore) {
      expect(
        readdirSync(store.root, { recursive: true, encoding: 'utf8' }).filter((f) =>
          statSync(path.join(store.root, f)).isFile(),
        ),
      ).toEqual([]);
    }
  });

  it.each(['../escape', '/abs', 'a/../../b', '', 'a b', 'a\\b', 'x/y/z/w/v'])(
    'refuses the key %j',
    async (key) => {
      const store = make();
      await expect(store.put(key, Readable.from([Buffer.from('x')]))).rejects.toThrow(
        'invalid file store key',
      );
      await expect(store.get(key)).rejects.toThrow('invalid file store key');
    },
  );
});

describe('the disk file store on disk', () => {
  it('creates its directories 0700 and its files 0600', async () => {
    const dir = path.join(root, 'modes');
    const store = new DiskFileStore(dir);
    await store.put('ins_9/img_c', Readable.from([Buffer.from('x')]));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'ins_9')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'ins_9', 'img_c')).mode & 0o777).toBe(0o600);
  });
});
