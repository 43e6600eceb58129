// npm run bench: start-up and throughput, printed as ratios and ms per unit.
// Numbers are for reading, not asserting; targets are printed beside them.
import { spawnSync } from 'node:child_process';
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

console.log('loyalty-wizard bench (node', process.version + ')\n');

// 1. --help start-up against bare node.
{
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

// 2. generate + validate in-process, through the same core the CLI bundles.
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
