// Keystroke-to-frame latency of the `new` wizard: the real runWizard on a fake
// 80x24 terminal, batch_sql with 30 steps prefilled (a ~600-line databricks.yml),
// ~300 keystrokes typed into the display-name question at a fast typist's pace.
// Prints p50/p95/p99 of: the frame that echoes the key, and the frame whose
// preview shows the edited line. Numbers are for reading; the target is beside them.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';
import { productPlugins } from '../scripts/esbuild-plugins.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const KEYS = 300;
const PACE_MS = 30; // ~33 keys a second
const work = mkdtempSync(join(tmpdir(), 'lw-bench-wizard-'));

// Ink draws nothing but the last frame when it believes it runs in CI; it reads this at import.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;

const bundle = join(work, 'run-wizard.mjs');
await build({
  entryPoints: [join(repo, 'src/ui/run-wizard.ts')],
  outfile: bundle,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  logLevel: 'error',
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  plugins: productPlugins,
});
const { runWizard } = await import(bundle);

const project = join(work, 'project');
for (const part of ['config', 'templates']) cpSync(join(repo, part), join(project, part), { recursive: true });
mkdirSync(join(project, 'pipelines'));
const home = join(work, 'home');
mkdirSync(home);
writeFileSync(join(home, '.databrickscfg'), '[dev]\nhost = https://loyalty-dev.cloud.databricks.com\nauth_type = databricks-cli\n');

// eslint-disable-next-line no-control-regex
const strip = (s) => s.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
class FakeOutput extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 24;
  watch = [];
  write = (chunk) => {
    const now = performance.now();
    const text = strip(String(chunk));
    this.last = text.trim() ? text : this.last;
    for (const w of this.watch) if (w.at === undefined && w.seen(text)) w.at = now;
    return true;
  };
}
class FakeInput extends EventEmitter {
  isTTY = true;
  isRaw = false;
  pending = [];
  setRawMode(raw) {
    this.isRaw = raw;
    return this;
  }
  setEncoding() {
    return this;
  }
  ref() {
    return this;
  }
  pause() {
    return this;
  }
  resume() {
    return this;
  }
  unref() {
    return this;
  }
  read() {
    return this.pending.shift() ?? null;
  }
  type(chunk) {
    this.pending.push(chunk);
    this.emit('readable');
  }
}

const output = new FakeOutput();
const input = new FakeInput();
const sink = { write: () => true };
const ctx = {
  cwd: project,
  env: { HOME: home },
  stdout: sink,
  stderr: sink,
  interactive: true,
  color: true,
  stdoutIsTTY: false,
  onInterrupt: () => () => {},
  terminal: { input, output },
};
const steps = Array.from({ length: 30 }, (_, i) => ({ step: `step_${i + 1}`, stage: i }));
const base = 'Bench Pipeline';
const first = { seen: (text) => text.includes(`] ${base}"`) };
output.watch = [first];
const done = runWizard(project, ctx, { template: 'batch_sql', name: 'bench_pipeline', answers: { steps } });

async function until(watch, timeoutMs = 1000) {
  const deadline = performance.now() + timeoutMs;
  while (watch.at === undefined && performance.now() < deadline) await sleep(1);
  return watch.at;
}

if ((await until(first, 5000)) === undefined) throw new Error(`the wizard did not show the display name question:\n${output.last}`);

const echo = [];
const preview = [];
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
let suffix = '';
let typed = 0;
// Every key makes answers never seen before (the preview is memoized per answers, so repeats would flatter it).
// Every 8 keys the field is cleared and the base text pasted back, unmeasured, to keep the YAML line on screen.
for (let i = 0; typed < KEYS + 40; i++) {
  if (suffix.length === 8) {
    suffix = '';
    const reset = { seen: (text) => text.includes(`] ${base}"`) };
    output.watch = [reset];
    input.type('\u0015');
    input.type(base);
    await until(reset);
    await sleep(PACE_MS);
  }
  const key = ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  suffix += key;
  const draft = `${base}${suffix}`;
  // The input line ends where the text does (Ink trims trailing spaces); the YAML line ends with a quote.
  const line = `› ${draft}`;
  const shown = { seen: (text) => text.includes(`${line}\n`) || text.includes(`${line} \n`) };
  const updated = { seen: (text) => text.includes(`] ${draft}"`) };
  output.watch = [shown, updated];
  const t0 = performance.now();
  input.type(key);
  const tEcho = await until(shown);
  const tPreview = await until(updated);
  if (tEcho === undefined || tPreview === undefined) throw new Error(`no frame showed "${draft}":\n${output.last}`);
  if (typed++ >= 40) {
    echo.push(tEcho - t0);
    preview.push(tPreview - t0);
  }
  await sleep(Math.max(0, PACE_MS - (performance.now() - t0)));
}
input.type('\u0003');
await done;
rmSync(work, { recursive: true, force: true });

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const row = (label, xs) =>
  console.log(`${label.padEnd(52)} p50 ${pct(xs, 50).toFixed(1).padStart(5)} ms  p95 ${pct(xs, 95).toFixed(1).padStart(5)} ms  p99 ${pct(xs, 99).toFixed(1).padStart(5)} ms   target p99 < 16 ms`);
console.log(`\nwizard keystrokes (80x24, batch_sql with 30 steps, ${KEYS} keys every ${PACE_MS} ms)`);
row('keystroke → frame showing the key', echo);
row('keystroke → frame with the preview updated', preview);
