// npm run flags: write src/cli/command-flags.generated.ts from the command
// schemas (`--help` and completion read it, so they need no zod). With --check,
// write nothing and exit 1 if it is out of date.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const repo = join(import.meta.dirname, '..');
const target = join(repo, 'src', 'cli', 'command-flags.generated.ts');
// Inside node_modules, so the bundle finds zod and the other packages it leaves out.
const cache = join(repo, 'node_modules', '.cache', 'loyalty-wizard');
mkdirSync(cache, { recursive: true });
const outfile = join(cache, 'render-command-flags.mjs');
await build({
  entryPoints: [join(repo, 'scripts', 'render-command-flags.ts')],
  outfile,
  bundle: true,
  packages: 'external',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  logLevel: 'warning',
  // The schemas' modules reach the table this writes (the completion command prints scripts made from it);
  // rendering needs none of it, so it may be missing or stale.
  plugins: [
    {
      name: 'no-generated-table',
      setup(b) {
        b.onResolve({ filter: /\/command-flags\.generated\.js$/ }, () => ({ path: 'generated-table', namespace: 'stub' }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export const COMMAND_FLAGS = {}; export const GLOBAL_FLAGS = [];' }));
      },
    },
  ],
});
const { renderCommandFlags } = await import(`${pathToFileURL(outfile).href}?${Date.now()}`);
const text = renderCommandFlags();
let current;
try {
  current = readFileSync(target, 'utf8');
} catch {
  current = undefined;
}
if (current === text) {
  console.log('src/cli/command-flags.generated.ts is up to date');
} else if (process.argv.includes('--check')) {
  console.error('src/cli/command-flags.generated.ts is out of date; run: npm run flags');
  process.exitCode = 1;
} else {
  writeFileSync(target, text);
  console.log('wrote src/cli/command-flags.generated.ts');
}
