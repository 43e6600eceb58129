/**
 * How a Databricks SQL file reads its parameters. A SQL file task gets the
 * job's parameters (and its own) filled in where the file says {{name}}: the
 * form of the CLI's default-sql template (src/orders_daily.sql). Anything else
 * is not filled in: a named marker `:name` fails with an unbound parameter,
 * and `${...}` is bundle syntax the CLI never applies to SQL files.
 *
 * One pass over the text, no regular expression over it: comments are
 * skipped (`--` lines, nested `/* *\/` blocks); `{{name}}` counts everywhere
 * else (the substitution is textual); markers and `${` only outside quotes.
 */

export interface SqlParameterUse {
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

export interface SqlParameterScan {
  /** `{{name}}`: what the job fills in. */
  readonly references: readonly SqlParameterUse[];
  /** `:name` outside strings and comments, where an expression may start. */
  readonly markers: readonly SqlParameterUse[];
  /** `${name}` outside strings and comments. */
  readonly bundleSyntax: readonly SqlParameterUse[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const MAX_NAME = 200;
/** After these a `:` starts a marker; after a name, `]`, `)` or `:` it is a JSON path or a cast. */
const BEFORE_MARKER = /[\s(,=<>+\-*/|!%&^~;[]/;

const cache = new Map<string, SqlParameterScan>();
const CACHE_SIZE = 256;

export function scanSqlParameters(text: string): SqlParameterScan {
  const hit = cache.get(text);
  if (hit) return hit;
  const scan = scan_(text);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(text, scan);
  return scan;
}

function scan_(text: string): SqlParameterScan {
  const references: SqlParameterUse[] = [];
  const markers: SqlParameterUse[] = [];
  const bundleSyntax: SqlParameterUse[] = [];
  let line = 1;
  let lineStart = 0;
  let quote = ''; // ', " or ` while inside one
  let blockDepth = 0;
  let lineComment = false;
  const at = (name: string, i: number): SqlParameterUse => ({ name, line, column: i - lineStart + 1 });

  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      lineStart = i + 1;
      lineComment = false;
      continue;
    }
    if (lineComment) continue;
    if (blockDepth > 0) {
      if (c === '*' && text[i + 1] === '/') {
        blockDepth--;
        i++;
      } else if (c === '/' && text[i + 1] === '*') {
        blockDepth++;
        i++;
      }
      continue;
    }
    if (c === '{' && text[i + 1] === '{') {
      const ref = readBraced(text, i);
      if (ref) {
        references.push(at(ref.name, i));
        i = ref.end - 1;
        continue;
      }
    }
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '-' && text[i + 1] === '-') lineComment = true;
    else if (c === '/' && text[i + 1] === '*') {
      blockDepth = 1;
      i++;
    }
    else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === ':' && NAME_START.test(text[i + 1] ?? '') && (i === 0 || BEFORE_MARKER.test(text[i - 1]!))) {
      markers.push(at(readName(text, i + 1), i));
    } else if (c === '$' && text[i + 1] === '{' && NAME_START.test(text[i + 2] ?? '')) {
      bundleSyntax.push(at(readDotted(text, i + 2), i));
    }
  }
  return { references, markers, bundleSyntax };
}

function readName(text: string, from: number): string {
  let j = from;
  while (j < text.length && j - from < MAX_NAME && NAME_PART.test(text[j]!)) j++;
  return text.slice(from, j);
}

function readDotted(text: string, from: number): string {
  let j = from;
  while (j < text.length && j - from < MAX_NAME && (NAME_PART.test(text[j]!) || text[j] === '.')) j++;
  return text.slice(from, j);
}

/** `{{ name }}` or `{{job.parameters.name}}` at `i`; undefined when the braces hold anything else. */
function readBraced(text: string, i: number): { name: string; end: number } | undefined {
  let j = i + 2;
  while (text[j] === ' ') j++;
  if (!NAME_START.test(text[j] ?? '')) return undefined;
  const name = readDotted(text, j);
  j += name.length;
  while (text[j] === ' ') j++;
  return text[j] === '}' && text[j + 1] === '}' ? { name, end: j + 2 } : undefined;
}

/** Dynamic value references Databricks fills in besides parameters: {{job.id}}, {{task.name}}, {{job.parameters.x}}, … */
export function isDynamicValueReference(name: string): boolean {
  return /^(job|task|tasks|workspace|backfill)\./.test(name);
}
