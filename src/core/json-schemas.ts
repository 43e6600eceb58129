import * as z from 'zod';
import { envConfigSchema } from './env-config.js';
import { pipelineConfigSchema } from './pipeline-config.js';
import { statusDocumentSchema } from './status-report.js';
import { templateManifestSchema } from './template-manifest.js';
import { answersRecordSchema } from './answers-record.js';

/**
 * JSON Schemas generated from the same zod schemas the product uses: for editors (what a
 * config may say) and for scripts (what `status --json` prints).
 */
export function editorSchemas(): Record<string, unknown> {
  const make = (schema: z.ZodType, title: string, description: string, io: 'input' | 'output' = 'input') => ({
    ...z.toJSONSchema(schema, { io, target: 'draft-7', unrepresentable: 'any' }),
    title,
    description,
  });
  return {
    'pipeline.schema.json': make(
      pipelineConfigSchema,
      'loyalty-wizard pipeline config',
      'pipelines/<name>/config.json: a streaming pipeline ("tasks") or a batch SQL pipeline ("execution_sequence").',
    ),
    'env.schema.json': make(envConfigSchema, 'loyalty-wizard environment config', 'config/<env>.yml for dev, staging and prod.'),
    'template.schema.json': make(templateManifestSchema, 'loyalty-wizard template manifest', 'templates/<id>/template.yml: a template\'s questions.'),
    'template-answers.schema.json': make(
      answersRecordSchema,
      'loyalty-wizard answers record',
      'pipelines/<name>/.template-answers.yml: the template, its version and the answers a pipeline was made with.',
    ),
    'status.schema.json': make(statusDocumentSchema, 'loyalty-wizard status --json', 'What `loyalty-wizard status --json` prints: one row per pipeline of an env.', 'output'),
  };
}

export function renderEditorSchemas(): Map<string, string> {
  return new Map(Object.entries(editorSchemas()).map(([file, schema]) => [file, `${JSON.stringify(schema, null, 2)}\n`]));
}
