import type { Profile } from '../../core/databrickscfg.js';
import type { FoundCli } from '../../databricks/find-cli.js';
import type { EnvConfigs } from '../../core/env-config.js';
import type { EnvName } from '../../core/names.js';
import type { TemplateSource } from '../../core/scaffold.js';
import type { Answers } from '../../core/template-manifest.js';

export type { EnvName };

/** What flags already answered; each given (and valid) answer skips its question. */
export interface WizardPrefill {
  template?: string;
  name?: string;
  answers: Answers;
  env?: EnvName;
  profile?: string;
  /** Editing an existing pipeline: template and name fixed, every question shown, starting from these answers. */
  edit?: WizardEdit;
}

/** What `edit` starts the wizard with (template and name are in the prefill). */
export interface WizardEdit {
  /** The answers the pipeline has, with the flags' over them: each question starts from its one. */
  readonly start: Answers;
  /** How the template was chosen, said on the review. */
  readonly templateNote: string;
}

export type WizardResult =
  | { status: 'written'; name: string; template: string; answers: Answers; env: EnvName; profile?: string; deployNow: boolean; files: string[] }
  | { status: 'cancelled' };

/** Everything the wizard reads before it starts, loaded once at the edge (see load-setup.ts). */
export interface WizardSetup {
  readonly templates: readonly TemplateSource[];
  /** Templates that failed to load: shown on the template screen, never fatal. */
  readonly templateProblems: readonly string[];
  readonly envs: EnvConfigs;
  readonly profiles: readonly Profile[];
  /** Where profiles were read from, for the profile screen's hint. */
  readonly profilesPath: string;
  /** Whether pipelines/<name> exists; the one question the wizard asks the disk while it runs. */
  readonly isNameTaken: (name: string) => boolean;
  /** Why a name cannot be a folder of this project (reserved, or ignored by git), or undefined. */
  readonly folderProblem?: (name: string) => string | undefined;
  /** The Databricks CLI the deploy would run, and where it was found (no path: missing, so no deploy is offered). Unset: not checked. */
  readonly databricksCli?: FoundCli;
}
