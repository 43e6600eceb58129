/**
 * A small, fast YAML emitter for plain data (maps, lists, strings, numbers,
 * booleans, null) in block style. The generated bundles are plain data, and a
 * general YAML library spends most of its time on features they never use.
 * Strings are written plain only when that is unambiguous; anything else is
 * double-quoted with JSON escapes, which YAML reads identically, plus escapes
 * for what YAML readers would otherwise change or refuse. Property tests check
 * that any string parses back to itself, with the yaml package and PyYAML.
 */
export function emitYaml(value: unknown): string {
  const out: string[] = [];
  if (isMap(value)) emitMap(value, 0, out);
  else if (Array.isArray(value)) emitSeq(value, 0, out);
  else out.push(scalar(value));
  return out.length > 0 ? `${out.join('\n')}\n` : '{}\n';
}

type Map = Record<string, unknown>;

function isMap(v: unknown): v is Map {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmptyCollection(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0);
}

function emitMap(map: Map, indent: number, out: string[], firstPrefix?: string): void {
  const pad = ' '.repeat(indent);
  let first = true;
  for (const [k, v] of Object.entries(map)) {
    if (v === undefined) continue;
    const lead = first && firstPrefix !== undefined ? firstPrefix : pad;
    first = false;
    const key = scalar(k);
    if (isEmptyCollection(v)) out.push(`${lead}${key}: ${Array.isArray(v) ? '[]' : '{}'}`);
    else if (isMap(v)) {
      out.push(`${lead}${key}:`);
      emitMap(v, indent + 2, out);
    } else if (Array.isArray(v)) {
      out.push(`${lead}${key}:`);
      emitSeq(v, indent + 2, out);
    } else out.push(`${lead}${key}: ${scalar(v)}`);
  }
}

function emitSeq(seq: readonly unknown[], indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const item of seq) {
    if (isEmptyCollection(item)) out.push(`${pad}- ${Array.isArray(item) ? '[]' : '{}'}`);
    else if (isMap(item)) emitMap(item, indent + 2, out, `${pad}- `);
    else if (Array.isArray(item)) {
      out.push(`${pad}-`);
      emitSeq(item, indent + 2, out);
    } else out.push(`${pad}- ${scalar(item)}`);
  }
}

/**
 * Plain only when no YAML reader could take it for anything but this string:
 * starts with a letter, _, $ or /; no quotes, colons, #, or indicator
 * characters; not a word YAML 1.1 reads as a boolean or null; no trailing space.
 */
const SAFE_PLAIN = /^[A-Za-z_$/][A-Za-z0-9_$/.@+=,(){}[\] -]*$/;
const RESERVED_WORD = /^(true|false|yes|no|on|off|null|y|n)$/i;

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : quoted(String(v));
  if (typeof v === 'boolean') return String(v);
  const s = String(v);
  return SAFE_PLAIN.test(s) && !RESERVED_WORD.test(s) && !s.endsWith(' ') ? s : quoted(s);
}

/**
 * Characters a YAML reader would not give back as they are, escaped in the
 * double-quoted form (JSON.stringify already escapes C0 controls, quotes,
 * backslashes and lone surrogates): DEL and the C1 controls (U+0085 NEL among
 * them, a line break to YAML 1.1 readers), the line and paragraph separators
 * (read as line breaks), the BOM and the non-characters U+FFFE/U+FFFF (strict
 * readers refuse them raw).
 */
const NOT_RAW_IN_YAML = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

function quoted(s: string): string {
  return JSON.stringify(s).replace(NOT_RAW_IN_YAML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
