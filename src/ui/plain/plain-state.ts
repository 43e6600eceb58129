/** What the plain `new` has asked so far, and what it asks with. */
import type { TemplateSource } from '../../core/scaffold.js';
import type { Answers } from '../../core/template-manifest.js';
import type { Previewer } from '../wizard/preview.js';
import { suggestName } from '../wizard/screens.js';
import type { EnvName, WizardPrefill, WizardSetup } from '../wizard/types.js';
import type { Prompter } from '../../session/line-ask.js';

export interface PlainRun {
  readonly p: Prompter;
  readonly setup: WizardSetup;
  readonly prefill: WizardPrefill;
  readonly previewer: Previewer;
}

export interface PlainAnswers {
  readonly templateId: string;
  /** '' until the name is asked (then the suggestion stands in). */
  readonly name: string;
  readonly answers: Answers;
  readonly env: EnvName;
  readonly profile?: string;
}

export function templateOf(run: PlainRun, s: PlainAnswers): TemplateSource {
  return run.setup.templates.find((t) => t.id === s.templateId) ?? run.setup.templates[0]!;
}

export function nameOf(run: PlainRun, s: PlainAnswers): string {
  return s.name || suggestName(run.setup, s.templateId);
}
