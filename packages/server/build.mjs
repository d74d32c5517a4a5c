// Bundles the server (with the workspace contract) into dist/cli.js; npm dependencies stay external.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@castellan/'));
const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Bundles `cli` and `index` into `outdir`. The bundle must sit inside this package (or
 * below it), so Node finds the external dependencies in node_modules from there.
 */
export async function bundleServer(outdir = 'dist') {
  await build({
    entryPoints: { cli: `${here}src/cli.ts`, index: `${here}src/index.ts` },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external,
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundleServer(`${here}dist`);
}
