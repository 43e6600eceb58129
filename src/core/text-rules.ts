/**
 * Rules for any text that comes from a config, an answers file or a
 * template, in one place: what a credential looks like (by the key that holds
 * it and by its own shape), which secret references are accepted, which
 * `${...}` references a bundle can resolve, and characters no YAML reader can
 * take. Every check is linear in the text; walks over config values are
 * iterative, so no input can exhaust the stack.
 */

export interface StringAt {
  readonly path: readonly PropertyKey[];
  readonly key?: string;
  readonly value: string;
}

/** Every string in a parsed JSON/YAML value with its path and the key holding it; an explicit stack, not recursion. */
export function stringsIn(root: unknown): StringAt[] {
  const out: StringAt[] = [];
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const last = path.at(-1);
      out.push({ path, ...(typeof last === 'string' ? { key: last } : {}), value });
    } else if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return out.reverse();
}

/** Half of a surrogate pair on its own: not a character, and Go's YAML reader (the Databricks CLI's) cannot hold it. */
export function hasLoneSurrogate(s: string): boolean {
  return /[\ud800-\udfff]/u.test(s);
}

const CREDENTIAL_SHAPES: readonly [RegExp, string][] = [
  [/dapi[0-9a-f]{32}/, 'a Databricks personal access token'],
  [/dose[0-9a-f]{32}/, 'a Databricks OAuth secret'],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key'],
  [/-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----/, 'a private key'],
  [/\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,255})\b/, 'a GitHub token'],
  [/\bxox[abpr]-[A-Za-z0-9-]{10,255}/, 'a Slack token'],
  [/(^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{88}==?($|[^A-Za-z0-9+/=])/, 'an account key'],
];

/** Every shape at once, for the common case of text that holds none; the shortest shape is 14 characters. */
const ANY_CREDENTIAL = new RegExp(CREDENTIAL_SHAPES.map(([shape]) => `(?:${shape.source})`).join('|'));
const SHORTEST_CREDENTIAL = 14;

/** What kind of credential `s` holds by its shape alone, or undefined. */
export function credentialKind(s: string): string | undefined {
  if (s.length < SHORTEST_CREDENTIAL || !ANY_CREDENTIAL.test(s)) return undefined;
  for (const [shape, kind] of CREDENTIAL_SHAPES) if (shape.test(s)) return kind;
  return undefined;
}

/** Words that make a key name a secret: DB_PASS, db_password, spark.hadoop.fs.s3a.secret.key, clientSecret, private_key. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'credential', 'credentials', 'apikey', 'privatekey', 'accesskey', 'accountkey', 'secretkey', 'clientsecret', 'sas', 'pat']);
const SECRET_PAIRS = new Set(['api key', 'private key', 'access key', 'account key', 'secret key', 'client secret', 'sas token', 'auth key', 'connection string']);

/** Whether a key (a parameter, Spark conf or environment variable name) names a secret. */
export function namesASecret(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((w, i) => SECRET_WORDS.has(w) || SECRET_PAIRS.has(`${w} ${words[i + 1] ?? ''}`));
}

/** `{{secrets/scope/key}}`: Databricks fills it in in Spark conf and environment variables. */
export const SECRET_REFERENCE = /^\{\{secrets\/[A-Za-z0-9_.-]{1,128}\/[A-Za-z0-9_.-]{1,128}\}\}$/;
/** `scope/key`: a secret's name, for a notebook to read with dbutils.secrets.get. */
export const SECRET_NAME = /^[A-Za-z0-9_.-]{1,128}\/[A-Za-z0-9_.-]{1,128}$/;

/** A value under a key that names a secret: only a reference to a Databricks secret, never the secret. */
export function isSecretReference(value: string, where: 'cluster' | 'parameter'): boolean {
  return SECRET_REFERENCE.test(value) || (where === 'parameter' && SECRET_NAME.test(value));
}

/** The complete `${...}` references in a string, in order. */
export function referencesIn(s: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const start = s.indexOf('${', from);
    if (start < 0) return out;
    const end = s.indexOf('}', start + 2);
    if (end < 0) return out;
    out.push(s.slice(start + 2, end));
    from = end + 1;
  }
}

/** A `${` that no `}` closes: the CLI would take the rest of the text for a reference. */
export function hasUnclosedReference(s: string): boolean {
  const start = s.lastIndexOf('${');
  return start >= 0 && s.indexOf('}', start + 2) < 0;
}

/** What a bundle can resolve: its variables, its name and target, the deploying user, its own jobs' ids, names and URLs. */
export function isKnownReference(ref: string, known: { readonly variables: ReadonlySet<string>; readonly jobKeys: ReadonlySet<string> }): boolean {
  if (ref === 'bundle.target' || ref === 'bundle.name') return true;
  if (/^workspace\.current_user\.(userName|short_name|domain_friendly_name|id)$/.test(ref)) return true;
  if (/^workspace\.(host|root_path|file_path|artifact_path|resource_path|state_path)$/.test(ref)) return true;
  const v = /^var\.([A-Za-z0-9_]+)$/.exec(ref);
  if (v) return known.variables.has(v[1]!);
  const job = /^resources\.jobs\.([A-Za-z0-9_-]+)\.(id|name|url)$/.exec(ref);
  return job !== null && known.jobKeys.has(job[1]!);
}

export interface TextCheck {
  readonly path: PropertyKey[];
  readonly message: string;
  readonly hint?: string;
}

/**
 * What no config may hold, wherever it is: a credential (by its shape; the
 * message names the kind, never the value) and half of a surrogate pair.
 * Run before the schema, so no later message can echo such a value.
 */
export function configTextChecks(root: unknown): TextCheck[] {
  const out: TextCheck[] = [];
  for (const { path, value } of stringsIn(root)) {
    const kind = credentialKind(value);
    if (kind) {
      out.push({
        path: [...path],
        message: `holds what looks like ${kind}; a config never holds a credential (the value is not shown)`,
        hint: 'store it in a Databricks secret and reference the secret instead (see docs/decisions/002-secrets-are-references.md)',
      });
    } else if (hasLoneSurrogate(value)) {
      out.push({ path: [...path], message: 'holds half of a surrogate pair, which is not a character', hint: 'retype the text; it was probably cut in the middle of an emoji' });
    }
  }
  return out;
}

/** A key that names a secret must hold a reference to one: parameters, Spark conf, cluster environment variables. */
export function secretKeyChecks(values: Readonly<Record<string, string>> | undefined, path: readonly PropertyKey[], where: 'cluster' | 'parameter'): TextCheck[] {
  return Object.entries(values ?? {})
    .filter(([k, v]) => namesASecret(k) && !isSecretReference(v, where))
    .map(([k]) => ({
      path: [...path, k],
      message: `"${k}" names a secret, so its value must be a reference to a Databricks secret, not the secret itself (the value is not shown)`,
      hint:
        where === 'cluster'
          ? 'write "{{secrets/<scope>/<key>}}"; Databricks fills it in when the cluster starts'
          : 'write the secret\'s name, "<scope>/<key>", and read it in the notebook with dbutils.secrets.get',
    }));
}
