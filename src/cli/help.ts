/**
 * Help texts. This module imports nothing, so `--help` starts as fast as Node does.
 */
export const VERSION = '0.1.0';

export const MAIN_HELP = `loyalty-wizard — scaffold, generate and deploy Databricks Asset Bundles for Loyalty 2.0

Usage: loyalty-wizard <command> [options]

Commands:
  new        Scaffold a pipeline from a template
  generate   Write pipelines/<name>/databricks.yml from the configs
  preview    Print a pipeline's bundle as one environment resolves it
  validate   Check configs, referenced files and generated bundles
  list       List the pipelines
  deploy     Validate, plan and deploy a pipeline with the Databricks CLI
  doctor     Check Node, the Databricks CLI, profiles and the project
  schemas    Write the JSON Schemas editors use to check configs

Global options:
  --root <dir>   Project folder (default: the nearest folder up holding pipelines/ and config/)
  --no-color     No colours (also NO_COLOR=1)
  -h, --help     Show help; with a command, that command's help
  -v, --version  Show the version

Exit codes: 0 ok, 1 failure, 2 usage error or missing input.
Run "loyalty-wizard <command> --help" for a command's options.
`;

export const COMMAND_HELP: Record<string, string> = {
  new: `Usage: loyalty-wizard new [--template <id>] [--name <name>] [--set key=value …] [--answers file.yml] [--yes] [--force]

Scaffold pipelines/<name>/ from templates/<id>/: config.json, notebooks or SQL,
README.md and the generated databricks.yml. Written all at once or not at all.
In a terminal without --yes, a wizard asks what the flags leave open, showing
the databricks.yml it will write as you answer, and can deploy it right away.

Options:
  --template <id>       Template folder name under templates/ (see: loyalty-wizard new --list-templates)
  --name <name>         Pipeline name: 3-64 characters, a lowercase letter then a-z, 0-9 or _
  --set key=value       Answer one template question (repeatable)
  --answers <file>      Answers from a YAML or JSON file (key: value); --set wins
  --yes                 Accept the template's defaults for every question not answered
  --force               Replace an existing pipeline (the old folder is kept in .loyalty-wizard/backups/)
  --list-templates      List the templates and their questions, then exit
  -e, --env <env>       (wizard) the environment to preview and deploy to
  -p, --profile <name>  (wizard) the Databricks profile to deploy with

Without a terminal (or with CI set) and without --yes, every unanswered question
is an error (exit 2) that lists them all.
`,
  generate: `Usage: loyalty-wizard generate [<pipeline> … | --all] [--check]

Write pipelines/<pipeline>/databricks.yml for each pipeline (all of them when
none is named). Files are replaced atomically, and only when they change.

Options:
  --all       Every pipeline (the default when none is named)
  --check     Write nothing; exit 1 listing bundles that are missing or stale (for CI)
`,
  preview: `Usage: loyalty-wizard preview <pipeline> [--env dev|staging|prod] [--raw]

Print the pipeline's bundle as that environment resolves it, as
"databricks bundle validate -t <env> -o json" shows it: target settings merged
in, run_as copied into the job, \${...} filled in, and in dev what development
mode changes (a "[dev <you>] " name prefix, a dev tag, schedules and
continuous jobs paused, per-developer schemas). Writes nothing.

Options:
  --env <env>     dev (default), staging or prod
  --user <name>   The deploying user (an email) in names and paths; default <you>
  --raw           Print the databricks.yml that generate writes, with every target
`,
  validate: `Usage: loyalty-wizard validate [<pipeline> … | --all]

Check config/*.yml, each pipeline's config.json, the files it references
(notebook headers, plain SQL files, paths inside the folder) and whether its
databricks.yml is up to date. Writes nothing. Exit 1 on any problem.
`,
  list: `Usage: loyalty-wizard list [--json]

List the pipelines with their type, task count, display name and schedule.

Options:
  --json   One JSON document on stdout
`,
  deploy: `Usage: loyalty-wizard deploy [<pipeline> | --all] [--env <env>] [--profile <name>] [options]

Detect → generate → validate → plan → deploy → summary, with the real
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

Options:
  -e, --env <env>            dev, staging or prod
  -p, --profile <name>       Profile in ~/.databrickscfg (or DATABRICKS_CONFIG_PROFILE;
                             without either, DATABRICKS_HOST + token from the environment)
  -y, --yes                  Approve staging/prod deploys without asking
  --allow-deletes            With --yes: also approve plans that delete, recreate or re-id
  --dry-run                  Validate and plan, print the commands deploy would run; deploy nothing
  --run                      Start the job after deploying and print the run URL
  --params <k=v,...>         Override job parameters for that run (repeatable); also
                             printed in the run command at the end
  --bind <job-id>            Adopt an existing job (e.g. one the seed framework deployed)
                             instead of creating a second one; asks like a deploy
  --json                     One JSON document on stdout; everything else on stderr
  --all                      Every pipeline; --concurrency <n> at a time (default 4)
  --force-lock               Take over a deploy lock left by a dead deploy
  --show-commands            Print each databricks command before it runs
  --databricks-cli <path>    The databricks executable (or LOYALTY_DATABRICKS_CLI)
`,
  doctor: `Usage: loyalty-wizard doctor [--json] [--databricks-cli <path>]

Check Node, the Databricks CLI (version, bundle commands, bundle plan),
profiles and their hosts, each environment's host against the profiles, that
each environment's SQL warehouse is Pro or Serverless (SQL file tasks need
one), the project layout and stale generated bundles. Each check is ok, warn or fail
with its fix; exit 1 on any fail.
`,
  schemas: `Usage: loyalty-wizard schemas [--check]

Write schemas/pipeline.schema.json and schemas/env.schema.json from the
product's own config schemas, so editors check configs as you type.

Options:
  --check   Write nothing; exit 1 if the files are out of date
`,
};
