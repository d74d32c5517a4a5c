import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSdk, type SdkSuite } from '../sdk-helpers.js';
import { bundleSdk, expectedOutcome, scenarioModule } from './scenario.js';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../../../node_modules/.bin');

/**
 * Deno and Bun (root devDependencies, from npm) run the SDK's platform-neutral bundle
 * against the suite's Castellan server over real HTTP: the same scenario as the browser's.
 */
describe('@castellan/sdk on Deno and Bun', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'castellan-sdk-runtimes-'));
    await writeFile(path.join(dir, 'sdk.mjs'), await bundleSdk('neutral'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['Deno', 'deno', ['run', '--allow-net', '--no-prompt', 'deno.mjs']],
    ['Bun', 'bun', ['run', 'bun.mjs']],
  ])('%s runs operations, uploads, errors, paging and verification', async (_name, bin, args) => {
    // An instance of its own per runtime: the scenario lists every user of its instance.
    const suite: SdkSuite = await useSdk('sqlite');
    const main = scenarioModule({
      sdkUrl: './sdk.mjs',
      serverURL: suite.serverURL,
      secretKey: suite.instance.secretKey,
      report: 'console.log(JSON.stringify(await ',
    }).replace(/\(run\(\)\);\s*$/, '(run())));\n');
    await writeFile(path.join(dir, `${bin}.mjs`), main);
    const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
    const { stdout } = await run(path.join(BIN, bin), args, { cwd: dir, env, timeout: 60_000 });
    const outcome = JSON.parse(stdout.trim().split('\n').at(-1)!) as { userId: string };
    expect(outcome).toEqual(expectedOutcome(outcome.userId));
  });
});
