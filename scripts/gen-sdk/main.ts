// `npm run gen:sdk`: regenerate packages/sdk/src/generated from packages/contract, the spec's
// summaries and the seed README's groups.
import { relative } from 'node:path';
import { generateSdk } from './generate-sdk.js';

const result = await generateSdk({});
for (const file of result.written) console.log(`wrote ${relative(process.cwd(), file)}`);
console.log(`${result.operationCount} operations (${result.seedCount} listed by the seed README)`);
