/** Bundles the server's `cli` and `index` entry points into `outdir` (see build.mjs). */
export function bundleServer(outdir?: string): Promise<void>;
