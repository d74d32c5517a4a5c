// Bundles the server, with the workspace contract and its npm dependencies, into dist/cli.js
// and dist/index.js (plus the chunks they share or load on demand).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Stay in node_modules: native addons (a `.node` file found from the package's own
 * directory), the API reference (it serves its browser bundle from its own files), and
 * `pg`'s optional native driver (never installed; `pg` asks for it only when told to).
 */
const external = [
  'better-sqlite3',
  '@node-rs/bcrypt',
  '@node-rs/argon2',
  '@scalar/fastify-api-reference',
  'pg-native',
];
for (const name of external.slice(0, -1)) {
  if (!pkg.dependencies[name]) throw new Error(`build.mjs: ${name} is no longer a dependency`);
}

/**
 * The CommonJS dependencies bundled into ES modules still call `require` (Node's built-ins,
 * the externals above) and a few read `__dirname`: each output file defines them.
 */
const banner = [
  "import { createRequire as __castellanCreateRequire } from 'node:module';",
  "import { fileURLToPath as __castellanFileURLToPath } from 'node:url';",
  "import { dirname as __castellanDirname } from 'node:path';",
  'const require = __castellanCreateRequire(import.meta.url);',
  'const __filename = __castellanFileURLToPath(import.meta.url);',
  'const __dirname = __castellanDirname(__filename);',
].join('\n');

/**
 * Bundles `cli` and `index` into `outdir`. One file to load instead of hundreds of
 * packages' files to resolve and compile: start-up is mostly module loading otherwise.
 * Modules imported on demand (`import()`: the SMTP client, Redis, the disposable-domain and
 * common-password lists, …) become chunks of their own, loaded only when used. The bundle
 * must sit inside this package (or below it), so Node finds the externals from there.
 */
export async function bundleServer(outdir = 'dist') {
  // Chunks are named by their content's hash: an earlier build's would pile up.
  rmSync(path.join(outdir, 'chunks'), { recursive: true, force: true });
  await build({
    entryPoints: { cli: `${here}src/cli.ts`, index: `${here}src/index.ts` },
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external,
    banner: { js: banner },
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundleServer(`${here}dist`);
}
