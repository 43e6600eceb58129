// Bundles the CLI into dist/ so start-up reads a few files instead of hundreds
// of modules. Commands are split into chunks loaded on demand: `--help` loads
// only the entry.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { productPlugins } from './esbuild-plugins.mjs';

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/entry.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
  banner: {
    // Bundled CommonJS dependencies may call require(); give them one.
    js: "import { createRequire as __loyaltyCreateRequire } from 'node:module'; const require = __loyaltyCreateRequire(import.meta.url);",
  },
  define: { 'process.env.NODE_ENV': '"production"' },
  jsx: 'automatic',
  // Less source for V8 to parse at start-up (Node 20 has no compile cache); source maps keep stacks readable.
  minify: true,
  keepNames: false,
  plugins: productPlugins,
});
