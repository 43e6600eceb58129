import type * as z from 'zod';
import type { ConfigIssue } from './errors.js';
import { formatPath } from './errors.js';
import type { LocatedDocument } from './located-parse.js';
import { redactSecrets } from './redact-secrets.js';
import { credentialKind } from './text-rules.js';

/**
 * Turns zod issues into one-line ConfigIssues: file, JSON path, line:column,
 * what was expected and, where we can tell, the fix (a near-miss key name).
 */
export function zodIssuesToConfigIssues(
  file: string,
  doc: LocatedDocument,
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
): ConfigIssue[] {
  const unknown: ConfigIssue[] = [];
  const other: ConfigIssue[] = [];
  // A misspelt key shows up twice: as an unknown key and as a missing required one.
  // Report the typo with its fix and drop the "missing" twin.
  const suggested = new Set<string>();
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const suggestion = closest(key, known);
        if (suggestion) suggested.add(formatPath([...issue.path, suggestion]));
        unknown.push({
          file,
          path: formatPath(path),
          message: `unknown key "${key}"`,
          hint: suggestion ? `did you mean "${suggestion}"?` : known.length > 0 ? `allowed here: ${known.join(', ')}` : 'remove it',
          location: doc.locate(path, true),
        });
      }
    } else if (issue.code === 'invalid_union' && 'errors' in issue && issue.errors.length > 0) {
      // Report the branch that got furthest rather than "invalid input".
      const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
      const nested = zodIssuesToConfigIssues(file, doc, schema, best.map((i) => ({ ...i, path: [...issue.path, ...i.path] })));
      for (const n of nested) (n.message.startsWith('unknown key') ? unknown : other).push(n);
    } else if (issue.code === 'invalid_key' && typeof issue.input === 'string') {
      // zod says "Invalid key in record"; say which key, and what a key must be.
      const path = issue.path;
      const rule = issue.issues[0]?.message ?? 'a valid name';
      other.push({ file, path: formatPath(path), message: `is not a valid key here: expected ${rule}`, location: doc.locate(path, true) });
    } else {
      other.push({ file, path: formatPath(issue.path), message: describeIssue(issue), location: doc.locate(issue.path) });
    }
  }
  return [...unknown, ...other.filter((i) => !(suggested.has(i.path) && i.message.startsWith('is required')))];
}

function depth(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

/** zod's own messages start like this; ours (from the schemas) are kept as written. */
const DEFAULT_MESSAGE = /^(Invalid input|Invalid option|Too small|Too big|Invalid string|Invalid number)/;

function describeIssue(issue: z.core.$ZodIssue): string {
  const custom = !DEFAULT_MESSAGE.test(issue.message);
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return custom ? `is required: ${issue.message}` : `is required (expected ${issue.expected})`;
    return custom ? issue.message : `expected ${issue.expected}, got ${describeValue(issue.input)}`;
  }
  if (custom) return issue.message;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'too_small') {
    return issue.origin === 'array' ? `needs at least ${String(issue.minimum)} item(s)` : `must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' character(s) long' : ''}`;
  }
  if (issue.code === 'too_big') {
    return issue.origin === 'array' ? `allows at most ${String(issue.maximum)} item(s)` : `must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters long' : ''}`;
  }
  return issue.message;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    // Never echo what could be a secret; the field's name says where it is.
    if (credentialKind(value) || redactSecrets(value) !== value) return 'a string that looks like a secret (not shown)';
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
  valueType?: z.ZodType;
}

/** The keys an object schema allows at `path`, for "did you mean" hints. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let nodes: z.ZodType[] = [schema];
  for (const key of [...path, undefined]) {
    const next: z.ZodType[] = [];
    for (let node of nodes) {
      node = unwrap(node);
      const def = node._zod.def as unknown as Def;
      const candidates = def.type === 'union' ? (def.options ?? []).map(unwrap) : [node];
      for (const c of candidates) {
        const cdef = c._zod.def as unknown as Def;
        if (key === undefined) {
          if (cdef.shape) next.push(c);
        } else if (cdef.shape && typeof key === 'string' && cdef.shape[key]) next.push(cdef.shape[key]);
        else if (cdef.element && typeof key === 'number') next.push(cdef.element);
        else if (cdef.valueType && typeof key === 'string') next.push(cdef.valueType);
      }
    }
    nodes = next;
  }
  const keys = new Set<string>();
  for (const n of nodes) for (const k of Object.keys((n._zod.def as unknown as Def).shape ?? {})) if (k !== '$schema') keys.add(k);
  return [...keys];
}

function unwrap(node: z.ZodType): z.ZodType {
  for (;;) {
    const def = node._zod.def as unknown as Def;
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') && def.innerType) node = def.innerType;
    else if (def.type === 'pipe' && def.in) node = def.in;
    else return node;
  }
}

/** The closest known key within a small edit distance, or undefined. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
