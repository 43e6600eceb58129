/**
 * Secrets never reach the screen, a log or a --json receipt, even when the
 * Databricks CLI prints them: the values of the secret-bearing environment
 * variables we pass to it, and anything shaped like a secret (a Databricks
 * personal access token, a long hex or base64 string), become `***`.
 * Every pass is one left-to-right scan: linear in the length of the text.
 */

export const REDACTED = '***';

/** Shorter values are not treated as secrets: `abc` would be redacted out of every word. */
export const MIN_SECRET_LENGTH = 8;

/** Variables the Databricks CLI and SDK read credentials from (unified auth), beyond the DATABRICKS_*SECRET/TOKEN/PASSWORD/CREDENTIALS rule. */
const OTHER_SECRET_VARIABLES = new Set(['ARM_CLIENT_SECRET', 'GOOGLE_CREDENTIALS', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'DATABRICKS_METADATA_SERVICE_URL']);
const DATABRICKS_SECRET_VARIABLE = /^DATABRICKS_\w*(TOKEN|SECRET|PASSWORD|CREDENTIALS)$/;

/** Whether an environment variable carries a credential (DATABRICKS_TOKEN, DATABRICKS_CLIENT_SECRET, ARM_CLIENT_SECRET, …). */
export function isSecretVariable(name: string): boolean {
  return DATABRICKS_SECRET_VARIABLE.test(name) || OTHER_SECRET_VARIABLES.has(name);
}

/**
 * The values of each environment's secret-bearing variables, by the environment object: a command asks for every CLI
 * call and every line it shows, and walking `process.env` is slow. Nothing changes an environment during a run.
 */
const knownByEnv = new WeakMap<object, readonly string[]>();

/** The values of the secret-bearing variables in `env`, longest first. */
export function knownSecretsIn(env: Readonly<Record<string, string | undefined>>): readonly string[] {
  let known = knownByEnv.get(env);
  if (!known) knownByEnv.set(env, (known = secretValues(env)));
  return known;
}

function secretValues(env: Readonly<Record<string, string | undefined>>): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !isSecretVariable(name)) continue;
    const trimmed = value.trim();
    if (trimmed.length >= MIN_SECRET_LENGTH) values.add(trimmed);
    if (value.length >= MIN_SECRET_LENGTH) values.add(value);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of a known secret and everything secret-shaped replaced by `***`. */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  return redactShapes(redactKnown(text, knownSecrets));
}

/**
 * Only the sure cases: the known secrets and Databricks tokens. For the
 * product's own messages, which hold paths and names the shape rules could
 * take for base64; text from the CLI goes through redactSecrets.
 */
export function redactKnownSecrets(text: string, knownSecrets: readonly string[] = []): string {
  return redactKnown(text, knownSecrets).replace(PAT, REDACTED);
}

/** [start, end) ranges of non-overlapping occurrences of `secret`, left to right. */
function occurrences(text: string, secret: string, into: [number, number][]): void {
  for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + secret.length)) into.push([at, at + secret.length]);
}

function redactKnown(text: string, knownSecrets: readonly string[]): string {
  const ranges: [number, number][] = [];
  for (const secret of knownSecrets) if (secret.length >= MIN_SECRET_LENGTH) occurrences(text, secret, ranges);
  if (ranges.length === 0) return text;
  // How many occurrences cover each position, as a difference array: no sorting, one pass.
  const depth = new Int32Array(text.length + 1);
  for (const [start, end] of ranges) {
    depth[start]! += 1;
    depth[end]! -= 1;
  }
  let out = '';
  let copiedTo = 0;
  let covered = 0;
  for (let i = 0; i <= text.length; i++) {
    const before = covered;
    covered += depth[i]!;
    if (before === 0 && covered > 0) out += `${text.slice(copiedTo, i)}${REDACTED}`;
    if (before > 0 && covered === 0) copiedTo = i;
  }
  return out + text.slice(copiedTo);
}

/** A Databricks personal access token: `dapi` + 32 hex digits, optionally `-<n>`. */
const PAT = /dapi[0-9a-f]{32,}(?:-\d+)?/g;
/** 32 hex digits or more: a token, a key, a secret hash (job and run ids are at most 19 digits). */
const LONG_HEX = /[0-9a-fA-F]{32,}/g;
/** A base64 (or base64url) run of 40 characters or more; whether it is a secret is decided by `looksLikeBase64Secret`. */
const LONG_BASE64 = /[A-Za-z0-9+/_-]{40,}={0,2}/g;

function redactShapes(text: string): string {
  return text
    .replace(PAT, REDACTED)
    .replace(LONG_HEX, REDACTED)
    .replace(LONG_BASE64, (run) => (looksLikeBase64Secret(run) ? REDACTED : run));
}

/**
 * Random base64 mixes upper case, lower case and digits all the time: between
 * two letters or digits the kind changes about two times in three, and two
 * capitals in a row are common. Names and paths are words: CamelCase changes
 * kind about twice a word and rarely has two capitals in a row; snake_case and
 * kebab-case names have a separator every few characters. Those stay; a long
 * CamelCase run of short words may still go: better a name shown as *** than a
 * secret shown.
 */
function looksLikeBase64Secret(run: string): boolean {
  let upper = 0;
  let lower = 0;
  let wordSeparators = 0;
  let alnum = 0;
  let changes = 0;
  let capitalPairs = 0;
  let previous: CharKind | undefined;
  for (let i = 0; i < run.length; i++) {
    const kind = charKind(run.charCodeAt(i));
    if (kind === 'word-separator') wordSeparators++;
    if (kind === 'word-separator' || kind === 'other') continue;
    if (kind === 'upper') upper++;
    if (kind === 'lower') lower++;
    alnum++;
    if (previous !== undefined && kind !== previous) changes++;
    if (previous === 'upper' && kind === 'upper') capitalPairs++;
    previous = kind;
  }
  const mixed = changes * 3 >= alnum || capitalPairs * 8 >= alnum;
  return upper > 0 && lower > 0 && mixed && wordSeparators * 6 <= run.length;
}

type CharKind = 'upper' | 'lower' | 'digit' | 'word-separator' | 'other';

function charKind(c: number): CharKind {
  if (c >= 65 && c <= 90) return 'upper';
  if (c >= 97 && c <= 122) return 'lower';
  if (c >= 48 && c <= 57) return 'digit';
  // `_` and `-` join words in names; `/` (paths, and base64), `+` and `=` (base64) do not count.
  return c === 95 || c === 45 ? 'word-separator' : 'other';
}
