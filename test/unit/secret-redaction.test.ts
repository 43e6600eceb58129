import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSecretVariable, knownSecretsIn, MIN_SECRET_LENGTH, redactSecrets } from '../../src/core/redact-secrets.js';

describe('secrets never leave in what the CLI printed', () => {
  const PAT = 'dapi0123456789abcdef0123456789abcdef';
  const secretChars = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/=:@!$%^&()[]{}|?'];
  const secretArb = fc.array(fc.constantFrom(...secretChars), { minLength: MIN_SECRET_LENGTH, maxLength: 60 }).map((cs) => cs.join(''));
  const textArb = fc.string({ unit: 'grapheme', maxLength: 80 });

  it('a known secret embedded anywhere in any text comes out as ***', () => {
    fc.assert(
      fc.property(textArb, secretArb, textArb, fc.array(secretArb, { maxLength: 3 }), (before, secret, after, others) => {
        const text = `${before}${secret}${after}${before}${secret}`;
        const out = redactSecrets(text, [...others, secret]);
        expect(out).not.toContain(secret);
        for (const other of others) expect(out).not.toContain(other);
        expect(out).toContain('***');
      }),
      { numRuns: 500 },
    );
  });

  it('anything shaped like a Databricks token comes out as ***, known or not', () => {
    const hex = fc.array(fc.constantFrom(...'0123456789abcdef'), { minLength: 32, maxLength: 32 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(textArb, hex, fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }), textArb, (before, digits, n, after) => {
        const token = `dapi${digits}${n === undefined ? '' : `-${n}`}`;
        expect(redactSecrets(`${before}${token}${after}`)).not.toContain(token);
        expect(redactSecrets(`${before}${token}${after}`)).not.toContain(digits);
      }),
      { numRuns: 500 },
    );
  });

  it('random base64 comes out as ***', () => {
    // Uniform, as a generated secret is (fast-check's bias favours repeats). The shape rule is a heuristic: about
    // 1 in 500 000 such strings of 40 to 90 characters slips through (measured; fewer from 48); known secrets never do.
    const alphabet = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'];
    const base64 = fc.noBias(fc.array(fc.constantFrom(...alphabet), { minLength: 48, maxLength: 90 })).map((cs) => cs.join(''));
    fc.assert(
      fc.property(base64, (secret) => {
        expect(redactSecrets(`client_secret: ${secret}== (rejected)`)).toBe('client_secret: *** (rejected)');
      }),
      { numRuns: 200 },
    );
  });

  it('long hex and base64 secrets are redacted; ids, paths, URLs and names are not', () => {
    expect(redactSecrets(`Authorization: Bearer ${PAT}`)).toBe('Authorization: Bearer ***');
    expect(redactSecrets(`token ${PAT}-3.`)).toBe('token ***.');
    expect(redactSecrets('key=0123456789ABCDEF0123456789abcdef01234567')).toBe('key=***');
    expect(redactSecrets('secret: U2VjcmV0S2V5Rm9yVGhlV29ya3NwYWNlMTIzNDU2Nzg5MA==!')).toBe('secret: ***!');
    const kept = [
      'https://loyalty-dev.cloud.databricks.com/jobs/704437030905668/runs/123456789012345?o=900800700600',
      '/Workspace/Users/jane.doe@example.com/.bundle/loyalty_etl/dev/files/notebooks/Ingest2',
      '/Volumes/loyalty_dev/ops/checkpoints/kafka_ingestion_to_bronze_pipeline/IngestOrdersTask2',
      'kafka_ingestion_to_bronze_pipeline_with_a_rather_long_name_2024',
      'pipelines/kafka_traffic_pipeline/notebooks/KafkaToBronzeStreaming',
      '/Workspace/Users/JaneDoe1/files/src/notebooks/IngestOrders',
      'resources/jobs/KafkaIngestionToBronzePipeline/tasks/IngestOrdersTask',
      'Error: deploy lock acquired by other.user@example.com at 2026-11-25 10:00:00 +0000 UTC.',
    ];
    for (const text of kept) expect(redactSecrets(text)).toBe(text);
    // Erring on the safe side: a CamelCase run that long, without a separator, looks like base64 and goes too.
    expect(redactSecrets('IngestOrdersFromKafkaTopicIntoTheBronzeTable2024AndThenSome')).toBe('***');
  });

  it('the secret-bearing variables are the known secrets; hosts, names and short values are not', () => {
    const env = {
      DATABRICKS_TOKEN: `${PAT}\n`,
      DATABRICKS_CLIENT_SECRET: 'client-secret-value',
      DATABRICKS_PASSWORD: 'hunter2hunter2',
      ARM_CLIENT_SECRET: 'azure-secret-value',
      DATABRICKS_OIDC_TOKEN: 'oidc-token-value',
      DATABRICKS_HOST: 'https://loyalty-dev.cloud.databricks.com',
      DATABRICKS_CLIENT_ID: 'my-service-principal',
      DATABRICKS_OIDC_TOKEN_ENV: 'MY_OIDC_TOKEN_VARIABLE',
      DATABRICKS_GOOGLE_CREDENTIALS: 'short',
      HOME: '/home/someone-long',
    };
    expect([...knownSecretsIn(env)].sort()).toEqual([PAT, `${PAT}\n`, 'azure-secret-value', 'client-secret-value', 'hunter2hunter2', 'oidc-token-value'].sort());
    expect(isSecretVariable('DATABRICKS_TOKEN')).toBe(true);
    expect(isSecretVariable('DATABRICKS_TOKEN_AUDIENCE')).toBe(false);
  });

  it('megabytes of candidates are redacted in one pass', () => {
    const text = `${'a1B2'.repeat(9)}/${'0123456789abcde'.repeat(2)} dapi${'f'.repeat(31)} `.repeat(50_000);
    const out = redactSecrets(text, ['a1B2a1B2', 'dapiffff']);
    expect(out).not.toContain('a1B2a1B2');
    expect(out).not.toContain('dapiffff');
    expect(out.length).toBeLessThan(text.length);
  });
});
