// Bundles Ink with the product's build patches (the same plugins as dist/) into one file, so
// the wizard's unit tests can run against the patched Ink as well as the published one.
// React stays outside: the tests and the bundle must share one React.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { productPlugins } from './esbuild-plugins.mjs';

/** Where the bundle goes: a cache folder inside node_modules, never committed. */
export const PATCHED_INK = fileURLToPath(new URL('../node_modules/.cache/loyalty-wizard/patched-ink.mjs', import.meta.url));

export async function buildPatchedInk() {
  await build({
    entryPoints: [fileURLToPath(new URL('../node_modules/ink/build/index.js', import.meta.url))],
    outfile: PATCHED_INK,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    external: ['react', 'react/*'],
    banner: { js: "import { createRequire as __patchedInkRequire } from 'node:module'; const require = __patchedInkRequire(import.meta.url);" },
    plugins: productPlugins,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildPatchedInk();
