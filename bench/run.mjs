// npm run bench: start-up and throughput, printed as ratios and ms per unit.
// Numbers are for reading, not asserting; targets are printed beside them.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { spawnFakeServer } from '../test/fixtures/fake-databricks/lib/server.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'bin', 'loyalty-wizard.js');
const node = process.execPath;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function timeRun(args, runs, cwd = repo) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(node, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    times.push(performance.now() - t0);
    if (r.status !== 0 && !args.includes('--help')) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  }
  return times;
}
// The fake CLI answers from one server process, as in the tests, so its cost per call is a few milliseconds
// rather than a Node start-up, and what is measured is the product.
const fakeServerDir = mkdtempSync(join(tmpdir(), 'lw-bench-fake-server-'));
const stopFakeServer = await spawnFakeServer(join(fakeServerDir, 'fake.sock'));

/** A dev profile in `dir` and an environment that runs the fake Databricks CLI (as the tests do) from it. */
function fakeCliEnv(dir) {
  writeFileSync(join(dir, 'databrickscfg'), '[dev]\nhost = https://loyalty-dev.cloud.databricks.com\nauth_type = databricks-cli\n');
  const fakeBin = join(repo, 'test', 'fixtures', 'fake-databricks', 'bin');
  return (extra = {}) => ({
    ...process.env,
    PATH: `${fakeBin}:${process.env.PATH}`,
    DATABRICKS_CONFIG_FILE: join(dir, 'databrickscfg'),
    FAKE_DATABRICKS_STATE: join(dir, 'state'),
    FAKE_DATABRICKS_SERVER: join(fakeServerDir, 'fake.sock'),
    CI: 'true',
    NO_COLOR: '1',
    ...extra,
  });
}

