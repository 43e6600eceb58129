/**
 * Each flag is declared once, as a field of its command's zod schema: the
 * parser, `--help` and the completion scripts all offer exactly those flags.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_SCHEMAS, renderCommandFlags } from '../../scripts/render-command-flags.js';
import { parseCommandArgs } from '../../src/cli/args.js';
import { COMMAND_TABLE } from '../../src/cli/command-table.js';
import { bashScript } from '../../src/cli/completion/bash.js';
import { fishScript } from '../../src/cli/completion/fish.js';
import { zshScript } from '../../src/cli/completion/zsh.js';
import { commandHelp, mainHelp } from '../../src/cli/help.js';
import { flagSpecs, positionalKind } from '../../src/cli/schema-flags.js';
import { runCli } from '../helpers/cli.js';

const GENERATED = join(import.meta.dirname, '..', '..', 'src', 'cli', 'command-flags.generated.ts');
const GLOBALS = ['root', 'no-color', 'help'];

/** Each long flag a command's schema accepts, and its short forms. */
function accepted(command: string): { long: string[]; short: string[] } {
  const flags = flagSpecs(COMMAND_SCHEMAS[command]!);
  return { long: flags.map((f) => `--${f.name}`).sort(), short: flags.flatMap((f) => (f.short ? [`-${f.short}`] : [])).sort() };
}

const unique = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** The flags in the "Options:" (or "Global options:") block of a help text, with their short forms. */
function optionBlock(help: string, heading: string): { long: string[]; short: string[] } {
  const block = help.split(`\n${heading}\n`)[1]!.split('\n\n')[0]!;
  const labels = block.split('\n').map((l) => /^ {2}(-\w, )?(--[\w-]+)/.exec(l)).filter((m) => m !== null);
  return { long: unique(labels.map((m) => m[2]!)), short: unique(labels.flatMap((m) => (m[1] ? [m[1].slice(0, 2)] : []))) };
}

describe('one declaration per flag', () => {
  it('the table --help and completion read is the one the schemas make (else: npm run flags)', () => {
    expect(readFileSync(GENERATED, 'utf8'), 'src/cli/command-flags.generated.ts is stale; run: npm run flags').toBe(renderCommandFlags());
  });

  it('every command of the table has a schema, and every schema a command', () => {
    expect(COMMAND_TABLE.map((c) => c.name).sort()).toEqual(Object.keys(COMMAND_SCHEMAS).sort());
  });

  it("a command's --help lists exactly its schema's flags besides the global ones, and mentions no other", () => {
    for (const c of COMMAND_TABLE) {
      const help = commandHelp(c.name)!;
      const own = accepted(c.name);
      const ownLong = own.long.filter((f) => !GLOBALS.includes(f.slice(2)));
      const listed = ownLong.length > 0 ? optionBlock(help, 'Options:') : { long: [], short: [] };
      expect(listed.long, c.name).toEqual(ownLong);
      expect(listed.short, c.name).toEqual(own.short.filter((s) => s !== '-h'));
      for (const mention of help.match(/--[a-z][\w-]*/g) ?? []) expect(own.long, `${c.name} --help mentions ${mention}`).toContain(mention);
    }
  });

  it('the main --help lists exactly the global flags, and --version', () => {
    const listed = optionBlock(mainHelp(), 'Global options:');
    expect(listed.long).toEqual(unique([...GLOBALS.map((g) => `--${g}`), '--version']));
    expect(listed.short).toEqual(['-h', '-v']);
  });

  it('bash offers exactly the schema\'s flags and short forms after a command', () => {
    const script = bashScript();
    for (const c of COMMAND_TABLE) {
      const words = new RegExp(`^ {4}${c.name}\\) COMPREPLY=\\(\\$\\(compgen -W "([^"]*)"`, 'm').exec(script)![1]!.split(' ');
      const { long, short } = accepted(c.name);
      expect(unique(words), c.name).toEqual(unique([...long, ...short]));
    }
  });

  it('zsh offers exactly the schema\'s flags after a command', () => {
    const script = zshScript();
    for (const c of COMMAND_TABLE) {
      const arm = new RegExp(`^ {8}${c.name}\\) _arguments -s -S \\\\\\n([\\s\\S]*?) ;;$`, 'm').exec(script)![1]!;
      const { long, short } = accepted(c.name);
      expect(unique(arm.match(/(?<![\w-])--[a-z][\w-]*/g) ?? []), c.name).toEqual(long);
      expect(unique((arm.match(/[{,]-\w[+,}]/g) ?? []).map((m) => m.slice(1, 3))), c.name).toEqual(short);
    }
  });

  it('fish offers exactly the schema\'s flags after a command', () => {
    const lines = fishScript().split('\n');
    for (const c of COMMAND_TABLE) {
      const mine = lines.filter((l) => l.includes(`'__loyalty_wizard_using ${c.name}'`));
      const { long, short } = accepted(c.name);
      expect(unique(mine.flatMap((l) => /-l ([\w-]+)/.exec(l)?.slice(1) ?? []).map((n) => `--${n}`)), c.name).toEqual(long);
      expect(unique(mine.flatMap((l) => / -s (\w)/.exec(l)?.slice(1) ?? []).map((n) => `-${n}`)), c.name).toEqual(short);
    }
  });

  it('completion offers for the positional arguments what the schema says they are', () => {
    for (const c of COMMAND_TABLE) expect(c.positionals, c.name).toBe(positionalKind(COMMAND_SCHEMAS[c.name]!));
  });

  it('the parser takes every flag the schema declares, by its long and short name', () => {
    for (const [command, schema] of Object.entries(COMMAND_SCHEMAS)) {
      for (const f of flagSpecs(schema)) {
        const value = f.value ? ['1'] : [];
        for (const spelling of [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]) {
          // Values may be refused by the schema (a usage error naming the flag), never by the parser as unknown.
          try {
            parseCommandArgs(command, [spelling, ...value], schema);
          } catch (error) {
            expect((error as Error).message, `${command} ${spelling}`).not.toMatch(/Unknown option|argument missing/);
          }
        }
      }
    }
  });
});

describe('--version', () => {
  it("prints package.json's version", () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    const r = runCli(['--version'], { cwd: tmpdir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });
});
