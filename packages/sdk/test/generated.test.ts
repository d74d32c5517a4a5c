import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operations } from '../../contract/src/index.js';
import { defaultSpecDir } from '../../../scripts/gen-contract/generate-contract.js';
import { renderDocs, SDK_PACKAGE_DIR } from '../../../scripts/gen-sdk/docs-emitter.js';
import {
  DEFAULT_SDK_OUT_DIR,
  defaultSeedReadme,
  renderSdk,
} from '../../../scripts/gen-sdk/generate-sdk.js';
import {
  normalizedName,
  parseSeedReadme,
  SEED_GROUP_NAMES,
} from '../../../scripts/gen-sdk/seed-groups.js';
import { Castellan, operationSpecs } from '../src/index.js';
import { groupClasses, seedOperations } from '../src/generated/groups.js';

const specDir = defaultSpecDir();
const seedReadme = defaultSeedReadme();
const hasInputs = existsSync(specDir) && existsSync(seedReadme);
// In CI the spec and the seed README are at ../shared: the checks must run there.
if (!hasInputs && process.env.CI) {
  throw new Error(`[sdk] ${specDir} or ${seedReadme} not found in CI: the checks must run.`);
}

// Rendered once: the drift checks of the sources and of the docs share it.
let renderedOnce: ReturnType<typeof renderSdk> | undefined;
const rendered = () => (renderedOnce ??= renderSdk(specDir, seedReadme));

describe.skipIf(!hasInputs)('packages/sdk/src/generated', () => {
  it('is byte for byte what `npm run gen:sdk` makes of the contract', async () => {
    const { files } = await rendered();
    for (const [name, text] of Object.entries(files)) {
      expect(await readFile(join(DEFAULT_SDK_OUT_DIR, name), 'utf8'), name).toBe(text);
    }
  });

  it('has the group pages, README operation list and README examples `npm run gen:sdk` makes', async () => {
    const docs = await renderDocs((await rendered()).ops, SDK_PACKAGE_DIR);
    for (const [path, text] of Object.entries(docs)) {
      expect(await readFile(join(SDK_PACKAGE_DIR, path), 'utf8'), path).toBe(text);
    }
    const pages = (await readdir(join(SDK_PACKAGE_DIR, 'docs'))).map((p) => `docs/${p}`);
    expect(pages.sort()).toEqual(
      Object.keys(docs)
        .filter((p) => p !== 'README.md')
        .sort(),
    );
  });

  it('has every operation of the seed README as a method of its seed group', async () => {
    const seed = parseSeedReadme(await readFile(seedReadme, 'utf8'));
    expect(new Set(seed.map((s) => s.method)).size).toBeGreaterThanOrEqual(122);
    const sdk = new Castellan() as unknown as Record<string, Record<string, unknown>>;
    for (const s of seed) {
      const id = Object.keys(operations).find(
        (o) => normalizedName(o) === normalizedName(s.method),
      )!;
      expect(id, s.method).toBeDefined();
      const group = SEED_GROUP_NAMES[s.group]!;
      const method = id[0]!.toLowerCase() + id.slice(1);
      expect(typeof sdk[group]?.[method], `${group}.${method}`).toBe('function');
      expect(seedOperations[id as keyof typeof seedOperations]).toEqual([s.group, s.method]);
    }
  });
});

describe('the client', () => {
  it('has every contract operation as a method named by its operationId', () => {
    const sdk = new Castellan() as unknown as Record<string, Record<string, unknown>>;
    const methods = new Map<string, string>();
    for (const group of Object.keys(groupClasses)) {
      const proto = Object.getPrototypeOf(sdk[group]) as object;
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (name !== 'constructor') methods.set(name, group);
      }
    }
    for (const id of Object.keys(operations)) {
      const method = id[0]!.toLowerCase() + id.slice(1);
      expect(methods.has(method), method).toBe(true);
      expect(operationSpecs[id as keyof typeof operationSpecs], id).toBeDefined();
    }
    expect(methods.size).toBe(Object.keys(operations).length);
  });

  it('names the examples of the issue as it says', () => {
    const sdk = new Castellan() as unknown as Record<string, Record<string, unknown>>;
    expect(typeof sdk.users!.getUserList).toBe('function');
    expect(typeof sdk.users!.getOAuthAccessToken).toBe('function');
    expect(typeof sdk.redirectUrls!.listRedirectURLs).toBe('function');
  });
});
