import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .js test fixture without types
import { answer, startFakeServer } from './fixtures/fake-databricks/lib/server.js';
import { FAKE } from './helpers/fake-databricks.js';
import { msSinceProcessStart, needsProcess } from './fixtures/fake-databricks/lib/main.js';
import { removeTree } from './helpers/tree.js';

/**
 * bin/databricks answered by the fake server (lib/server.js) must be the same program as bin/databricks run as its
 * own Node process: same output on each stream, same exit code, same log. Calls that need a process of their
 * own are handed back to one; without a server the program runs on its own.
 */

let dir: string;
let server: Server;
let connections = 0;
let calls = 0;
const socket = () => join(dir, 'fake.sock');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lw-fake-server-test-'));
  writeFileSync(join(dir, 'databrickscfg'), '[dev]\nhost = https://dev.cloud.databricks.com\nauth_type = databricks-cli\n');
  server = (await startFakeServer(socket())) as Server;
  server.on('connection', () => connections++);
});
afterAll(() => {
  server.close();
  removeTree(dir);
});

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  pid: number;
}

/** bin/databricks spawned (never synchronously: the server answers from this process). */
function run(args: string[], env: Record<string, string>): Promise<Ran> {
  const log = join(dir, `log-${++calls}.jsonl`);
  const base = { PATH: process.env.PATH ?? '', HOME: dir, DATABRICKS_CONFIG_FILE: join(dir, 'databrickscfg'), FAKE_DATABRICKS_LOG: log };
  return new Promise((resolve) => {
    const child = execFile(FAKE, args, { cwd: dir, env: { ...base, ...env }, encoding: 'utf8' }, (error, stdout, stderr) => {
      const logged = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { pid: number });
      expect(logged.map((l) => l.pid)).toEqual([child.pid]);
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr, pid: child.pid! });
    });
  });
}

const CALLS: [string, string[], Record<string, string>][] = [
  ['--version', ['--version'], {}],
  ['version -o json', ['version', '-o', 'json'], { FAKE_DATABRICKS_VERSION: '0.250.0' }],
  ['auth profiles -o json', ['auth', 'profiles', '-o', 'json'], {}],
  ['bundle validate outside a bundle (an error on stderr, exit 1)', ['bundle', 'validate', '-o', 'json'], {}],
  ['an unknown command', ['bundel', 'deploy'], {}],
  ['jobs list with an auth fault', ['jobs', 'list', '-p', 'dev', '-o', 'json'], { FAKE_DATABRICKS_FAIL: 'auth' }],
  ['jobs list', ['jobs', 'list', '-p', 'dev', '-o', 'json'], {}],
  ['current-user me', ['current-user', 'me', '-p', 'dev', '-o', 'json'], { FAKE_DATABRICKS_USER: 'Someone.Else@example.com' }],
];

