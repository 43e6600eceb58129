import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { REPO } from './fixtures.js';

/** The official Databricks bundle schema, kept in the repository (its source and version: the README beside it). */
export const OFFICIAL_SCHEMA = join(REPO, 'test', 'fixtures', 'bundle-schema', 'databricks-bundle-schema.json');

let validate: ValidateFunction | undefined;

/** The official Databricks bundle schema, compiled once per test file. */
export function officialValidator(): ValidateFunction {
  validate ??= new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(OFFICIAL_SCHEMA, 'utf8')) as object);
  return validate;
}

/** The errors that matter: drop the oneOf/pattern noise the `${var}` alternatives add at every level. */
export function meaningfulErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? [])
    .filter((e) => ['additionalProperties', 'required', 'enum', 'type'].includes(e.keyword))
    .filter((e) => !(e.keyword === 'type' && e.params.type === 'string'))
    .map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
