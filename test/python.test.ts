import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, SHIPPED_PIPELINES } from './helpers/fixtures.js';
import { findPython } from './python/python-runner.js';

function pythonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.py'))
    .map((e) => join(e.parentPath, e.name));
}

/** python3 on PATH, run as the interpreter itself (not through a version manager's shim). */
const python = findPython() ?? 'python3';
const files = [...SHIPPED_PIPELINES.flatMap((name) => pythonFiles(join(REPO, 'pipelines', name))), ...pythonFiles(join(REPO, 'templates'))];

describe('Python notebooks', () => {
  it('python3 is available', () => {
    expect(execFileSync('python3', ['--version'], { encoding: 'utf8' })).toMatch(/^Python 3\./);
  });
  it('there are notebooks to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });
  for (const file of files) {
    it(`${relative(REPO, file)} compiles`, () => {
      const cache = mkdtempSync(join(tmpdir(), 'lw-pyc-'));
      try {
        const r = spawnSync(python, ['-m', 'py_compile', file], { encoding: 'utf8', env: { ...process.env, PYTHONPYCACHEPREFIX: cache } });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
    });
  }
  it('a broken file would fail the check', () => {
    const r = spawnSync(python, ['-c', 'import py_compile,sys; py_compile.compile("/dev/stdin", doraise=True)'], { input: 'def broken(:\n', encoding: 'utf8' });
    expect(r.status).not.toBe(0);
  });
});
