/**
 * Every command and flag, once: `--help` prints it (help.ts), the argument
 * parser takes its options from it (args.ts), and `completion` writes shell
 * scripts from it (completion.ts). It imports nothing, so `--help` stays as fast
 * as Node starts.
 */

/** What a value (or a positional argument) is, so completion can offer the right words. */
export type ValueKind = 'template' | 'pipeline' | 'env' | 'profile' | 'file' | 'dir' | 'shell';

export interface FlagSpec {
  /** The long name, without the dashes. */
  readonly name: string;
  readonly short?: string;
  /** The value's placeholder in help (e.g. "<id>"); a flag without one is a switch. */
  readonly value?: string;
  readonly complete?: ValueKind;
  readonly multiple?: boolean;
  /** One line, or several joined by "\n" (printed under each other). */
  readonly help: string;
}

export interface CommandSpec {
  readonly name: string;
  /** Its line in the command list of `--help`. */
  readonly summary: string;
  /** After "Usage: loyalty-wizard ". */
  readonly usage: string;
  readonly about: string;
  readonly flags: readonly FlagSpec[];
  readonly positionals?: ValueKind;
  /** Printed after the options. */
  readonly footer?: string;
}

/** Flags every command takes. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'root', value: '<dir>', complete: 'dir', help: 'Project folder (default: the nearest folder up holding pipelines/ and config/)' },
  { name: 'no-color', help: 'No colours (also NO_COLOR=1)' },
  { name: 'help', short: 'h', help: "Show help; with a command, that command's help" },
];

const ENV_FLAG: FlagSpec = { name: 'env', short: 'e', value: '<env>', complete: 'env', help: 'dev, staging or prod' };
const JSON_FLAG: FlagSpec = { name: 'json', help: 'One JSON document on stdout' };
const CLI_FLAG: FlagSpec = { name: 'databricks-cli', value: '<path>', complete: 'file', help: 'The databricks executable (or LOYALTY_DATABRICKS_CLI)' };

export const COMMAND_TABLE: readonly CommandSpec[] = [
  {
    name: 'new',
    summary: 'Scaffold a pipeline from a template',
    usage: 'new [--template <id>] [--name <name>] [--set key=value …] [--answers file.yml] [--yes] [--force]',
    about: `Scaffold pipelines/<name>/ from templates/<id>/: config.json, notebooks or SQL,
README.md and the generated databricks.yml. Written all at once or not at all.
In a terminal without --yes, a wizard asks what the flags leave open, showing
the databricks.yml it will write as you answer, and can deploy it right away.
A terminal that cannot move the cursor (TERM=dumb) gets the same questions as lines.`,
    flags: [
      { name: 'template', value: '<id>', complete: 'template', help: 'Template folder name under templates/ (see: loyalty-wizard new --list-templates)' },
      { name: 'name', value: '<name>', help: 'Pipeline name: 3-64 characters, a lowercase letter then a-z, 0-9 or _' },
      { name: 'set', value: 'key=value', multiple: true, help: 'Answer one template question (repeatable)' },
      { name: 'answers', value: '<file>', complete: 'file', help: 'Answers from a YAML or JSON file (key: value); --set wins' },
      { name: 'yes', short: 'y', help: "Accept the template's defaults for every question not answered" },
      { name: 'force', help: 'Replace an existing pipeline (the old folder is kept in .loyalty-wizard/backups/)' },
      { name: 'list-templates', help: 'List the templates and their questions, then exit' },
      { ...ENV_FLAG, help: '(wizard) the environment to preview and deploy to' },
      { name: 'profile', short: 'p', value: '<name>', complete: 'profile', help: '(wizard) the Databricks profile to deploy with' },
    ],
    footer: `Without a terminal (or with CI set) and without --yes, every unanswered question
is an error (exit 2) that lists them all.`,
  },
  {
    name: 'generate',
    summary: 'Write pipelines/<name>/databricks.yml from the configs',
    usage: 'generate [<pipeline> … | --all] [--check]',
    about: `Write pipelines/<pipeline>/databricks.yml for each pipeline (all of them when
none is named). Files are replaced atomically, and only when they change.`,
    positionals: 'pipeline',
    flags: [
      { name: 'all', help: 'Every pipeline (the default when none is named)' },
      { name: 'check', help: 'Write nothing; exit 1 listing bundles that are missing or stale (for CI)' },
    ],
  },
  {
    name: 'preview',
    summary: "Print a pipeline's bundle as one environment resolves it",
    usage: 'preview <pipeline> [--env dev|staging|prod] [--raw]',
    about: `Print the pipeline's bundle as that environment resolves it, as
"databricks bundle validate -t <env> -o json" shows it: target settings merged
in, run_as copied into the job, \${...} filled in, and in dev what development
mode changes (a "[dev <you>] " name prefix, a dev tag, schedules and
continuous jobs paused, per-developer schemas). Writes nothing.`,
    positionals: 'pipeline',
    flags: [
      { name: 'env', value: '<env>', complete: 'env', help: 'dev (default), staging or prod' },
      { name: 'user', value: '<name>', help: 'The deploying user (an email) in names and paths; default <you>' },
      { name: 'raw', help: 'Print the databricks.yml that generate writes, with every target' },
    ],
  },
  {
    name: 'validate',
    summary: 'Check configs, referenced files and generated bundles',
    usage: 'validate [<pipeline> … | --all]',
    about: `Check config/*.yml, each pipeline's config.json, the files it references
(notebook headers, plain SQL files, paths inside the folder) and whether its
databricks.yml is up to date. Writes nothing. Exit 1 on any problem.`,
    positionals: 'pipeline',
    flags: [{ name: 'all', help: 'Every pipeline (the default when none is named)' }],
  },
  {
    name: 'list',
    summary: 'List the pipelines',
    usage: 'list [--json]',
    about: 'List the pipelines with their type, task count, display name and schedule.',
    flags: [JSON_FLAG],
  },
  {
    name: 'deploy',
    summary: 'Validate, plan and deploy a pipeline with the Databricks CLI',
    usage: 'deploy [<pipeline> | --all] [--env <env>] [--profile <name>] [options]',
    about: `Detect → generate → validate → plan → deploy → summary, with the real
Databricks CLI run from the pipeline's folder; ends with the job URL.
In a terminal, a missing pipeline, env or profile is asked for; without one
(or with CI set) it is an error naming the flags (exit 2).

Approval: dev deploys without asking; staging asks; prod asks you to type the
pipeline name. A plan that deletes, recreates or gives a job a new id (or
does anything this version does not know) always asks; --yes covers it only
together with --allow-deletes. A mistyped name may be typed again (3 tries);
"no" is "not approved": nothing is deployed, exit 2.

Each running step shows its time; one that waits on the CLI for over a
minute (LOYALTY_WAIT_NOTICE_SECONDS) says what for and what Ctrl-C would do.`,
    positionals: 'pipeline',
    flags: [
      ENV_FLAG,
      {
        name: 'profile',
        short: 'p',
        value: '<name>',
        complete: 'profile',
        help: 'Profile in ~/.databrickscfg (or DATABRICKS_CONFIG_PROFILE;\nwithout either, DATABRICKS_HOST + token from the environment)',
      },
      { name: 'yes', short: 'y', help: 'Approve staging/prod deploys without asking' },
      { name: 'allow-deletes', help: 'With --yes: also approve plans that delete, recreate or re-id' },
      { name: 'dry-run', help: 'Validate and plan, print the commands deploy would run; deploy nothing' },
      { name: 'run', help: 'Start the job after deploying and print the run URL' },
      { name: 'params', value: '<k=v,...>', multiple: true, help: 'Override job parameters for that run (repeatable); also\nprinted in the run command at the end' },
      { name: 'bind', value: '<job-id>', help: 'Adopt an existing job (e.g. one the seed framework deployed)\ninstead of creating a second one; asks like a deploy' },
      { name: 'json', help: 'One JSON document on stdout; everything else on stderr' },
      { name: 'all', help: 'Every pipeline, --concurrency at a time' },
      { name: 'concurrency', value: '<n>', help: 'With --all: how many deploy at once (default 4, at most 32)' },
      { name: 'force-lock', help: 'Take over a deploy lock left by a dead deploy' },
      { name: 'show-commands', help: 'Print each databricks command before it runs' },
      CLI_FLAG,
    ],
  },
  {
    name: 'doctor',
    summary: 'Check Node, the Databricks CLI, profiles and the project',
    usage: 'doctor [--json] [--databricks-cli <path>]',
    about: `Check Node, the Databricks CLI (version, bundle commands, bundle plan),
profiles and their hosts, each environment's host against the profiles, that
each environment's SQL warehouse is Pro or Serverless (SQL file tasks need
one), the project layout and stale generated bundles, and whether the daily
command (loyalty-wizard on PATH) is set up. Each check is ok, warn or fail
with its fix; exit 1 on any fail.`,
    flags: [JSON_FLAG, CLI_FLAG],
  },
  {
    name: 'schemas',
    summary: 'Write the JSON Schemas editors use to check configs',
    usage: 'schemas [--check]',
    about: `Write schemas/pipeline.schema.json and schemas/env.schema.json from the
product's own config schemas, so editors check configs as you type.`,
    flags: [{ name: 'check', help: 'Write nothing; exit 1 if the files are out of date' }],
  },
  {
    name: 'completion',
    summary: 'Print a shell completion script (bash, zsh or fish)',
    usage: 'completion bash|zsh|fish',
    about: `Print a script that completes commands, flags, pipelines, environments,
profiles and templates as you type. The values are read from the files as
you press Tab (pipelines/*/config.json, config/*.yml, the profiles file,
templates/*/template.yml), without starting Node. To enable it:
  bash   echo 'source <(loyalty-wizard completion bash)' >> ~/.bashrc
  zsh    echo 'source <(loyalty-wizard completion zsh)' >> ~/.zshrc
  fish   loyalty-wizard completion fish > ~/.config/fish/completions/loyalty-wizard.fish`,
    positionals: 'shell',
    flags: [],
  },
];

export function commandSpec(name: string): CommandSpec | undefined {
  return COMMAND_TABLE.find((c) => c.name === name);
}
