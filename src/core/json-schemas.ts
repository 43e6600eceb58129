import * as z from 'zod';
import { envConfigSchema } from './env-config.js';
import { pipelineConfigSchema } from './pipeline-config.js';
import { templateManifestSchema } from './template-manifest.js';

/** JSON Schemas for editors, generated from the same zod schemas the product validates with. */
export function editorSchemas(): Record<string, unknown> {
  const make = (schema: z.ZodType, title: string, description: string) => ({
    ...z.toJSONSchema(schema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }),
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
  };
}

export function renderEditorSchemas(): Map<string, string> {
  return new Map(Object.entries(editorSchemas()).map(([file, schema]) => [file, `${JSON.stringify(schema, null, 2)}\n`]));
}
