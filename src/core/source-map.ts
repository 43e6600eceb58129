import { isMap, isSeq, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { SourceLocation } from './errors.js';
import { findJsonSyntaxProblem } from './json-scan.js';

/**
 * Parses JSON or YAML text keeping positions, so a zod issue at `tasks[1].notebook`
 * can be reported at its line and column. JSON is parsed strictly with JSON.parse
 * first (YAML would accept things JSON forbids), then located with the YAML parser,
 * which reads JSON too.
 */
export interface LocatedDocument {
  readonly value: unknown;
  /** Where the value at `path` starts; with `key`, where its key starts (for unknown keys). */
  locate(path: readonly PropertyKey[], key?: boolean): SourceLocation | undefined;
}

export class ParseFailure extends Error {
  constructor(
    message: string,
    readonly location?: SourceLocation,
  ) {
    super(message);
  }
}

export function parseLocated(text: string, format: 'json' | 'yaml'): LocatedDocument {
  if (format === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw jsonFailure(text, error as Error);
    }
    // Positions are only needed to report a problem: build them on first use.
    let located: ReturnType<typeof locator> | undefined;
    return { value, locate: (path, key) => (located ??= locator(text))(path, key) };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, merge: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    throw new ParseFailure(firstLine(first.message), pos ? { line: pos.line, column: pos.col } : undefined);
  }
  return { value: doc.toJS({ maxAliasCount: 100 }) as unknown, locate: locateIn(doc, lineCounter) };
}

function locator(text: string) {
  const lineCounter = new LineCounter();
  return locateIn(parseDocument(text, { lineCounter, uniqueKeys: false }), lineCounter);
}

function locateIn(doc: Document, lineCounter: LineCounter): LocatedDocument['locate'] {
  return (path, key) => {
    const node = nodeAt(doc.contents as Node | null, path, key);
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
}

function nodeAt(root: Node | null, path: readonly PropertyKey[], wantKey = false): Node | undefined {
  let node: Node | null | undefined = root;
  let keyNode: Node | undefined;
  for (const key of path) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) return node;
      keyNode = pair.key as Node;
      node = pair.value as Node | null;
      if (!node) return keyNode;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) return node;
      node = item;
    } else {
      return node ?? undefined;
    }
  }
  return (wantKey ? keyNode : undefined) ?? node ?? keyNode;
}

function jsonFailure(text: string, error: Error): ParseFailure {
  const problem = findJsonSyntaxProblem(text);
  if (!problem) return new ParseFailure(firstLine(error.message));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < problem.offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return new ParseFailure(problem.message, { line, column: problem.offset - lineStart + 1 });
}

/** The parser's first line, without its own " at line 3, column 1:" (the location is reported already). */
function firstLine(text: string): string {
  return text.split('\n')[0]!.trim().replace(/ at line \d+, column \d+:?$/, '');
}
