import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
// @ts-expect-error: a plain .mjs build script without types
import { PATCHED_INK } from './scripts/build-patched-ink.mjs';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Many tests wait on child processes (the CLI, the fake databricks, tmux) rather than
    // compute, so one worker per core leaves cores idle; vitest's default is one fewer.
    maxWorkers: availableParallelism() + 1,
    // A worker keeps its modules from one test file to the next instead of importing zod, React, Ink and
    // the product again for each file (about half the CPU of the UI and unit tests). Nothing in the tests
    // mocks a module or changes process-wide state; modules keep no state a test depends on.
    isolate: false,
    globalSetup: ['test/global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'sources', include: ['test/**/*.test.ts'] } },
      {
        // The wizard's UI tests again, with `ink` resolved to Ink bundled with the build's
        // patches (scripts/esbuild-plugins.mjs), so a patch that changes what Ink draws fails here.
        extends: true,
        test: {
          name: 'patched-ink',
          env: { LOYALTY_TEST_INK: 'patched' },
          include: ['test/ui/**/*.test.ts'],
          alias: [{ find: /^ink$/, replacement: PATCHED_INK as string }],
          server: { deps: { inline: ['ink-testing-library'] } },
        },
      },
    ],
  },
});
