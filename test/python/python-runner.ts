/**
 * Runs the Python side of the notebook tests (test/python/*.py) from vitest.
 *
 * The notebooks are Python; these helpers find an interpreter and run one unittest at a time, so
 * every Python test shows up as its own vitest test.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PY_DIR = fileURLToPath(new URL('.', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Interpreters to try: LOYALTY_TEST_PYTHON when set, python3 on PATH, and Debian's own
 * /usr/bin/python3 (where apt's python3-psycopg lands even when PATH has another python3).
 */
function candidates(): string[] {
  return [...new Set([process.env.LOYALTY_TEST_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p))];
}

/**
 * The interpreter itself (sys.executable) when `python` can import every module in `modules`.
 * A version manager's `python3` on PATH is a shim script that starts several processes before
 * Python; the tests spawn Python often, so they run the interpreter the shim chose directly.
 */
function resolve(python: string, modules: readonly string[]): string | undefined {
  const r = spawnSync(python, ['-c', ['import sys', ...modules.map((m) => `import ${m}`), 'print(sys.executable)'].join('\n')], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return r.stdout.trim() || python;
}

/** The first interpreter that can import every module in `modules` (none needed: any python3). */
export function findPython(modules: readonly string[] = []): string | undefined {
  for (const python of candidates()) {
    const found = resolve(python, modules);
    if (found) return found;
  }
  return undefined;
}

export interface PythonResult {
  status: number | null;
  output: string;
}

/** `python -m unittest -v <name>` in test/python; `name` is e.g. test_notebooks.Class.test_method. */
export function runUnittest(python: string, name: string, env: Record<string, string> = {}): PythonResult {
  const r = spawnSync(python, ['-m', 'unittest', '-v', name], {
    cwd: PY_DIR,
    encoding: 'utf8',
    env: { ...process.env, ...env, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
  });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** The outcome unittest printed for one test: "ok", "skipped '<reason>'", "FAIL", "ERROR". */
export function outcome(result: PythonResult): string {
  const line = result.output.split('\n').find((l) => / \.\.\. /.test(l));
  return line ? line.slice(line.indexOf(' ... ') + 5).trim() : `no result line (exit ${result.status})`;
}
