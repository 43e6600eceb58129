// npm run bench: start-up and throughput, printed as ratios and ms per unit.
// Numbers are for reading, not asserting; targets are printed beside them.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';

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
const row = (label, value, target) => console.log(`${label.padEnd(52)} ${value.padStart(12)}   ${target ?? ''}`);

// `node bench/run.mjs deploy` (or startup, generate) runs only those sections.
const only = new Set(process.argv.slice(2));
const want = (section) => only.size === 0 || only.has(section);

console.log('loyalty-wizard bench (node', process.version + ')\n');

// 1. --help start-up against bare node.
if (want('startup')) {
  const runs = 30;
  const bare = [];
  const help = [];
  for (let i = 0; i < runs; i++) {
    bare.push(...timeRun(['-e', '0'], 1));
    help.push(...timeRun([bin, '--help'], 1));
  }
  const b = median(bare);
  const h = median(help);
  row('node -e 0 (median of 30)', `${b.toFixed(1)} ms`);
  row('loyalty-wizard --help (median of 30)', `${h.toFixed(1)} ms`);
  row('--help start-up ratio to bare node', `${(h / b).toFixed(2)}x`, 'target ≤ 1.50x');
}

// 1b. `new` in a terminal: launch to the wizard's first frame, through a real pseudo-terminal.
if (want('startup')) {
  const firstFrame = () =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const env = { ...process.env, TERM: 'xterm-256color' };
      delete env.CI;
      const child = spawn('script', ['-qfec', `${node} ${bin} new`, '/dev/null'], { cwd: repo, env });
      let out = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`no first frame: ${out.slice(0, 200)}`));
      }, 10_000);
      child.stdout.on('data', (d) => {
        out += d.toString();
        if (out.includes('Create a data pipeline')) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          resolve(performance.now() - t0);
        }
      });
    });
  const frames = [];
  for (let i = 0; i < 7; i++) frames.push(await firstFrame());
  row('new: launch to first wizard frame (pty, median of 7)', `${median(frames).toFixed(0)} ms`, 'target < 500 ms');
}

// 2. generate + validate in-process, through the same core the CLI bundles.
if (want('generate')) {
  const out = join(mkdtempSync(join(tmpdir(), 'lw-bench-')), 'core.mjs');
  await build({
    entryPoints: [join(repo, 'src/core/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: out,
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const core = await import(out);
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

// 4. deploy: what the product adds around the Databricks CLI, and --all concurrency.
if (want('deploy')) {
  const fakeBin = join(repo, 'test', 'fixtures', 'fake-databricks', 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-deploy-'));
  cpSync(join(repo, 'config'), join(dir, 'config'), { recursive: true });
  cpSync(join(repo, 'pipelines'), join(dir, 'pipelines'), { recursive: true });
  writeFileSync(join(dir, 'databrickscfg'), '[dev]\nhost = https://loyalty-dev.cloud.databricks.com\nauth_type = databricks-cli\n');
  const env = (extra = {}) => ({
    ...process.env,
    PATH: `${fakeBin}:${process.env.PATH}`,
    DATABRICKS_CONFIG_FILE: join(dir, 'databrickscfg'),
    FAKE_DATABRICKS_STATE: join(dir, 'state'),
    CI: 'true',
    NO_COLOR: '1',
    ...extra,
  });
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
