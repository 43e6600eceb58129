import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Imports go one way (docs/architecture.md): each folder of src/ may import
 * only the folders listed for it, so no layer reaches one above it. The rule
 * sees `import type` and `import()` as well as plain imports.
 */
const LAYERS = {
  core: [],
  project: ['core'],
  databricks: ['core', 'project'],
  session: ['core'],
  operate: ['core', 'project', 'databricks', 'session'],
  deploy: ['core', 'project', 'databricks', 'session', 'operate'],
  ui: ['core', 'project', 'databricks', 'session', 'operate'],
  cli: ['core', 'project', 'databricks', 'session', 'operate', 'deploy', 'ui'],
};
/** Packages that do I/O or draw, kept out of the layers that must not. */
const PACKAGES_BANNED = {
  core: ['node:fs*', 'node:child_process', 'ink', 'react', 'listr2', 'execa', '@inquirer/*'],
  project: ['node:child_process', 'ink', 'react', 'listr2', 'execa', '@inquirer/*'],
};

function layerRules() {
  return Object.entries(LAYERS).map(([layer, allowed]) => {
    const above = Object.keys(LAYERS).filter((other) => other !== layer && !allowed.includes(other));
    const upward = `^(\\.\\./)+(${above.join('|')})/`;
    const message = `src/${layer} may import only ${allowed.length ? allowed.map((a) => `src/${a}`).join(', ') : 'itself'} (docs/architecture.md)`;
    return {
      files: [`src/${layer}/**/*.{ts,tsx}`],
      rules: {
        'no-restricted-imports': ['error', { patterns: [{ regex: upward, message }, ...(PACKAGES_BANNED[layer] ?? []).map((name) => ({ group: [name], message: `src/${layer} does no such I/O` }))] }],
        'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/${upward.replace(/\//g, '\\/')}/]`, message }],
      },
    };
  });
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // Long functions hide their steps: an orchestrator names them instead. Every line counts
    // (comments and blank lines too), and a JSX component is a function like any other.
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false, IIFEs: true }],
    },
  },
  {
    // The pure core takes data and returns data: no process globals, no terminal.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'process'],
    },
  },
  ...layerRules(),
);
