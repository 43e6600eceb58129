import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutputCollector } from '../../src/databricks/output-collector.js';
import { explainCliKilled, STDERR_TAIL_CHARS } from '../../src/core/cli-failures.js';
import { explainCliFailure, importantStderrLines } from '../../src/core/index.js';

/** Bundle `code` (TypeScript, importing from test/unit) and run it in a child process; its stdout, parsed. Killed after 30 s. */
function inChildProcess(code: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'lw-linear-'));
  try {
    const outfile = join(dir, 'run.mjs');
    buildSync({ stdin: { contents: code, resolveDir: import.meta.dirname, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'error' });
    const r = spawnSync(process.execPath, [outfile], { encoding: 'utf8', timeout: 30_000 });
    if (r.status !== 0) throw new Error(`did not finish (${r.signal ?? `exit ${r.status}`}): a pattern backtracks? ${r.stderr}`);
    return JSON.parse(r.stdout) as unknown;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('reading the CLI output in linear time, within bounds', () => {
  const lock = 'Error: Failed to acquire deployment lock: deploy lock acquired by jane@example.com at 2026-11-25 10:00:00.123 +0000 UTC. Use --force-lock to override\n';
  /** Text that made the old patterns backtrack without end: long runs without spaces, unfinished openings. */
  const hostile = (size: number) => {
    const piece = `\u001b[31m${'x'.repeat(300)}deploy lock acquired by x at ${'y'.repeat(200)}the host in the profile (${'z'.repeat(100)}pass "-p ${'q'.repeat(50)}:no such target.has no failed to load `;
    return piece.repeat(Math.ceil(size / piece.length)).slice(0, size);
  };

  it('explains the error at the end of megabytes of hostile stderr (inputs that never finished before)', () => {
    // The old patterns took 7.6 s on 80 KB without spaces and never finished on 400 KB, deaf to Ctrl-C. Run in a
    // child process so that a pattern that backtracks again fails this test instead of hanging the run.
    const results = inChildProcess(`
      import { explainCliFailure, importantStderrLines } from '../../src/core/cli-failures.js';
      import { redactSecrets } from '../../src/core/redact-secrets.js';
      const hostile = ${hostile.toString()};
      const lock = ${JSON.stringify(lock)};
      console.log(JSON.stringify({
        spaceless: explainCliFailure('a'.repeat(400_000), {}).kind,
        hostile: explainCliFailure(hostile(400_000), {}).kind,
        lock: explainCliFailure(hostile(5_000_000) + '\\n' + lock, {}),
        target: explainCliFailure(hostile(5_000_000) + '\\nError: qa: no such target. Available targets: dev, prod\\n', { pipeline: 'etl' }),
        lines: importantStderrLines(hostile(5_000_000) + '\\n' + lock),
        redacted: redactSecrets(hostile(5_000_000), ['x'.repeat(10)]).length,
      }));
    `);
    expect(results).toEqual({
      spaceless: 'unknown',
      hostile: 'unknown',
      lock: expect.objectContaining({ kind: 'lock-held', cause: 'another deploy holds the lock: jane@example.com since 2026-11-25 10:00:00.123 +0000 UTC' }),
      target: expect.objectContaining({ kind: 'no-such-target', cause: 'the bundle has no target "qa" (it has: dev, prod)' }),
      lines: [lock.trimEnd()],
      redacted: expect.any(Number),
    });
  });

  it('reads only the last 64 KB: an error before that is not seen', () => {
    const progress = (chars: number) => 'Uploading files...\n'.repeat(Math.ceil(chars / 19)).slice(0, chars);
    expect(explainCliFailure(`${lock}${progress(STDERR_TAIL_CHARS)}`, {}).kind).toBe('unknown');
    expect(explainCliFailure(`${lock}${progress(STDERR_TAIL_CHARS - lock.length - 10)}`, {}).kind).toBe('lock-held');
  });

  it('shows at most 8 lines, each cut to 500 characters', () => {
    const lines = importantStderrLines(`Error: ${'e'.repeat(2000)}\n${'  detail\n'.repeat(20)}`);
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(`Error: ${'e'.repeat(493)}…`);
    expect(importantStderrLines('x'.repeat(100_000))).toEqual([`${'x'.repeat(500)}…`]);
  });

  it('the failures it knows, each recognized when it is the last thing printed after a flood', () => {
    const ctx = { host: 'https://h', profile: 'dev', target: 'prod', pipeline: 'etl' };
    const cases: [string, string][] = [
      ['profile-missing', 'Error: resolve: /home/u/.databrickscfg has no dev profile configured. Config: host=https://h'],
      ['host-mismatch', 'Error: the host in the profile (https://a) doesn’t match the host configured in the bundle (https://b). The profile "other" has host="https://b". To select it, pass "-p other"'],
      ['ambiguous-profile', 'Error: multiple profiles matched: a, b'],
      ['not-authenticated', 'Error: default auth: cannot configure default credentials'],
      ['destructive', 'Error: the deployment requires destructive actions, but the current console does not support prompting.'],
      ['invalid-yaml', 'Error: failed to load /x/databricks.yml: yaml: line 3: mapping values are not allowed'],
      ['no-bundle', 'Error: Unable to locate the bundle root: databricks.yml not found'],
      ['git-branch', 'Error: not on the right Git branch:\n  expected according to configuration: main\n  actual: feature/x'],
      ['job-parameters', 'Error: the job to run does not define job parameters; specifying job parameters is not allowed'],
      ['not-found', 'Error: The warehouse abc was not found.'],
      ['unknown-command', 'Error: unknown command "plan" for "databricks bundle"'],
    ];
    for (const [kind, text] of cases) expect(explainCliFailure(`${hostile(300_000)}\n${text}\n`, ctx).kind, kind).toBe(kind);
    expect(explainCliFailure(`${hostile(300_000)}\n${cases[1]![1]}\n`, ctx).fix).toBe('use --profile other');
    expect(explainCliFailure(`${hostile(300_000)}\n${cases[7]![1]}\n`, ctx).cause).toBe('config/prod.yml deploys only from branch main, and this checkout is on feature/x');
  });

  it('a CLI killed by a signal is explained as such', () => {
    expect(explainCliKilled('SIGSEGV')).toMatchObject({ kind: 'killed', cause: 'the Databricks CLI was killed by SIGSEGV (it crashed)' });
    expect(explainCliKilled('SIGKILL').cause).toBe('the Databricks CLI was killed by SIGKILL (out of memory, or stopped by someone)');
  });

  it('a tail collector keeps exactly the end of what was printed, however it was chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 40 }), fc.integer({ min: 1, max: 200 }), (chunks, limit) => {
        const c = new OutputCollector('tail', limit);
        for (const chunk of chunks) c.push(Buffer.from(chunk));
        const all = Buffer.concat(chunks.map((x) => Buffer.from(x)));
        expect(c.totalBytes).toBe(all.length);
        expect(c.truncated).toBe(all.length > limit);
        if (all.length <= limit) expect(c.text()).toBe(all.toString('utf8'));
        else expect(all.subarray(-limit).toString('utf8').endsWith(c.text().replace(/^…/, ''))).toBe(true);
      }),
    );
  });

  it('a cut tail starts at a whole line, or with … when the kept bytes are one line', () => {
    const c = new OutputCollector('tail', 10);
    c.push('first line\nsecond\nlast\n');
    expect(c.text()).toBe('last\n');
    const long = new OutputCollector('tail', 10);
    long.push(`${'é'.repeat(20)}`);
    expect(long.text()).toBe(`…${'é'.repeat(5)}`);
  });

  it('a whole collector keeps everything up to its limit and reports overflow beyond it', () => {
    const c = new OutputCollector('whole', 10);
    expect(c.push('0123456789')).toBe(true);
    expect(c.text()).toBe('0123456789');
    expect(c.push('x')).toBe(false);
    expect(c.overflow).toBe(true);
    expect(c.push('y')).toBe(false);
    expect(c.totalBytes).toBe(12);
  });
});
