/**
 * What a deploy records about itself on the job it deploys (decision record
 * 012): the git commit it came from and a content hash of the pipeline's
 * folder, as job tags whose values are bundle variables set with `--var` at
 * validate, plan and deploy. databricks.yml holds only `${var.…}`, so it does
 * not change when a notebook does. `promote` reads the tags back from
 * `jobs list` and compares them with the folder on disk.
 */
import { createHash } from 'node:crypto';

/** The tags on the job, and the bundle variables that fill them (same names). */
export const DEPLOY_RECORD_TAGS = { commit: 'deployed_commit', content: 'deployed_content' } as const;
/** The variables' default: a deploy made without loyalty-wizard (a bare `databricks bundle deploy`) records nothing. */
export const UNRECORDED = 'unrecorded';
/** Hex digits of SHA-256 kept: 96 bits, within every cloud's tag value rules (GCP labels: 63 lower-case characters), and under the 32 hex digits the secret redaction hides (redact-secrets.ts). */
export const CONTENT_HASH_LENGTH = 24;

export interface DeployRecord {
  /** Short sha, `<sha>-dirty` when the pipeline folder has uncommitted changes, `none` outside git. */
  readonly commit?: string;
  readonly content?: string;
}

export interface FolderFile {
  /** Relative to the pipeline folder. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** A path as recorded: `/` separators, no leading `./`. */
export function normalisedPath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/** What the hash leaves out: the generated bundle and anything hidden (the CLI's `.databricks/` state, editor files). */
export function isHashed(path: string): boolean {
  const p = normalisedPath(path);
  return p !== 'databricks.yml' && !p.split('/').some((part) => part.startsWith('.'));
}

/** SHA-256 over each file's path, length and bytes, in path order: the same folder gives the same hash on any machine. */
export function contentHash(files: readonly FolderFile[]): string {
  const hash = createHash('sha256');
  const kept = files.map((f) => ({ path: normalisedPath(f.path), bytes: f.bytes })).filter((f) => isHashed(f.path));
  kept.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const f of kept) {
    hash.update(`${f.path}\0${f.bytes.length}\0`);
    hash.update(f.bytes);
  }
  return hash.digest('hex').slice(0, CONTENT_HASH_LENGTH);
}

/** The `--var` values of a deploy. */
export function deployRecordVars(r: DeployRecord): string[] {
  return [`${DEPLOY_RECORD_TAGS.commit}=${r.commit ?? UNRECORDED}`, `${DEPLOY_RECORD_TAGS.content}=${r.content ?? UNRECORDED}`];
}

/** The record in a job's tags; a field is absent when the deploy did not record it. */
export function deployRecordOf(tags: Readonly<Record<string, string>>): DeployRecord {
  const value = (k: string) => (tags[k] && tags[k] !== UNRECORDED ? tags[k] : undefined);
  const commit = value(DEPLOY_RECORD_TAGS.commit);
  const content = value(DEPLOY_RECORD_TAGS.content);
  return { ...(commit ? { commit } : {}), ...(content ? { content } : {}) };
}
