import { defineConfig } from 'tsup';

// ESM and CJS builds of the one entry, each with its bundled declarations; no runtime
// dependencies, fetch-only, so the same files run on Node 20+, Deno, Bun, browsers and edge.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
});
