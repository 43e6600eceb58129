/**
 * Just enough of .gitignore to tell whether git would ignore one folder: blank
 * lines and comments, `!` to re-include (the last matching line decides), a
 * leading or middle `/` anchoring the pattern at the project root, a trailing `/`
 * (the folder is a folder), and the wildcards `*`, `?`, `[...]` and `**`.
 *
 * No regular expressions are built from the patterns: a segment is matched by a
 * two-pointer wildcard walk and path segments by a small table, so no pattern can
 * make matching slow.
 */

export interface IgnoreRule {
  /** 1-based line in .gitignore. */
  readonly line: number;
  readonly text: string;
  readonly negated: boolean;
  /** Matched against the whole path from the root, else against the last segment. */
  readonly anchored: boolean;
  readonly segments: readonly Segment[];
}

type Token =
  | { readonly kind: 'star' }
  | { readonly kind: 'one' }
  | { readonly kind: 'char'; readonly c: string }
  | { readonly kind: 'class'; readonly negate: boolean; readonly ranges: readonly (readonly [number, number])[] };
type Segment = '**' | readonly Token[];

export function parseGitignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  text.split('\n').forEach((raw, i) => {
    let p = trimEnd(raw);
    if (p === '' || p.startsWith('#')) return;
    const negated = p.startsWith('!');
    if (negated) p = p.slice(1);
    if (p.startsWith('\\#') || p.startsWith('\\!')) p = p.slice(1);
    p = withoutTrailing(p, '/');
    if (p === '') return;
    const anchored = p.includes('/');
    const parts = p.replace(/^\//, '').split('/');
    rules.push({ line: i + 1, text: raw.trim(), negated, anchored, segments: parts.map((s) => (s === '**' ? '**' : tokens(s))) });
  });
  return rules;
}

/** Trailing spaces, tabs and \r go, unless the last space is escaped (`\ `); a loop, not a regular expression. */
function trimEnd(line: string): string {
  let end = line.length;
  while (end > 0 && ' \t\r'.includes(line[end - 1]!)) end--;
  return end < line.length && line[end - 1] === '\\' && line[end] === ' ' ? `${line.slice(0, end - 1)} ` : line.slice(0, end);
}

function withoutTrailing(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === char) end--;
  return text.slice(0, end);
}

/** The rule that decides that `path` (segments from the root, a folder) is ignored, or undefined. */
export function ignoringRule(rules: readonly IgnoreRule[], path: readonly string[]): IgnoreRule | undefined {
  let decided: IgnoreRule | undefined;
  for (const rule of rules) {
    const matched = rule.anchored ? matchPath(rule.segments, path) : matchPath(rule.segments, path.slice(-1));
    if (matched) decided = rule.negated ? undefined : rule;
  }
  return decided;
}

function tokens(segment: string): Token[] {
  const out: Token[] = [];
  // Where the next `]` is: searched only past the previous one, so the whole segment is read once.
  let close = -2;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '[' && close !== -1 && close < i + 2) close = segment.indexOf(']', i + 2);
    if (c === '*') {
      if (out.at(-1)?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '?') out.push({ kind: 'one' });
    else if (c === '\\' && i + 1 < segment.length) out.push({ kind: 'char', c: segment[++i]! });
    else if (c === '[' && close > i) {
      out.push(charClass(segment.slice(i + 1, close)));
      i = close;
    } else out.push({ kind: 'char', c });
  }
  return out;
}

/** `[a-cx]` as ranges `a-c` and `x-x`; `!` or `^` first negates. */
function charClass(text: string): Token {
  const negate = text.startsWith('!') || text.startsWith('^');
  const body = negate ? text.slice(1) : text;
  const ranges: [number, number][] = [];
  for (let i = 0; i < body.length; i++) {
    const range = body[i + 1] === '-' && i + 2 < body.length;
    ranges.push([body.charCodeAt(i), body.charCodeAt(range ? i + 2 : i)]);
    if (range) i += 2;
  }
  return { kind: 'class', negate, ranges };
}

/** Pattern segments against path segments; `**` takes any number of segments. */
function matchPath(pattern: readonly Segment[], path: readonly string[]): boolean {
  // next[j]: the pattern after segment i matches path from j; rows are filled from the last segment back.
  let next = path.map(() => false).concat(true);
  for (let i = pattern.length - 1; i >= 0; i--) {
    const seg = pattern[i]!;
    const row = next.map(() => false);
    for (let j = path.length; j >= 0; j--) {
      if (seg === '**') row[j] = next[j]! || (j < path.length && row[j + 1]!);
      else row[j] = j < path.length && next[j + 1]! && matchSegment(seg, path[j]!);
    }
    next = row;
  }
  return next[0]!;
}

/** Wildcards within one segment: greedy, backing up to the last `*` only. */
function matchSegment(pattern: readonly Token[], text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let starText = 0;
  while (t < text.length) {
    const token = pattern[p];
    if (token && token.kind === 'star') {
      star = p++;
      starText = t;
    } else if (token && matchesOne(token, text[t]!)) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++starText;
    } else return false;
  }
  while (pattern[p]?.kind === 'star') p++;
  return p === pattern.length;
}

function matchesOne(token: Token, c: string): boolean {
  if (token.kind === 'one') return true;
  if (token.kind === 'char') return token.c === c;
  if (token.kind === 'class') {
    const code = c.charCodeAt(0);
    return token.ranges.some(([from, to]) => code >= from && code <= to) !== token.negate;
  }
  return false;
}