describe('bin/databricks through the fake server', () => {
  for (const [what, args, env] of CALLS) {
    it(`${what}: the server's answer is the own process's, byte for byte`, async () => {
      const before = connections;
      const served = await run(args, { ...env, FAKE_DATABRICKS_SERVER: socket() });
      expect(connections).toBe(before + 1);
      const alone = await run(args, env);
      expect(connections).toBe(before + 1);
      expect({ ...served, pid: 0 }).toEqual({ ...alone, pid: 0 });
      expect(served.stdout + served.stderr).not.toBe('');
    });
  }

  it('a call that needs a process of its own (a process fault) is handed back and runs as one', async () => {
    const before = connections;
    const served = await run(['--version'], { FAKE_DATABRICKS_FAIL: 'slow:1', FAKE_DATABRICKS_SERVER: socket() });
    expect(connections).toBe(before + 1);
    expect(served).toMatchObject({ code: 0, stdout: 'Databricks CLI v1.13.0\n', stderr: '' });
  });

  it('FAKE_DATABRICKS_DELAY_MS: calls made at the same time are answered at the same time, each after its delay', async () => {
    const spans = join(dir, 'spans.jsonl');
    writeFileSync(spans, '');
    const env = { FAKE_DATABRICKS_DELAY_MS: '300', FAKE_DATABRICKS_SPANS: spans, FAKE_DATABRICKS_SERVER: socket() };
    const results = await Promise.all([run(['--version'], env), run(['--version'], env)]);
    for (const r of results) expect(r).toMatchObject({ code: 0, stdout: 'Databricks CLI v1.13.0\n', stderr: '' });
    const [a, b] = readFileSync(spans, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { start: number; end: number });
    for (const s of [a!, b!]) expect(s.end - s.start).toBeGreaterThanOrEqual(300);
    expect(Math.max(a!.start, b!.start)).toBeLessThan(Math.min(a!.end, b!.end));
  });

  it('FAKE_DATABRICKS_DELAY_MS counts from the calling process’s start, as a real call’s time does', async () => {
    while (msSinceProcessStart(process.pid) < 400) await new Promise((resolve) => setTimeout(resolve, 50));
    // /proc says when this test process started, to within a clock tick (never later than it did).
    const started = Date.now() - msSinceProcessStart(process.pid);
    expect(started).toBeGreaterThanOrEqual(performance.timeOrigin - 5000);
    expect(started).toBeLessThanOrEqual(performance.timeOrigin + 20);
    // A call from it with a delay it has outlived already: its span starts at the process's start, and the call
    // is answered without waiting again.
    const spans = join(dir, 'aged.jsonl');
    const request = ['fake-databricks/1', String(process.pid), dir, '000', '1', '--version', 'FAKE_DATABRICKS_DELAY_MS=200', `FAKE_DATABRICKS_SPANS=${spans}`, ''];
    const frames = (await answer(Buffer.from(request.join('\0')))) as Buffer[];
    expect(frames.map((f) => f.toString('latin1', 0, 1))).toEqual(['o', 'x']);
    const span = JSON.parse(readFileSync(spans, 'utf8')) as { start: number; end: number };
    expect(span.start).toBeLessThanOrEqual(performance.timeOrigin + 20);
    expect(span.end - span.start).toBeGreaterThanOrEqual(400);
    expect(msSinceProcessStart(2 ** 22 + 1)).toBe(0);
  });

  it('a socket nobody listens on: the program runs on its own', async () => {
    const r = await run(['--version'], { FAKE_DATABRICKS_SERVER: join(dir, 'nobody.sock') });
    expect(r).toMatchObject({ code: 0, stdout: 'Databricks CLI v1.13.0\n', stderr: '' });
  });

  it('a call whose process is gone by the time it is answered is not run: nothing logged, nothing answered', () => {
    const log = join(dir, 'gone.jsonl');
    const request = (pid: number) => Buffer.from(['fake-databricks/1', String(pid), dir, '000', '1', '--version', `FAKE_DATABRICKS_LOG=${log}`, ''].join('\0'));
    expect(answer(request(2 ** 22 + 1))).toEqual([]);
    expect(existsSync(log)).toBe(false);
    expect((answer(request(process.pid)) as Buffer[]).map((f) => f.toString('latin1', 0, 1))).toEqual(['o', 'x']);
    expect(readFileSync(log, 'utf8')).toContain('"--version"');
  });

  it('a request that is not a call gets an error and exit 70, never a command run', () => {
    const frames = (answer(Buffer.from('GET / HTTP/1.1\r\n\r\n')) as Buffer[]).map((f) => [f.toString('latin1', 0, 1), f.subarray(5).toString()]);
    expect(frames).toEqual([
      ['e', 'fake databricks server: not a call it understands\n'],
      ['x', '70'],
    ]);
  });
});

describe('which calls on a terminal need a process of their own', () => {
  const terminal = { stdin: true, stderr: true };
  it.each([
    [['--version'], false],
    [['bundle', 'validate', '-t', 'dev', '-o', 'json'], false],
    [['bundle', 'deploy', '-t', 'dev'], true],
    [['bundle', 'deploy', '-t', 'dev', '--auto-approve'], false],
    [['bundle', 'destroy', '-t', 'dev'], true],
    [['bundle', 'deployment', 'bind', 'job', '123'], true],
  ])('%j: %s (only what may ask "Would you like to proceed?" reads the terminal)', (argv, own) => {
    expect(needsProcess({}, terminal, argv)).toBe(own);
    expect(needsProcess({}, { stdin: false, stderr: true }, argv)).toBe(false);
  });

  it('a caller that does not give the arguments: any call on a terminal', () => {
    expect(needsProcess({}, terminal)).toBe(true);
  });
});
