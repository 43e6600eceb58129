import * as z from 'zod';

export const SECRET_REF_EXAMPLE = '{"secret_scope": "loyalty-kafka", "secret_key": "bootstrap-servers"}';

const secretName = (what: string) =>
  z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, `a secret ${what} name: letters, digits, _, - and . only`);

/**
 * Where a credential lives: a Databricks secret scope and key. Configs never hold
 * the secret itself; a literal string here is refused with the form to use.
 */
export function secretRefSchema(what: string) {
  return z
    .strictObject(
      { secret_scope: secretName('scope'), secret_key: secretName('key') },
      {
        error: (issue) =>
          issue.code === 'invalid_type' && typeof issue.input === 'string'
            ? `a literal ${what} is not allowed; store it in a Databricks secret and reference it as ${SECRET_REF_EXAMPLE}`
            : undefined,
      },
    )
    .describe(`${what}: a Databricks secret reference, never the value itself`);
}
export type SecretRef = { secret_scope: string; secret_key: string };

/** `{{secrets/scope/key}}`: the form Databricks resolves in cluster env vars and Spark conf. */
export function secretReference(ref: SecretRef): string {
  return `{{secrets/${ref.secret_scope}/${ref.secret_key}}}`;
}