/** Product source bundled as the CLI bundles it, then imported: benches measure the same code. */
async function importBundled(input, outfile) {
  await build({
    ...input,
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile,
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return import(outfile);
}

const row = (label, value, target) => console.log(`${label.padEnd(52)} ${value.padStart(12)}   ${target ?? ''}`);

// `node bench/run.mjs deploy` (or startup, generate, bigjob, output, status) runs only those sections.
const only = new Set(process.argv.slice(2));
const want = (section) => only.size === 0 || only.has(section);

console.log('loyalty-wizard bench (node', process.version + ')\n');

// The daily command as `npm link` makes it: `loyalty-wizard` on PATH, a link to bin/loyalty-wizard.js
// (run through its #!/usr/bin/env node line), typed by name as a user types it.
const dailyBin = mkdtempSync(join(tmpdir(), 'lw-bench-bin-'));
symlinkSync(bin, join(dailyBin, 'loyalty-wizard'));
const dailyEnv = { ...process.env, PATH: `${dailyBin}${delimiter}${process.env.PATH}` };
function timeDaily(args, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync('loyalty-wizard', args, { cwd: repo, env: dailyEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`loyalty-wizard ${args.join(' ')} failed: ${r.stderr}`);
  }
  return times;
}

// 1. --help start-up against bare node: the daily command end to end, and npx for the first run.
if (want('startup')) {
  const runs = 30;
  const bare = [];
  const help = [];
  const direct = [];
  for (let i = 0; i < runs; i++) {
    bare.push(...timeRun(['-e', '0'], 1));
    help.push(...timeDaily(['--help'], 1));
    direct.push(...timeRun([bin, '--help'], 1));
  }
  const b = median(bare);
  const h = median(help);
  row('node -e 0 (median of 30)', `${b.toFixed(1)} ms`);
  row('loyalty-wizard --help, daily command (median of 30)', `${h.toFixed(1)} ms`);
  row('  ratio to bare node', `${(h / b).toFixed(2)}x`, 'target ≤ 1.30x');
  row('node bin/loyalty-wizard.js --help (median of 30)', `${median(direct).toFixed(1)} ms`, `${(median(direct) / b).toFixed(2)}x`);
  const npx = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = spawnSync('npx', ['--no-install', 'loyalty-wizard', '--help'], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
    npx.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`npx loyalty-wizard --help failed: ${r.stderr}`);
  }
  row('npx loyalty-wizard --help, first run (median of 5)', `${median(npx).toFixed(0)} ms`, 'for comparison');
}

// eslint-disable-next-line no-control-regex -- the escape character is what this finds
const ESC_SEQUENCE = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * Milliseconds from launching `command` in a real pseudo-terminal (script(1)) to `marker` on its screen
 * (escape sequences left out), for first frames and first rows.
 */
function untilOnScreen(command, { cwd = repo, env, marker }) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: { ...env, TERM: 'xterm-256color' } });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${marker} never showed: ${out.slice(0, 200)}`));
    }, 10_000);
    child.stdout.on('data', (d) => {
      out += d.toString();
      if (out.replaceAll(ESC_SEQUENCE, '').includes(marker)) {
        clearTimeout(timer);
        child.kill('SIGKILL');
        resolve(performance.now() - t0);
      }
    });
  });
}

// 1b. `new` in a terminal: launch to the wizard's first frame, through a real pseudo-terminal.
if (want('startup')) {
  const interactiveEnv = { ...dailyEnv };
  delete interactiveEnv.CI;
  const firstFrame = (command) => untilOnScreen(command, { env: interactiveEnv, marker: 'Create a data pipeline' });
  const frames = async (command) => {
    const times = [];
    for (let i = 0; i < 7; i++) times.push(await firstFrame(command));
    return median(times);
  };
  const newFrame = await frames('loyalty-wizard new');
  row('new: launch to first wizard frame, daily command (pty, median of 7)', `${newFrame.toFixed(0)} ms`, 'target ≤ 400 ms');
  row('  the same with node bin/loyalty-wizard.js new', `${(await frames(`${node} ${bin} new`)).toFixed(0)} ms`);
  // edit opens on its first question, prefilled: the pipeline, its template and the setup are read before that frame.
  const editFrame = median(await timesOf(7, () => untilOnScreen(`${node} ${bin} edit kafka_traffic_pipeline`, { env: interactiveEnv, marker: '› Traffic Data ETL Pipeline' })));
  const newQuestion = median(await timesOf(7, () => untilOnScreen(`${node} ${bin} new --template batch_sql --name bench_frame`, { env: interactiveEnv, marker: '› Bench Frame' })));
  const newIntro = await frames(`${node} ${bin} new`);
  row('edit: launch to first frame (first question, prefilled; pty, median of 7)', `${editFrame.toFixed(0)} ms`);
  row('  edit minus new (intro)', `${(editFrame - newIntro).toFixed(0)} ms`, 'target ≤ 50 ms');
  row('  edit minus new --template --name (first question)', `${(editFrame - newQuestion).toFixed(0)} ms`);
}

async function timesOf(n, measure) {
  const times = [];
  for (let i = 0; i < n; i++) times.push(await measure());
  return times;
}

// 1c. Shell completion: what one Tab costs, the script reading pipelines/ and the profiles file itself.
if (want('startup')) {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-completion-'));
  for (const shell of ['bash', 'fish']) writeFileSync(join(dir, shell), spawnSync(node, [bin, 'completion', shell], { encoding: 'utf8' }).stdout);
  const tabs = 50;
  const perTab = (shell, args, setup, one) => {
    const run = (n) => {
      const t0 = performance.now();
      const r = spawnSync(shell, [...args, `${setup}${one.repeat(n)}`], { cwd: join(repo, 'pipelines'), env: dailyEnv, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${shell} completion failed: ${r.stderr}`);
      return performance.now() - t0;
    };
    return (median([run(tabs), run(tabs), run(tabs)]) - median([run(0), run(0), run(0)])) / tabs;
  };
  const bashTab = (words) => `COMP_WORDS=(loyalty-wizard ${words}); COMP_CWORD=${words.split(' ').length}; _loyalty_wizard; true;`;
  row('completion, bash: pipelines after "deploy " (per Tab)', `${perTab('bash', ['--norc', '-c'], `source ${join(dir, 'bash')};`, bashTab("deploy ''")).toFixed(1)} ms`, 'target < 50 ms');
  row('completion, bash: profiles after "deploy -p " (per Tab)', `${perTab('bash', ['--norc', '-c'], `source ${join(dir, 'bash')};`, bashTab("deploy -p ''")).toFixed(1)} ms`);
  if (spawnSync('fish', ['--version']).status === 0) {
    row('completion, fish: pipelines after "deploy " (per Tab)', `${perTab('fish', ['--no-config', '-c'], `source ${join(dir, 'fish')};`, "complete -C 'loyalty-wizard deploy ' >/dev/null;").toFixed(1)} ms`);
  }
  rmSync(dir, { recursive: true, force: true });
}

