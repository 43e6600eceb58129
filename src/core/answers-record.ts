import * as z from 'zod';
import { ConfigError } from './errors.js';
import { zodIssuesToConfigIssues } from './issues.js';
import { parseLocated, ParseFailure } from './located-parse.js';
import { answerValue, isAsked, type Answers, type TemplateManifest } from './template-manifest.js';
import { emitYaml } from './yaml-emit.js';

/**
 * A pipeline's answers record: which template made it, at which version, with which answers. `new` writes it into
 * the pipeline folder (committed with the pipeline, as copier's `.copier-answers.yml` is); `edit` prefills the
 * wizard from it and `upgrade` re-renders the template from it. The built-in answers (`name`, `name_title`) are not
 * kept: they follow from the folder's name.
 */
export const ANSWERS_FILE = '.template-answers.yml';

export const answersRecordSchema = z.strictObject({
  template: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a template folder name under templates/').describe('The template the pipeline was made from'),
  template_version: z.int().min(1).describe("The template's version when the pipeline was made or last upgraded"),
  answers: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a question key in snake_case'), answerValue).describe("Every question's answer"),
});

export type AnswersRecord = z.output<typeof answersRecordSchema>;

const HEADER = [
  '# yaml-language-server: $schema=../../schemas/template-answers.schema.json',
  '# How this pipeline was made: its template, the template version and the answers. Commit it with the pipeline.',
  '# `loyalty-wizard edit` starts from these answers; `loyalty-wizard upgrade` re-renders the template with them.',
];

/** The record for a pipeline made from `manifest` with `answers`: only the questions it asks, in the manifest's order. */
export function answersRecordFor(templateId: string, manifest: TemplateManifest, answers: Readonly<Answers>): AnswersRecord {
  const kept: Answers = {};
  for (const q of manifest.questions) {
    const value = answers[q.key];
    if (value !== undefined && isAsked(q, answers)) kept[q.key] = value;
  }
  return { template: templateId, template_version: manifest.version, answers: kept };
}

export function renderAnswersRecord(record: AnswersRecord): string {
  return `${HEADER.join('\n')}\n${emitYaml(record)}`;
}

/** The record in `text` (read from `file`), checked; a ConfigError naming the field when it is not one. */
export function parseAnswersRecord(text: string, file: string): AnswersRecord {
  let doc;
  try {
    doc = parseLocated(text, 'yaml');
  } catch (error) {
    if (error instanceof ParseFailure) throw new ConfigError([{ file, path: '', message: `is not valid YAML: ${error.message}`, location: error.location, hint: 'restore it from git' }]);
    throw error;
  }
  const parsed = answersRecordSchema.safeParse(doc.value);
  if (!parsed.success) throw new ConfigError(zodIssuesToConfigIssues(file, doc, answersRecordSchema, parsed.error.issues));
  return parsed.data;
}
