// `npm run gen:contract`: regenerate packages/contract/src/generated from the specs
// (Backend API, its seed-era version, webhooks, Frontend API).
//
// Spec dir: $CASTELLAN_SPEC_DIR, else ../shared/spec next to the repository.
// Output dir: the first argument, else packages/contract/src/generated.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { DEFAULT_OUT_DIR, defaultSpecDir, generateContract } from './generate-contract.js';

async function main(): Promise<void> {
  const specDir = defaultSpecDir();
  const outDir = process.argv[2] !== undefined ? resolve(process.argv[2]) : DEFAULT_OUT_DIR;
  if (!existsSync(specDir)) {
    console.error(`Spec directory ${specDir} not found; set CASTELLAN_SPEC_DIR.`);
    process.exitCode = 1;
    return;
  }
  const started = Date.now();
  const result = await generateContract({ specDir, outDir });
  for (const file of result.files) console.log(`wrote ${relative(process.cwd(), file)}`);
  console.log(
    `${result.operationCount} operations, ${result.webhookEventCount} webhook events, ` +
      `${result.fapiOperationCount} Frontend API operations ` +
      `in ${Date.now() - started} ms`,
  );
  if (result.notes.length > 0) {
    console.log(`\n${result.notes.length} notes on the spec (not carried over as is):`);
    for (const note of result.notes) console.log(`  ${note}`);
  }
}

await main();
