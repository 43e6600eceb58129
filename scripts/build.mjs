// Bundles the CLI into dist/ so start-up reads a few files instead of hundreds
// of modules. Commands are split into chunks loaded on demand: `--help` loads
// only the entry.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';

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
  plugins: [
    {
      // Ink's layout engine checks `typeof fetch` at load, which makes Node load its whole HTTP client
      // (undici) for nothing; the engine is inlined, it never fetches. Saves ~40 ms of wizard start-up.
      name: 'yoga-without-fetch',
      setup(b) {
        b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/][^\\/]*\.js$/ }, async (args) => ({
          contents: (await readFile(args.path, 'utf8')).replaceAll('typeof fetch', '"undefined"'),
          loader: 'js',
        }));
      },
    },
    {
      // Ink imports React DevTools only when DEV=true; it is not installed, so stand in an empty module.
      name: 'no-react-devtools',
      setup(b) {
        b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };' }));
      },
    },
  ],
});
