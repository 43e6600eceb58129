/**
 * The SQL files of pipelines/kafka_to_lakebase/sql/postgres name schemas and tables
 * with placeholders, `{schema}.{table}`, that are replaced with quoted Postgres
 * identifiers before the file runs. The notebooks do it with psycopg:
 *
 *     sql.SQL(text).format(schema=sql.Identifier("gold_db"), table=sql.Identifier("kafka_data"))
 *
 * and this module does the same for the tests, following the same rules
 * (those of Python's str.format as used by psycopg's sql.SQL.format):
 *   - `{name}` is a placeholder; name is a known identifier name (letters, digits, _);
 *   - `{{` and `}}` stand for literal braces;
 *   - anything else in braces, a lone `{` or `}`, or an unknown name is an error;
 *   - the replacement is a double-quoted identifier with `"` doubled, never a raw value.
 * Values are never substituted into SQL text; only identifiers are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SQL_DIR = fileURLToPath(new URL('../../pipelines/kafka_to_lakebase/sql/postgres/', import.meta.url));

/** The placeholder names the SQL files may use; the notebook declares the same tuple. */
export const PLACEHOLDERS = ['schema', 'table', 'staging_table', 'stats_table'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type IdentifierMap = Readonly<Partial<Record<Placeholder, string>>>;

/** Postgres truncates identifiers longer than 63 bytes; we refuse them instead of letting two names collide. */
export const MAX_IDENTIFIER_BYTES = 63;

/** The identifiers of one deployment, named the way the notebooks derive them. */
export function lakebaseIdentifiers(schema: string, table: string, statsTable = 'customer_stats'): Record<Placeholder, string> {
  return { schema, table, staging_table: `${table}_staging`, stats_table: statsTable };
}

/** `gold_db` → `"gold_db"`, `a"b` → `"a""b"`: what psycopg's sql.Identifier renders. */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new Error('an identifier must not be empty');
  if (name.includes('\0')) throw new Error('an identifier must not contain a NUL character');
  if (Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES) {
    throw new Error(`identifier "${name}" is longer than ${MAX_IDENTIFIER_BYTES} bytes; Postgres would truncate it`);
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Replace every `{name}` in `template` with the quoted identifier given for it. `quote` renders one
 * identifier (default: as sql.Identifier does).
 */
export function renderSql(template: string, identifiers: IdentifierMap, quote: (name: string) => string = quoteIdentifier): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i]!;
    const next = template[i + 1];
    if (ch === '{' && next === '{') {
      out += '{';
      i += 2;
    } else if (ch === '}' && next === '}') {
      out += '}';
      i += 2;
    } else if (ch === '{') {
      const close = template.indexOf('}', i + 1);
      if (close < 0) throw new Error(`unclosed "{" at offset ${i}`);
      const name = template.slice(i + 1, close);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`"{${name}}" at offset ${i} is not a placeholder: use {name}, or {{ }} for literal braces`);
      if (!(PLACEHOLDERS as readonly string[]).includes(name)) throw new Error(`unknown placeholder {${name}}; known: ${PLACEHOLDERS.join(', ')}`);
      const value = identifiers[name as Placeholder];
      if (value === undefined) throw new Error(`no identifier given for placeholder {${name}}`);
      out += quote(value);
      i = close + 1;
    } else if (ch === '}') {
      throw new Error(`single "}" at offset ${i}: write }} for a literal brace`);
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/** Placeholder names used by a template, in order of first use. */
export function placeholdersIn(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.replace(/\{\{|\}\}/g, '').matchAll(/\{([^{}]*)\}/g)) names.add(m[1]!);
  return [...names];
}

export function readSqlFile(file: string): string {
  return readFileSync(join(SQL_DIR, file), 'utf8');
}

/** Read a file of sql/postgres and render it, as the notebooks do before executing it. */
export function loadSql(file: string, identifiers: IdentifierMap): string {
  return renderSql(readSqlFile(file), identifiers);
}
