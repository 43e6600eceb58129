/**
 * `edit <pipeline>` around the pure core (src/core/edit-pipeline.ts): read the pipeline, its answers record and the
 * template it is edited with; write the files an edit changes, all or none.
 */
import { ANSWERS_FILE, parseAnswersRecord } from '../core/answers-record.js';
import { parsePipelineConfig } from '../core/parse-config.js';
import { editPrefill, type EditPlan, type EditSource } from '../core/edit-pipeline.js';
import { UserError } from '../core/errors.js';
import type { TemplateSource } from '../core/scaffold.js';
import type { Answers } from '../core/template-manifest.js';
import { replaceFilesAtomic } from './fs-atomic.js';
import { diskSource, pipelineDir } from './project.js';
import { listTemplateIds, loadTemplate, templateManifestText } from './templates.js';

export interface EditTarget extends EditSource {
  /** How the template was chosen, said on screen and in the output. */
  readonly templateNote: string;
  /** What the pipeline answers now: what the wizard and --set start from. */
  readonly before: Answers;
}

/**
 * The pipeline `name` ready to edit: its config checked (a bad one is a ConfigError naming the field), its record
 * read, its template loaded (the record's, else the one whose pipeline_type is the config's).
 */
export function loadEditTarget(root: string, name: string): EditTarget {
  const disk = diskSource(root, name);
  // Checked as a config here (a bad one is one line naming the field); what it builds to is the preview's to say.
  const parsed = parsePipelineConfig(disk.configText, `pipelines/${name}/config.json`);
  const recordText = disk.readFile(ANSWERS_FILE);
  const record = recordText === undefined ? undefined : parseAnswersRecord(recordText, `pipelines/${name}/${ANSWERS_FILE}`);
  const { template, note } = record ? recordedTemplate(root, name, record.template) : typedTemplate(root, name, parsed.config.pipeline_type);
  const source: EditSource = { name, template, configText: disk.configText, ...(record ? { record } : {}), readFile: disk.readFile };
  return { ...source, templateNote: note, before: editPrefill(source, JSON.parse(disk.configText)) };
}

function recordedTemplate(root: string, name: string, id: string): { template: TemplateSource; note: string } {
  if (!listTemplateIds(root).includes(id)) {
    throw new UserError(`pipelines/${name}/${ANSWERS_FILE}: template: "${id}" is not a template under templates/`, `restore templates/${id}, or set template to one of: ${listTemplateIds(root).join(', ')}`);
  }
  return { template: loadTemplate(root, id), note: `template ${id} (from ${ANSWERS_FILE})` };
}

function typedTemplate(root: string, name: string, pipelineType: string): { template: TemplateSource; note: string } {
  // Checking a manifest costs tens of ms (its patterns are vetted): only those that name the type are loaded.
  const line = new RegExp(`^pipeline_type:\\s*["']?${pipelineType.replace(/[^a-z0-9_]/g, '')}["']?\\s*(#.*)?$`, 'm');
  for (const id of listTemplateIds(root)) {
    const template = tryLoad(() => (line.test(templateManifestText(root, id)) ? loadTemplate(root, id) : undefined));
    if (template?.manifest.pipeline_type === pipelineType) return { template, note: `template ${id} (no ${ANSWERS_FILE}: its pipeline_type ${pipelineType} matches)` };
  }
  throw new UserError(`pipelines/${name}/config.json: pipeline_type "${pipelineType}" matches no template's pipeline_type`, `add a template for it under templates/, or write ${ANSWERS_FILE} naming one`);
}

/** A broken template is not the one to edit with: skipped. */
function tryLoad(load: () => TemplateSource | undefined): TemplateSource | undefined {
  try {
    return load();
  } catch {
    return undefined;
  }
}

/**
 * Write the files the plan changes, all or none (fs-atomic.ts replaceFilesAtomic, which also refuses a path outside the
 * folder). They are put in place new step files first and the answers record last, so the bundle never points at a
 * file not there yet. Returns the paths relative to the project.
 */
export async function writeEdit(root: string, name: string, plan: EditPlan): Promise<string[]> {
  const order = [...plan.changes].sort((a, b) => rank(a) - rank(b));
  await replaceFilesAtomic(pipelineDir(root, name), new Map(order.map((c) => [c.path, plan.files.get(c.path)!])));
  return plan.changes.map((c) => `pipelines/${name}/${c.path}`);
}

function rank(change: { path: string; status: string }): number {
  if (change.status === 'added') return 0;
  return change.path === ANSWERS_FILE ? 3 : change.path === 'config.json' ? 1 : 2;
}
