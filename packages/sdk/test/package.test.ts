// The package as npm would publish it: built by its own `npm run build` (tsup), checked by
// publint and @arethetypeswrong/cli, and loaded by Node through its exports map, as
// `import` and as `require`.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const SDK_DIR = join(ROOT, 'packages/sdk');
const BIN = join(ROOT, 'node_modules/.bin');

interface PackageJson {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Runs `script` in a fresh Node from the repository root, where `@castellan/sdk` resolves. */
async function nodeEval(args: string[], script: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, [...args, '-e', script], { cwd: ROOT });
  return JSON.parse(stdout);
}

/** What a consumer sees of the package, printed as JSON. */
const PROBE = `({
  castellan: typeof sdk.Castellan,
  serverURL: new sdk.Castellan({ serverIdx: 1 }).serverURL,
  getUser: typeof new sdk.Castellan().users.getUser,
  errorsShareABase: new sdk.ClerkErrors({ errors: [] }, { statusCode: 400, headers: new Headers(), body: '', rawResponse: new Response() }) instanceof sdk.CastellanError,
})`;

describe('the published package', () => {
  beforeAll(async () => {
    await run(join(BIN, 'tsup'), [], { cwd: SDK_DIR });
  }, 60_000);

  it('has no runtime dependencies, and its builds import nothing', async () => {
    const pkg = JSON.parse(await readFile(join(SDK_DIR, 'package.json'), 'utf8')) as PackageJson;
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.peerDependencies ?? {}).toEqual({});
    const esm = await readFile(join(SDK_DIR, 'dist/index.js'), 'utf8');
    const cjs = await readFile(join(SDK_DIR, 'dist/index.cjs'), 'utf8');
    expect(esm).not.toMatch(/^\s*import\s[^(]/m);
    expect(cjs).not.toMatch(/\brequire\(/);
  });

  it('passes publint and @arethetypeswrong/cli with no problem', async () => {
    const [lint, attw] = await Promise.all([
      publint({ pkgDir: SDK_DIR, level: 'suggestion', strict: true }),
      // Exits non-zero on any problem; the JSON says which.
      run(join(BIN, 'attw'), ['--pack', SDK_DIR, '--format', 'json'], { cwd: ROOT }).catch(
        (error: { stdout: string }) => error,
      ),
    ]);
    const pkg = JSON.parse(await readFile(join(SDK_DIR, 'package.json'), 'utf8')) as never;
    expect(lint.messages.map((m) => formatMessage(m, pkg))).toEqual([]);
    const report = JSON.parse(attw.stdout) as { analysis: { problems: unknown[] } };
    expect(report.analysis.problems).toEqual([]);
  }, 30_000);

  it('loads in Node as ESM (import) and as CommonJS (require), exposing Castellan', async () => {
    const expected = {
      castellan: 'function',
      serverURL: 'http://127.0.0.1:3210/v1',
      getUser: 'function',
      errorsShareABase: true,
    };
    const esm = await nodeEval(
      ['--input-type=module'],
      `const sdk = await import('@castellan/sdk'); console.log(JSON.stringify(${PROBE}));`,
    );
    const cjs = await nodeEval(
      ['--input-type=commonjs'],
      `const sdk = require('@castellan/sdk'); console.log(JSON.stringify(${PROBE}));`,
    );
    expect(esm).toEqual(expected);
    expect(cjs).toEqual(expected);
  });
});
