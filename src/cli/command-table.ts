/**
 * Every command, once: `--help` prints it (help.ts), and `completion` writes
 * shell scripts from it (completion.ts). A command's flags are its schema's
 * fields (src/cli/commands/*.ts), copied here by `npm run flags` into
 * command-flags.generated.ts, so this table imports no zod and `--help` stays
 * as fast as Node starts.
 */
import { COMMAND_FLAGS, GLOBAL_FLAGS } from './command-flags.generated.js';

export { GLOBAL_FLAGS };

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

/** What a command's schema says: its flags, and what its positional arguments are. */
export interface CommandFlags {
  readonly flags: readonly FlagSpec[];
  readonly positionals?: ValueKind;
}

export interface CommandSpec extends CommandFlags {
  readonly name: string;
  /** Its line in the command list of `--help`. */
  readonly summary: string;
  /** After "Usage: loyalty-wizard ". */
  readonly usage: string;
  readonly about: string;
  /** Printed after the options. */
  readonly footer?: string;
}

/** The top-level `--version`, answered by main.ts before any command. */
export const VERSION_FLAG: FlagSpec = { name: 'version', short: 'v', help: 'Show the version' };

type CommandName = keyof typeof COMMAND_FLAGS;
type CommandProse = Omit<CommandSpec, keyof CommandFlags> & { readonly name: CommandName };

