/**
 * Shell completion, run in the real shells: bash always (complete -p and the
 * completion function in a bash subprocess); zsh in tmux and fish with
 * `complete -C` when they are installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_TABLE, GLOBAL_FLAGS } from '../../src/cli/command-table.js';
import { runCliInProcess } from '../helpers/cli.js';
import { miniProject, type MiniProject } from '../helpers/mini-project.js';
import { missing } from '../helpers/prerequisites.js';
import { TmuxSession, tmuxAvailable } from '../helpers/tmux.js';

const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;

let p: MiniProject;
let scripts: Record<string, string>;
beforeAll(async () => {
  p = miniProject({ templates: true });
  // A profile without a host is no profile; keys before any section are DEFAULT's.
  writeFileSync(join(p.dir, 'databrickscfg'), 'host = https://default\n[dev]\nhost = https://loyalty-dev.cloud.databricks.com\n[__settings__]\ndefault_profile = dev\n[no_host]\ntoken = x\n[acct]\naccount_id = 42\n');
  mkdirSync(join(p.dir, 'pipelines', 'etl', 'sql'), { recursive: true });
  scripts = {};
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = await runCliInProcess(['completion', shell], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(0);
    writeFileSync(join(p.dir, `completion.${shell}`), r.stdout);
    scripts[shell] = join(p.dir, `completion.${shell}`);
  }
});
afterAll(() => p.cleanup());

const env = () => ({ ...process.env, DATABRICKS_CONFIG_FILE: join(p.dir, 'databrickscfg') });

/** What bash's completion function offers for a command line (the last word being completed). */
function bashComplete(line: readonly string[], cwd = p.dir): string[] {
  const words = line.map((w) => `'${w}'`).join(' ');
  const script = `source '${scripts.bash}'; COMP_WORDS=(loyalty-wizard ${words}); COMP_CWORD=${line.length}; _loyalty_wizard; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['--norc', '-c', script], { cwd, env: env(), encoding: 'utf8' }).split('\n').filter(Boolean).sort();
}

describe('completion command', () => {
  it('needs one shell it knows (exit 2 otherwise)', async () => {
    expect((await runCliInProcess(['completion'], { cwd: p.dir })).code).toBe(2);
    const r = await runCliInProcess(['completion', 'tcsh'], { cwd: p.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bash, zsh, fish');
  });
});

describe('bash', () => {
  it('registers a completion function for loyalty-wizard', () => {
    const out = execFileSync('bash', ['--norc', '-c', `source '${scripts.bash}'; complete -p loyalty-wizard`], { encoding: 'utf8' });
    expect(out.trim()).toBe('complete -F _loyalty_wizard loyalty-wizard');
  });

  it('completes commands, pipelines, envs, templates and profiles from the files', () => {
    expect(bashComplete(['de'])).toEqual(['deploy']);
    expect(bashComplete(['deploy', ''])).toEqual(['etl', 'orders']);
    expect(bashComplete(['validate', 'e'])).toEqual(['etl']);
    expect(bashComplete(['deploy', '--env', ''])).toEqual(['dev', 'prod', 'staging']);
    expect(bashComplete(['new', '--template', ''])).toEqual(['batch_sql', 'streaming_delta', 'streaming_postgres']);
    expect(bashComplete(['deploy', '-p', ''])).toEqual(['DEFAULT', 'acct', 'dev']);
    expect(bashComplete(['completion', ''])).toEqual(['bash', 'fish', 'zsh']);
    expect(bashComplete(['new', '--name', ''])).toEqual([]);
  });

  it('finds the project from a folder inside it, and follows --root', () => {
    expect(bashComplete(['deploy', ''], join(p.dir, 'pipelines', 'etl', 'sql'))).toEqual(['etl', 'orders']);
    expect(bashComplete(['deploy', '--root', p.dir, ''], '/')).toEqual(['etl', 'orders']);
  });

  it('offers every flag of every command in the table, the ones help prints', async () => {
    const main = (await runCliInProcess(['--help'], { cwd: p.dir })).stdout;
    for (const c of COMMAND_TABLE) {
      const offered = bashComplete([c.name, '-']);
      const help = (await runCliInProcess([c.name, '--help'], { cwd: p.dir })).stdout;
      for (const f of [...c.flags, ...GLOBAL_FLAGS]) {
        expect(offered, `${c.name} --${f.name}`).toContain(`--${f.name}`);
        if (c.flags.includes(f)) expect(help, `${c.name} --help`).toContain(`--${f.name}`);
      }
      expect(main).toContain(`  ${c.name} `);
    }
  });
});

describe.skipIf(missing('fish', has('fish'), 'apt-get install fish'))('fish', () => {
  const fish = (line: string) =>
    execFileSync('fish', ['--no-config', '-c', `source '${scripts.fish}'; complete -C '${line}'`], { cwd: p.dir, env: env(), encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t')[0]!)
      .sort();

  it('completes commands, pipelines, envs and profiles', () => {
    expect(fish('loyalty-wizard de')).toEqual(['deploy']);
    expect(fish('loyalty-wizard deploy ')).toEqual(['etl', 'orders']);
    expect(fish('loyalty-wizard deploy --env ')).toEqual(['dev', 'prod', 'staging']);
    expect(fish('loyalty-wizard deploy --profile ')).toEqual(['DEFAULT', 'acct', 'dev']);
    expect(fish('loyalty-wizard new --te')).toEqual(['--template']);
  });
});

describe.skipIf(missing('zsh', has('zsh'), 'apt-get install zsh') || !tmuxAvailable)('zsh', () => {
  it('completes commands, pipelines and envs at Tab', async () => {
    const t = new TmuxSession('zsh -f', { cwd: p.dir, env: { DATABRICKS_CONFIG_FILE: join(p.dir, 'databrickscfg') }, width: 120 });
    try {
      t.type(`autoload -Uz compinit && compinit -u -D && source '${scripts.zsh}' && print completion-ready`);
      t.keys('Enter');
      await t.waitFor(/^completion-ready$/m);
      t.type('loyalty-wizard dep');
      t.keys('Tab');
      await t.waitFor(/loyalty-wizard deploy\s*$/m);
      t.keys('--', '--env ');
      t.keys('Tab');
      await t.waitFor(/dev\s+prod\s+staging/);
      t.keys('C-u');
      t.type('loyalty-wizard deploy ');
      t.keys('Tab');
      await t.waitFor(/etl\s+orders/);
    } finally {
      t.kill();
    }
  });
});

describe('help and completion read one table', () => {
  it('the bash script names exactly the table\'s commands at the top level', () => {
    expect(bashComplete([''])).toEqual([...COMMAND_TABLE.map((c) => c.name), '--help', '--version', '-h', '-v'].sort());
  });
});
