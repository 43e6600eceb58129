import type { ConfigIssue } from './errors.js';

export type PipelineKind = 'streaming' | 'batch';

export type Detection = { kind: PipelineKind } | { issue: Omit<ConfigIssue, 'file'> };

/** `tasks` → streaming, `execution_sequence` → batch; both or neither is an error that says which to use. */
export function detectPipelineKind(value: unknown): Detection {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { issue: { path: '', message: 'expected a JSON object with "pipeline_name" and "tasks" or "execution_sequence"' } };
  }
  const hasTasks = 'tasks' in value;
  const hasSequence = 'execution_sequence' in value;
  if (hasTasks && hasSequence) {
    return {
      issue: {
        path: 'execution_sequence',
        message: 'has both "tasks" and "execution_sequence"',
        hint: 'keep "tasks" for a streaming pipeline or "execution_sequence" for a batch SQL pipeline, not both',
      },
    };
  }
  if (hasTasks) return { kind: 'streaming' };
  if (hasSequence) return { kind: 'batch' };
  return {
    issue: {
      path: '',
      message: 'has neither "tasks" nor "execution_sequence"',
      hint: 'add "tasks" (streaming: Kafka → Delta or Postgres) or "execution_sequence" (batch SQL: bronze → silver → gold)',
    },
  };
}