const COMMAND_PROSE: readonly CommandProse[] = [
  {
    name: 'new',
    summary: 'Scaffold a pipeline from a template',
    usage: 'new [--template <id>] [--name <name>] [--set key=value …] [--answers file.yml] [--yes] [--force]',
    about: `Scaffold pipelines/<name>/ from templates/<id>/: config.json, notebooks or SQL,
README.md and the generated databricks.yml. Written all at once or not at all.
In a terminal without --yes, a wizard asks what the flags leave open, showing
the databricks.yml it will write as you answer, and can deploy it right away.
A terminal that cannot move the cursor (TERM=dumb) gets the same questions as
lines.`,
    footer: `Without a terminal (or with CI set) and without --yes, every unanswered question
is an error (exit 2) that lists them all.`,
  },
  {
    name: 'edit',
    summary: 'Change an existing pipeline in the wizard, or with --set … --yes',
    usage: 'edit <pipeline> [--set key=value …] [--answers file.yml] [--yes]',
    about: `Open the wizard on pipelines/<pipeline>/: the same questions, each prefilled from
its config.json (then its .template-answers.yml, then the template's defaults).
The preview shows the diff of databricks.yml against the file on disk; the
review lists the files that change. Answers land in config.json where the
template puts them; keys the questions do not cover stay as they are.
databricks.yml is regenerated; notebooks and SQL files are never touched (a
new step without a file gets a stub; a removed step's files are listed, not
deleted).`,
    footer: `Without a terminal, --yes is required: the --set answers are applied and
the changes printed (exit 2 without it). An edit that changes nothing writes
nothing. For example:

  loyalty-wizard edit kafka_traffic_pipeline --set schedule_timezone=UTC --yes`,
  },
  {
    name: 'upgrade',
    summary: 'Bring pipelines up to the current version of their template',
    usage: 'upgrade <pipeline> | --all [--yes] [--dry-run] [--write-conflicts] [--adopt <template>] [--set key=value …]',
    about: `Merge what changed in a pipeline's template since the version in its
.template-answers.yml into the pipeline's files, keeping your own edits: a
three-way merge per file of the template then (read from git history), the
template now, and the files on disk. Files the template added are added;
files it removed are listed, never deleted. databricks.yml is generated again
from the merged config.json and the record gets the new version. All files or
none.
New questions of the template are asked in a terminal, take their defaults
with --yes (listed), and are an error naming them otherwise (exit 2).

A conflict (you and the template changed the same lines) writes nothing and
exits 1 naming the files and lines; --write-conflicts writes conflict markers
and lists the files to resolve. --all goes on past conflicts and sums up.
--adopt <template> gives a pipeline made without a record one, from its
config.json and the template's defaults; it writes only the record.`,
    footer: `Needs the template's earlier versions in git: commit templates/ at each version.`,
  },
  {
    name: 'generate',
    summary: 'Write pipelines/<name>/databricks.yml from the configs',
    usage: 'generate [<pipeline> … | --all] [--check]',
    about: `Write pipelines/<pipeline>/databricks.yml for each pipeline (all of them when
none is named). Files are replaced atomically, and only when they change.`,
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
  },
  {
    name: 'validate',
    summary: 'Check configs, referenced files and generated bundles',
    usage: 'validate [<pipeline> … | --all]',
    about: `Check config/*.yml, each pipeline's config.json, the files it references
(notebook headers, plain SQL files, paths inside the folder) and whether its
databricks.yml is up to date. Writes nothing. Exit 1 on any problem.`,
  },
  {
    name: 'list',
    summary: 'List the pipelines',
    usage: 'list [--json]',
    about: 'List the pipelines with their type, task count, display name and schedule.',
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
minute (LOYALTY_WAIT_NOTICE_SECONDS) says what for and what Ctrl-C would do.

--run starts the job after the deploy and follows it as "run" does (its
result is the exit code); with --no-wait, --json or --all it only prints
the run URL.`,
  },
  {
    name: 'status',
    summary: "Each pipeline's job and recent runs in an env, against the targets",
    usage: 'status [<pipeline> …] [--env <env>] [--profile <name>] [--json] [--runs <n>]',
    about: `One row per pipeline for the env, from the workspace: deployed or not, how
the job runs (schedule, continuous, paused), the last run, the success rate
and p50 / p95 duration of the last --runs runs (default 25). Pipelines that
miss a target stand out (success rate under 99 %, a batch run's p50 over
30 min, a failed last run, a continuous job with no active run), with the
failing task and its message. Reads the workspace with "databricks jobs list"
and "databricks jobs list-runs"; changes nothing.

--quality also shows each pipeline's latest data-quality checks (pass rate,
null %, duplicates, pass / fail) from
<catalog>.<silver schema>.data_quality_results, with one SQL statement on the
env's sql_warehouse_id ("databricks api post /api/2.0/sql/statements"). A
failed check misses a target; a missing table, warehouse or grant is one line
with its fix and does not change the exit code.

Exit 0 when the status could be read, 1 when it could not (or, with
--fail-on-unhealthy, when a pipeline misses a target), 2 for usage errors.
--json prints one document (schemas/status.schema.json).`,
  },
  {
    name: 'run',
    summary: "Start a deployed pipeline's job and follow it to its end",
    usage: 'run <pipeline> [--env <env>] [--profile <name>] [--params k=v …] [--no-wait] [--json]',
    about: `Start the pipeline's deployed job ("databricks bundle run --no-wait" from the
pipeline's folder, --params as job parameters) and follow it: one row per
task in the pipeline's order, pending → running → its result and time
("databricks jobs get-run", polled every second at first, then less often).
Ends with the run URL and its time; for a failure, the failing task's error
and what to do about it. --no-wait prints the run URL and returns.

Ctrl-C stops following: in a terminal it asks whether to cancel the run on
Databricks or leave it running; without one the run is left running.
Exit 0 when the run succeeds, 1 when it does not, 2 for usage errors, 130
after Ctrl-C. --json prints one receipt on stdout.`,
  },
  {
    name: 'promote',
    summary: 'Deploy to the next env what the previous one runs, after checking it',
    usage: 'promote [<pipeline> | --all] --from <env> --to <env> [options]',
    about: `Promote a pipeline dev → staging or staging → prod. Two gates first, both
shown before anything is deployed: the job in --from holds exactly this
folder (every deploy records the git commit and a content hash of the
pipeline folder in the job's tags), and the last --runs finished runs in
--from (default 1) succeeded. Then the deploy to --to, as "deploy" does it:
staging asks, prod asks you to type the pipeline name; CI needs --yes.

A failed gate stops with what failed and how to fix it (exit 1);
--force --reason "<why>" overrides, and the reason is kept in
.loyalty-wizard/history.jsonl and --json. --all promotes every pipeline
whose --from job holds other content than its --to job.

  e.g. loyalty-wizard promote orders --from dev --to staging \\
         --profile-from dev --profile-to staging --yes`,
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
  },
  {
    name: 'schemas',
    summary: 'Write the JSON Schemas editors use to check configs',
    usage: 'schemas [--check]',
    about: `Write schemas/pipeline.schema.json and schemas/env.schema.json from the
product's own config schemas, so editors check configs as you type.`,
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
  },
];

export const COMMAND_TABLE: readonly CommandSpec[] = COMMAND_PROSE.map((c) => ({ ...c, ...COMMAND_FLAGS[c.name] }));

export function commandSpec(name: string): CommandSpec | undefined {
  return COMMAND_TABLE.find((c) => c.name === name);
}