// 2. generate + validate in-process, through the same core the CLI bundles.
if (want('generate')) {
  const out = join(mkdtempSync(join(tmpdir(), 'lw-bench-')), 'core.mjs');
  const core = await importBundled({ entryPoints: [join(repo, 'src/core/index.ts')] }, out);
  const envs = {};
  for (const env of ['dev', 'staging', 'prod']) {
    envs[env] = core.parseEnvConfig(readFileSync(join(repo, 'config', `${env}.yml`), 'utf8'), `config/${env}.yml`, env);
  }
  const seeds = ['kafka_to_lakebase', 'gap_injection_with_kafka', 'kafka_traffic_pipeline'].map((name) => {
    const dir = join(repo, 'pipelines', name);
    return {
      name,
      text: readFileSync(join(dir, 'config.json'), 'utf8'),
      read: (rel) => {
        try {
          return readFileSync(join(dir, rel), 'utf8');
        } catch {
          return undefined;
        }
      },
    };
  });
  // Preload file contents so the in-process number measures the product's work, not the disk.
  const cache = new Map();
  const cachedReader = (seed) => (rel) => {
    const key = `${seed.name}/${rel}`;
    if (!cache.has(key)) cache.set(key, seed.read(rel));
    return cache.get(key);
  };

  function inProcess(count) {
    const t0 = performance.now();
    let issues = 0;
    for (let i = 0; i < count; i++) {
      const seed = seeds[i % seeds.length];
      const name = `${seed.name}_${i}`.slice(0, 60);
      const parsed = core.parsePipelineConfig(seed.text, `pipelines/${name}/config.json`);
      const bundle = core.generateBundle({ name, pipeline: parsed, envs });
      core.renderBundleYaml(name, bundle);
      issues += core.checkBundleRules(bundle, `pipelines/${name}`, cachedReader(seed)).length;
    }
    if (issues > 0) throw new Error(`seed pipelines reported ${issues} issues`);
    return performance.now() - t0;
  }
  inProcess(30); // warm-up
  console.log('');
  for (const n of [10, 100, 1000]) {
    const ms = median([inProcess(n), inProcess(n), inProcess(n)]);
    row(`generate+validate in-process, ${n} pipelines`, `${(ms / n).toFixed(3)} ms/pl`, n === 1000 ? `total ${ms.toFixed(0)} ms (target < 1000 ms)` : `total ${ms.toFixed(1)} ms`);
  }

  // 3. generate --all end to end over 400 pipelines (a fresh process, files on disk).
  {
    const dir = mkdtempSync(join(tmpdir(), 'lw-bench-project-'));
    cpSync(join(repo, 'config'), join(dir, 'config'), { recursive: true });
    mkdirSync(join(dir, 'pipelines'));
    const count = 400;
    for (let i = 0; i < count; i++) {
      const seed = seeds[i % seeds.length];
      const target = join(dir, 'pipelines', `${seed.name}_${i}`.slice(0, 60));
      cpSync(join(repo, 'pipelines', seed.name), target, { recursive: true, filter: (src) => !src.endsWith('databricks.yml') });
    }
    const cold = timeRun([bin, 'generate', '--all'], 1, dir)[0];
    const warm = median(timeRun([bin, 'generate', '--all'], 3, dir));
    writeFileSync(join(dir, 'config', 'dev.yml'), readFileSync(join(dir, 'config', 'dev.yml'), 'utf8').replace('num_workers: 2', 'num_workers: 4'));
    const rewrite = timeRun([bin, 'generate', '--all'], 1, dir)[0];
    const check = median(timeRun([bin, 'generate', '--all', '--check'], 3, dir));
    console.log('');
    row(`generate --all, ${count} pipelines, all written`, `${(cold / count).toFixed(2)} ms/pl`, `total ${cold.toFixed(0)} ms (target < 5 ms/pl)`);
    row(`generate --all, ${count} pipelines, env changed, all rewritten`, `${(rewrite / count).toFixed(2)} ms/pl`, `total ${rewrite.toFixed(0)} ms`);
    row(`generate --all, ${count} pipelines, nothing to write`, `${(warm / count).toFixed(2)} ms/pl`, `total ${warm.toFixed(0)} ms`);
    row(`generate --all --check, ${count} pipelines`, `${(check / count).toFixed(2)} ms/pl`, `total ${check.toFixed(0)} ms`);
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(dirname(out), { recursive: true, force: true });
}

// 5. bigjob: one batch pipeline at Databricks' limit of 1,000 tasks (a chain: each step
// depends on the one before), generated and validated from disk. `node bench/run.mjs bigjob`.
if (want('bigjob')) {
  const tmp = mkdtempSync(join(tmpdir(), 'lw-bench-bigjob-'));
  const out = join(tmp, 'project.mjs');
  const project = await importBundled(
    { stdin: { contents: "export { buildPipeline } from './src/core/assemble-pipeline.ts'; export { diskSource, loadEnvConfigs, readBundleOnDisk } from './src/project/project.ts';", resolveDir: repo, loader: 'ts' } },
    out,
  );
  const dir = join(tmp, 'project');
  cpSync(join(repo, 'config'), join(dir, 'config'), { recursive: true });
  const name = 'big_chain';
  const pdir = join(dir, 'pipelines', name);
  mkdirSync(join(pdir, 'sql'), { recursive: true });
  const steps = Array.from({ length: 1000 }, (_, i) => {
    writeFileSync(join(pdir, 'sql', `step_${i}.sql`), `SELECT ${i} AS step;\n`);
    return { step: `step_${i}`, stage: 0, sql_file: `sql/step_${i}.sql`, ...(i > 0 ? { depends_on: [`step_${i - 1}`] } : {}) };
  });
  const config = { pipeline_name: 'Big Chain', pipeline_type: 'batch_sql', schedule: { quartz_cron_expression: '0 0 2 * * ?', timezone_id: 'UTC' }, execution_sequence: steps };
  writeFileSync(join(pdir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  const envs = project.loadEnvConfigs(dir);
  // What `validate big_chain` does after loading the env configs: read, parse, generate, check every file, compare.
  const once = () => {
    const t0 = performance.now();
    const built = project.buildPipeline(project.diskSource(dir, name), envs);
    if (built.issues.length > 0) throw new Error(`big_chain: ${built.issues.length} issues, first: ${built.issues[0].message}`);
    project.readBundleOnDisk(dir, name);
    return { ms: performance.now() - t0, yaml: built.yaml };
  };
  writeFileSync(join(pdir, 'databricks.yml'), once().yaml); // and warm-up
  const inProcess = median(Array.from({ length: 7 }, () => once().ms));
  const cliGenerate = median(timeRun([bin, 'generate', name], 3, dir));
  const cliValidate = median(timeRun([bin, 'validate', name], 3, dir));
  const bare = median(timeRun(['-e', '0'], 3));
  console.log('');
  row('generate+validate in-process, 1000-task job (median of 7)', `${inProcess.toFixed(0)} ms`, 'target ≤ 200 ms');
  row('  generate big_chain, whole process (median of 3)', `${cliGenerate.toFixed(0)} ms`, `node itself: ${bare.toFixed(0)} ms`);
  row('  validate big_chain, whole process (median of 3)', `${cliValidate.toFixed(0)} ms`);
  rmSync(tmp, { recursive: true, force: true });
}

// 4. deploy: what the product adds around the Databricks CLI, and --all concurrency.
if (want('deploy')) {
  const fakeBin = join(repo, 'test', 'fixtures', 'fake-databricks', 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-deploy-'));
  cpSync(join(repo, 'config'), join(dir, 'config'), { recursive: true });
  cpSync(join(repo, 'pipelines'), join(dir, 'pipelines'), { recursive: true });
  const env = fakeCliEnv(dir);
  const timed = (cmd, args, extra) => {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { cwd: dir, env: env(extra), stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    return performance.now() - t0;
  };
  const pipeline = 'kafka_traffic_pipeline';
  const pdir = join(dir, 'pipelines', pipeline);
  const calls = [['--version'], ...['validate', 'plan'].map((c) => ['bundle', c, '-t', 'dev', '-p', 'dev', '-o', 'json']), ['bundle', 'deploy', '-t', 'dev', '-p', 'dev'], ['bundle', 'summary', '-t', 'dev', '-p', 'dev', '-o', 'json']];
  const fake = join(fakeBin, 'databricks');
  const runFake = (args) =>
    new Promise((resolve, reject) => {
      const child = spawn(fake, args, { cwd: pdir, env: env(), stdio: 'ignore' });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`fake ${args.join(' ')} failed`))));
    });
  // The CLI's own time on the product's critical path: --version alongside validate, then plan, deploy, summary.
  const cliOnly = async () => {
    const t0 = performance.now();
    await Promise.all([runFake(calls[0]), runFake(calls[1])]);
    for (const args of calls.slice(2)) await runFake(args);
    return performance.now() - t0;
  };
  timed(node, [bin, 'deploy', pipeline, '--env', 'dev', '--profile', 'dev']); // first deploy creates the fake state
  const whole = median(Array.from({ length: 7 }, () => timed(node, [bin, 'deploy', pipeline, '--env', 'dev', '--profile', 'dev'])));
  const cliTimes = [];
  for (let i = 0; i < 7; i++) cliTimes.push(await cliOnly());
  const cli = median(cliTimes);
  console.log('');
  row('deploy, one pipeline, instant fake CLI (median of 7)', `${whole.toFixed(0)} ms`);
  row(`  the same ${calls.length} CLI calls on their own`, `${cli.toFixed(0)} ms`);
  row('  overhead added by loyalty-wizard', `${(whole - cli).toFixed(0)} ms`, 'target < 300 ms');

  // --all over 50 pipelines: each CLI call waits 250 ms, as a network round trip would.
  rmSync(join(dir, 'pipelines'), { recursive: true });
  mkdirSync(join(dir, 'pipelines'));
  const seedNames = ['kafka_to_lakebase', 'gap_injection_with_kafka', 'kafka_traffic_pipeline'];
  for (let i = 0; i < 50; i++) {
    const seed = seedNames[i % 3];
    cpSync(join(repo, 'pipelines', seed), join(dir, 'pipelines', `${seed}_${i}`.slice(0, 60)), { recursive: true, filter: (src) => !src.endsWith('databricks.yml') });
  }
  timed(node, [bin, 'generate', '--all']);
  const slow = { FAKE_DATABRICKS_DELAY_MS: '250' };
  const one = timed(node, [bin, 'deploy', '--all', '--env', 'dev', '--profile', 'dev', '--concurrency', '1'], slow);
  const four = timed(node, [bin, 'deploy', '--all', '--env', 'dev', '--profile', 'dev', '--concurrency', '4'], slow);
  row('deploy --all, 50 pipelines, 250 ms per CLI call, one at a time', `${(one / 1000).toFixed(1)} s`);
  row('deploy --all, 50 pipelines, 250 ms per CLI call, --concurrency 4', `${(four / 1000).toFixed(1)} s`);
  row('  speed-up of --concurrency 4', `${(one / four).toFixed(2)}x`, 'target ≥ 3x');
  rmSync(dir, { recursive: true, force: true });
}

// 6. output: 200 MB printed by the Databricks CLI (the fake's `flood` fault: one line, no spaces, escapes).
// `node bench/run.mjs output`. Time is the whole deploy; peak RSS is loyalty-wizard's own process.
if (want('output')) {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-output-'));
  cpSync(join(repo, 'config'), join(dir, 'config'), { recursive: true });
  cpSync(join(repo, 'pipelines', 'kafka_traffic_pipeline'), join(dir, 'pipelines', 'kafka_traffic_pipeline'), { recursive: true });
  const fakeEnv = fakeCliEnv(dir);
  const rssFile = join(dir, 'max-rss');
  // Written by the measured process itself as it exits: ru_maxrss, in KB.
  const rssHook = `data:text/javascript,import { writeFileSync } from "node:fs"; process.on("exit", () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));`;
  const env = (fail) => fakeEnv(fail ? { FAKE_DATABRICKS_FAIL: fail } : {});
  const args = ['--import', rssHook, bin, 'deploy', 'kafka_traffic_pipeline', '--env', 'dev', '--profile', 'dev'];
  /** One deploy: wall time and peak RSS; with `interruptAfterMs`, Ctrl-C then and the time from it to the exit. */
  const deployOnce = (fail, interruptAfterMs) =>
    new Promise((resolve, reject) => {
      rmSync(rssFile, { force: true });
      const t0 = performance.now();
      const child = spawn(node, args, { cwd: dir, env: env(fail), stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
      let sent = 0;
      if (interruptAfterMs) setTimeout(() => ((sent = performance.now()), child.kill('SIGINT')), interruptAfterMs);
      child.on('error', reject);
      child.on('exit', (code) => {
        const end = performance.now();
        resolve({ code, ms: end - t0, toExitMs: sent ? end - sent : undefined, rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024, stderr });
      });
    });
  const MB200 = 200 * 1024 * 1024;
  await deployOnce(); // first deploy: creates the fake's state and warms the YAML cache
  const base = await deployOnce();
  console.log('');
  row('deploy, no flood (reference)', `${base.ms.toFixed(0)} ms`, `peak RSS ${base.rssMb.toFixed(0)} MB`);
  const cases = [
    // [label, fault, expected exit, expected on stderr]: validate's stderr; the same then an error read from the
    // tail; validate's JSON stdout (refused after 8 MB); deploy's stdout (not JSON: only its end is kept).
    ['200 MB on CLI stderr', `validate:flood:${MB200}`, 0, 'Summary: job'],
    ['200 MB on stderr + error', `validate:flood:${MB200},validate:error`, 1, '    Error: something went wrong'],
    ['200 MB JSON stdout, refused', `validate:flood:${MB200}:stdout`, 1, 'printed more than 8 MB on stdout'],
    ['200 MB non-JSON stdout', `deploy:flood:${MB200}:stdout`, 0, 'Summary: job'],
  ];
  for (const [label, fail, expected, said] of cases) {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await deployOnce(fail));
    const bad = runs.find((r) => r.code !== expected || !r.stderr.includes(said));
    if (bad) throw new Error(`${label}: exit ${bad.code}, expected ${expected}\n${bad.stderr}`);
    row(`deploy, ${label} (median of 3)`, `${median(runs.map((r) => r.ms)).toFixed(0)} ms`, 'target ≤ 3000 ms');
    row('  peak RSS of loyalty-wizard (max of 3)', `${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} MB`, 'target ≤ 150 MB');
  }
  const stops = [];
  for (let i = 0; i < 3; i++) {
    const r = await deployOnce(`validate:flood:${100 * 1024 * MB200}`, 1500);
    if (r.code !== 130 || !r.stderr.includes('interrupted')) throw new Error(`Ctrl-C during a flood: exit ${r.code}\n${r.stderr}`);
    stops.push(r.toExitMs);
  }
  row('Ctrl-C during a flood: to exit 130 (max of 3)', `${Math.max(...stops).toFixed(0)} ms`, 'target ≤ 1000 ms');
  rmSync(dir, { recursive: true, force: true });
}
// 7. status: 50 deployed pipelines, 25 runs each; the fake answering at once, then every CLI call taking 250 ms.
// `node bench/run.mjs status`.
if (want('status')) {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-status-'));
  cpSync(join(repo, 'config'), join(dir, 'config'), { recursive: true });
  mkdirSync(join(dir, 'pipelines'));
  const seedNames = ['kafka_to_lakebase', 'gap_injection_with_kafka', 'kafka_traffic_pipeline'];
  const names = [];
  for (let i = 0; i < 50; i++) {
    const name = `${seedNames[i % 3]}_${i}`.slice(0, 60);
    names.push(name);
    cpSync(join(repo, 'pipelines', seedNames[i % 3]), join(dir, 'pipelines', name), { recursive: true, filter: (src) => !src.endsWith('databricks.yml') });
  }
  const history = ['failed', ...Array.from({ length: 24 }, (_, k) => (k % 10 === 9 ? 'timedout' : 'success'))];
  writeFileSync(join(dir, 'runs.json'), JSON.stringify(Object.fromEntries(names.map((n) => [n, history]))));
  const env = fakeCliEnv(dir);
  const run = (args, extra) => {
    const t0 = performance.now();
    const r = spawnSync(node, [bin, ...args], { cwd: dir, env: env({ FAKE_DATABRICKS_RUNS: join(dir, 'runs.json'), ...extra }), stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`loyalty-wizard ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return { ms: performance.now() - t0, stdout: r.stdout.toString() };
  };
  run(['deploy', '--all', '--env', 'dev', '--profile', 'dev', '--yes', '--concurrency', '4']);
  const status = ['status', '--env', 'dev', '--profile', 'dev', '--json'];
  const first = JSON.parse(run(status).stdout);
  if (first.summary.deployed !== 50 || first.pipelines.some((r) => r.runs.read !== 25)) throw new Error(`status: ${JSON.stringify(first.summary)}`);
  const instant = median(Array.from({ length: 5 }, () => run(status).ms));
  const slow = median(Array.from({ length: 3 }, () => run([...status, '--concurrency', '4'], { FAKE_DATABRICKS_DELAY_MS: '250' }).ms));
  // The same 52 CLI calls on their own, 4 at a time: what the fake costs, so that the rest is loyalty-wizard's.
  const fake = join(repo, 'test', 'fixtures', 'fake-databricks', 'bin', 'databricks');
  const call = (args) =>
    new Promise((resolve, reject) => {
      const child = spawn(fake, [...args, '-p', 'dev', '-o', 'json'], { cwd: dir, env: env({ FAKE_DATABRICKS_RUNS: join(dir, 'runs.json') }), stdio: 'ignore' });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`fake ${args.join(' ')} failed`))));
    });
  const cliOnly = async () => {
    const t0 = performance.now();
    await Promise.all([call(['jobs', 'list']), call(['current-user', 'me'])]);
    const ids = first.pipelines.map((r) => String(r.job.id));
    const lane = async () => {
      while (ids.length) await call(['jobs', 'list-runs', '--job-id', ids.shift(), '--limit', '25', '--expand-tasks']);
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
    return performance.now() - t0;
  };
  const cli = median([await cliOnly(), await cliOnly(), await cliOnly()]);
  // What a process costs on this machine at all: 52 of the smallest program, 4 at a time. No CLI can be faster.
  const spawnFloor = async () => {
    const t0 = performance.now();
    let left = 52;
    const lane = async () => {
      while (left-- > 0) await new Promise((resolve) => spawn('/bin/true', [], { stdio: 'ignore' }).on('exit', resolve));
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
    return performance.now() - t0;
  };
  const floor = median([await spawnFloor(), await spawnFloor(), await spawnFloor()]);
  console.log('');
  row('status --json, 50 pipelines, instant fake CLI (median of 5)', `${instant.toFixed(0)} ms`, 'target ≤ 1 s');
  row('  per pipeline', `${(instant / 50).toFixed(1)} ms`);
  row('  the same 52 CLI calls on their own, 4 at a time', `${cli.toFixed(0)} ms`);
  row('  overhead added by loyalty-wizard', `${(instant - cli).toFixed(0)} ms`);
  row('  52 processes of /bin/true, 4 at a time: this machine’s floor', `${floor.toFixed(0)} ms`);
  // The runs before left .loyalty-wizard/job-ids.json: the 52 calls share the 4 slots from the start.
  row('status --json, 50 pipelines, 250 ms per CLI call, --concurrency 4 (median of 3)', `${slow.toFixed(0)} ms`, `target ≤ 4 s; floor ${(Math.ceil(52 / 4) * 250) / 1000} s of waiting`);
  row('  per pipeline', `${(slow / 50).toFixed(1)} ms`);
  // The live screen in a terminal: the first pipeline's row filled in (its last run failed) with 250 ms calls.
  const screenEnv = env({ FAKE_DATABRICKS_RUNS: join(dir, 'runs.json'), FAKE_DATABRICKS_DELAY_MS: '250' });
  delete screenEnv.CI;
  delete screenEnv.NO_COLOR;
  const firstRows = [];
  for (let i = 0; i < 5; i++) firstRows.push(await untilOnScreen(`${node} ${bin} status --env dev --profile dev`, { cwd: dir, env: screenEnv, marker: '✖ failed' }));
  row('status in a terminal, 250 ms per CLI call: first row filled (median of 5)', `${median(firstRows).toFixed(0)} ms`, 'target ≤ 600 ms');
  rmSync(dir, { recursive: true, force: true });
}
// 8. upgrade: `upgrade --all --yes` over 200 pipelines (two templates, each bumped to its next version, no conflicts) in a
// git repository, the bases read from git history. `node bench/run.mjs upgrade`.
if (want('upgrade')) {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-upgrade-'));
  for (const part of ['config', 'templates', 'schemas']) cpSync(join(repo, part), join(dir, part), { recursive: true });
  mkdirSync(join(dir, 'pipelines'));
  const git = (...args) => {
    const r = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'templates v1');
  const lib = await importBundled(
    {
      stdin: {
        contents:
          "export { preparePipeline } from './src/core/assemble-pipeline.ts'; export { resolveAnswers } from './src/core/scaffold.ts'; export { loadTemplate } from './src/project/templates.ts'; export { loadEnvConfigs } from './src/project/project.ts';",
        resolveDir: repo,
        loader: 'ts',
      },
    },
    join(dir, 'upgrade-lib.mjs'),
  );
  const envs = lib.loadEnvConfigs(dir);
  const count = 200;
  const ids = ['batch_sql', 'streaming_delta'];
  for (let i = 0; i < count; i++) {
    const template = lib.loadTemplate(dir, ids[i % ids.length]);
    const name = `pipeline_${String(i).padStart(3, '0')}`;
    const { files } = lib.preparePipeline(template, name, lib.resolveAnswers(template.manifest, name, {}, true).answers, envs);
    for (const [rel, text] of files) {
      mkdirSync(dirname(join(dir, 'pipelines', name, rel)), { recursive: true });
      writeFileSync(join(dir, 'pipelines', name, rel), text);
    }
  }
  git('add', '-A');
  git('commit', '-q', '-m', 'pipelines');
  const bump = (id, rel, line) => {
    writeFileSync(join(dir, 'templates', id, 'files', rel), `${readFileSync(join(dir, 'templates', id, 'files', rel), 'utf8')}${line}\n`);
    const manifest = join(dir, 'templates', id, 'template.yml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/^version: (\d+)$/m, (_, v) => `version: ${Number(v) + 1}`));
  };
  bump('batch_sql', 'sql/setup_schemas.sql', '-- version 2');
  bump('streaming_delta', 'README.md', 'Version 2 of the template.');
  git('add', '-A');
  git('commit', '-q', '-m', 'templates v2');
  const reset = () => (git('checkout', '-q', '--', 'pipelines'), git('clean', '-fdq', 'pipelines'));
  const runs = [];
  for (let i = 0; i < 3; i++) {
    runs.push(timeRun([bin, 'upgrade', '--all', '--yes'], 1, dir)[0]);
    reset();
  }
  const idle = median(timeRun([bin, 'list'], 3, dir));
  const ms = median(runs);
  console.log('');
  row(`upgrade --all --yes, ${count} pipelines, no conflicts (median of 3)`, `${(ms / count).toFixed(2)} ms/pl`, `total ${ms.toFixed(0)} ms (target ≤ 10 ms/pl)`);
  row('  without the start-up (list on the same project)', `${((ms - idle) / count).toFixed(2)} ms/pl`, `start-up ${idle.toFixed(0)} ms`);
  rmSync(dir, { recursive: true, force: true });
}
rmSync(dailyBin, { recursive: true, force: true });
stopFakeServer();
rmSync(fakeServerDir, { recursive: true, force: true });
