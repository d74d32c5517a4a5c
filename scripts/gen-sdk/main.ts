// `npm run gen:sdk`: regenerate packages/sdk/src/generated from packages/contract, the spec's
// summaries and the seed README's groups, then the SDK's group pages and README regions.
import { relative } from 'node:path';
import { writeDocs } from './docs-emitter.js';
import { generateSdk } from './generate-sdk.js';

const result = await generateSdk({});
for (const file of [...result.written, ...(await writeDocs(result.ops))])
  console.log(`wrote ${relative(process.cwd(), file)}`);
console.log(`${result.operationCount} operations (${result.seedCount} listed by the seed README)`);
