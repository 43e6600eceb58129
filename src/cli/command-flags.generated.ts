// Written by `npm run flags` from the command schemas (src/cli/commands/*.ts, globalFields in src/cli/args.ts). Do not edit.
import type { CommandFlags, FlagSpec } from './command-table.js';

/** Flags every command takes. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  {"name":"root","value":"<dir>","complete":"dir","help":"Project folder (default: the nearest folder up holding pipelines/ and config/)"},
  {"name":"no-color","help":"No colours (also NO_COLOR=1)"},
  {"name":"help","short":"h","help":"Show help; with a command, that command's help"},
];

export const COMMAND_FLAGS = {
  new: {
    flags: [
      {"name":"template","value":"<id>","complete":"template","help":"Template folder name under templates/ (see: loyalty-wizard new --list-templates)"},
      {"name":"name","value":"<name>","help":"Pipeline name: 3-64 characters, a lowercase letter then a-z, 0-9 or _"},
      {"name":"set","value":"key=value","multiple":true,"help":"Answer one template question (repeatable)"},
      {"name":"answers","value":"<file>","complete":"file","help":"Answers from a YAML or JSON file (key: value); --set wins"},
      {"name":"yes","short":"y","help":"Accept the template's defaults for every question not answered"},
      {"name":"force","help":"Replace an existing pipeline (the old folder is kept in .loyalty-wizard/backups/)"},
      {"name":"list-templates","help":"List the templates and their questions, then exit"},
      {"name":"env","short":"e","value":"<env>","complete":"env","help":"(wizard) the environment to preview and deploy to"},
      {"name":"profile","short":"p","value":"<name>","complete":"profile","help":"(wizard) the Databricks profile to deploy with"},
    ],
  },
  edit: {
    positionals: 'pipeline',
    flags: [
      {"name":"set","value":"key=value","multiple":true,"help":"Change one answer (repeatable); the others stay as the pipeline has them"},
      {"name":"answers","value":"<file>","complete":"file","help":"Answers from a YAML or JSON file (key: value); --set wins"},
      {"name":"yes","short":"y","help":"Apply the changes without the wizard"},
      {"name":"env","short":"e","value":"<env>","complete":"env","help":"(wizard) the environment to preview and deploy to"},
      {"name":"profile","short":"p","value":"<name>","complete":"profile","help":"(wizard) the Databricks profile to deploy with"},
    ],
  },
  generate: {
    positionals: 'pipeline',
    flags: [
      {"name":"all","help":"Every pipeline (the default when none is named)"},
      {"name":"check","help":"Write nothing; exit 1 listing bundles that are missing or stale (for CI)"},
    ],
  },
  preview: {
    positionals: 'pipeline',
    flags: [
      {"name":"env","value":"<env>","complete":"env","help":"dev (default), staging or prod"},
      {"name":"user","value":"<name>","help":"The deploying user (an email) in names and paths; default <you>"},
      {"name":"raw","help":"Print the databricks.yml that generate writes, with every target"},
    ],
  },
  validate: {
    positionals: 'pipeline',
    flags: [
      {"name":"all","help":"Every pipeline (the default when none is named)"},
    ],
  },
  list: {
    flags: [
      {"name":"json","help":"One JSON document on stdout"},
    ],
  },
  deploy: {
    positionals: 'pipeline',
    flags: [
      {"name":"env","short":"e","value":"<env>","complete":"env","help":"dev, staging or prod"},
      {"name":"profile","short":"p","value":"<name>","complete":"profile","help":"Profile in ~/.databrickscfg (or DATABRICKS_CONFIG_PROFILE;\nwithout either, DATABRICKS_HOST + token from the environment)"},
      {"name":"yes","short":"y","help":"Approve staging/prod deploys without asking"},
      {"name":"allow-deletes","help":"With --yes: also approve plans that delete, recreate or re-id"},
      {"name":"dry-run","help":"Validate and plan, print the commands deploy would run; deploy nothing"},
      {"name":"run","help":"Start the job after deploying and follow it, as run does"},
      {"name":"no-wait","help":"With --run: print the run URL and return"},
      {"name":"params","value":"<k=v,...>","multiple":true,"help":"Override job parameters for that run (repeatable); also\nprinted in the run command at the end"},
      {"name":"bind","value":"<job-id>","help":"Adopt an existing job (e.g. one the seed framework deployed)\ninstead of creating a second one; asks like a deploy"},
      {"name":"json","help":"One JSON document on stdout; everything else on stderr"},
      {"name":"all","help":"Every pipeline, --concurrency at a time"},
      {"name":"concurrency","value":"<n>","help":"With --all: how many deploy at once (default 4, at most 32)"},
      {"name":"force-lock","help":"Take over a deploy lock left by a dead deploy"},
      {"name":"show-commands","help":"Print each databricks command before it runs"},
      {"name":"databricks-cli","value":"<path>","complete":"file","help":"The databricks executable (or LOYALTY_DATABRICKS_CLI)"},
    ],
  },
  status: {
    positionals: 'pipeline',
    flags: [
      {"name":"env","short":"e","value":"<env>","complete":"env","help":"dev, staging or prod"},
      {"name":"profile","short":"p","value":"<name>","complete":"profile","help":"Profile in ~/.databrickscfg (or DATABRICKS_CONFIG_PROFILE;\nwithout either, DATABRICKS_HOST + token from the environment)"},
      {"name":"json","help":"One JSON document on stdout"},
      {"name":"runs","value":"<n>","help":"How many recent runs of each job to read (default 25)"},
      {"name":"concurrency","value":"<n>","help":"How many databricks calls at once (default 4, at most 32)"},
      {"name":"fail-on-unhealthy","help":"Exit 1 when a pipeline misses a target (for CI)"},
      {"name":"watch","help":"In a terminal: ask again every --interval seconds"},
      {"name":"interval","value":"<s>","help":"Seconds between refreshes with --watch (default 30)"},
      {"name":"quality","help":"Also each pipeline's latest data-quality checks, read with one SQL statement on the env's warehouse"},
      {"name":"history","help":"Instead: how deploys went, per env, from .loyalty-wizard/history.jsonl"},
      {"name":"show-commands","help":"Print each databricks command before it runs"},
      {"name":"databricks-cli","value":"<path>","complete":"file","help":"The databricks executable (or LOYALTY_DATABRICKS_CLI)"},
    ],
  },
  run: {
    positionals: 'pipeline',
    flags: [
      {"name":"env","short":"e","value":"<env>","complete":"env","help":"dev, staging or prod"},
      {"name":"profile","short":"p","value":"<name>","complete":"profile","help":"Profile in ~/.databrickscfg (or DATABRICKS_CONFIG_PROFILE;\nwithout either, DATABRICKS_HOST + token from the environment)"},
      {"name":"params","value":"<k=v,...>","multiple":true,"help":"Override job parameters for this run (repeatable)"},
      {"name":"no-wait","help":"Start the run, print its URL and return"},
      {"name":"json","help":"One JSON document on stdout"},
      {"name":"show-commands","help":"Print each databricks command before it runs"},
      {"name":"databricks-cli","value":"<path>","complete":"file","help":"The databricks executable (or LOYALTY_DATABRICKS_CLI)"},
    ],
  },
  promote: {
    positionals: 'pipeline',
    flags: [
      {"name":"from","value":"<env>","complete":"env","help":"The env promoted from (dev or staging)"},
      {"name":"to","value":"<env>","complete":"env","help":"The env promoted to (staging or prod)"},
      {"name":"profile-from","value":"<name>","complete":"profile","help":"Profile for --from (or DATABRICKS_CONFIG_PROFILE)"},
      {"name":"profile-to","value":"<name>","complete":"profile","help":"Profile for --to (or DATABRICKS_CONFIG_PROFILE)"},
      {"name":"runs","value":"<n>","help":"How many last runs in --from must have succeeded (default 1)"},
      {"name":"yes","short":"y","help":"Approve the deploy to staging/prod without asking (CI)"},
      {"name":"allow-deletes","help":"With --yes: also approve plans that delete, recreate or re-id"},
      {"name":"force","help":"Promote although a gate failed; needs --reason"},
      {"name":"reason","value":"<text>","help":"Why the gates are overridden (kept in the history)"},
      {"name":"json","help":"One JSON document on stdout"},
      {"name":"all","help":"Every pipeline whose --from job is ahead of its --to job"},
      {"name":"concurrency","value":"<n>","help":"How many databricks calls at once (default 4, at most 32)"},
      {"name":"show-commands","help":"Print each databricks command before it runs"},
      {"name":"databricks-cli","value":"<path>","complete":"file","help":"The databricks executable (or LOYALTY_DATABRICKS_CLI)"},
    ],
  },
  doctor: {
    flags: [
      {"name":"json","help":"One JSON document on stdout"},
      {"name":"databricks-cli","value":"<path>","complete":"file","help":"The databricks executable (or LOYALTY_DATABRICKS_CLI)"},
    ],
  },
  schemas: {
    flags: [
      {"name":"check","help":"Write nothing; exit 1 if the files are out of date"},
    ],
  },
  completion: {
    positionals: 'shell',
    flags: [],
  },
  upgrade: {
    positionals: 'pipeline',
    flags: [
      {"name":"all","help":"Every pipeline whose template has a newer version; goes on past conflicts"},
      {"name":"yes","short":"y","help":"Take the defaults of the template's new questions (listed in the output)"},
      {"name":"dry-run","help":"Print the unified diff of every file that would change; write nothing"},
      {"name":"write-conflicts","help":"On a conflict, write the files with conflict markers and list them"},
      {"name":"adopt","value":"<template>","complete":"template","help":"Give a pipeline without an answers record one, from its config.json and this template"},
      {"name":"set","value":"key=value","multiple":true,"help":"Answer a question of the current template (repeatable; with --all, for the templates that ask it)"},
      {"name":"json","help":"One JSON document on stdout"},
    ],
  },
} as const satisfies Record<string, CommandFlags>;
