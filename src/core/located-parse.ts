import { Composer, type CST, isMap, isScalar, isSeq, Lexer, LineCounter, Parser, type Document, type Node } from 'yaml';
import type { SourceLocation } from './errors.js';
import { findJsonSyntaxProblem, type JsonSyntaxProblem } from './json-scan.js';

/**
 * Parses JSON or YAML text keeping positions, so a zod issue at `tasks[1].notebook`
 * can be reported at its line and column. JSON is checked by a small scanner
 * (syntax, duplicate keys, depth) and parsed strictly with JSON.parse (YAML would
 * accept things JSON forbids), then located with the YAML parser, which reads JSON too.
 *
 * Every text here comes from a user, so nothing is trusted: both formats refuse a
 * key given twice in one mapping (the parsers would keep the last one silently)
 * and nesting deeper than MAX_NESTING_DEPTH (the YAML composer and everything that
 * walks a value afterwards recurse), and YAML refuses aliases that expand too far
 * (a "billion laughs"). Our own walks over values are iterative.
 */
export interface LocatedDocument {
  readonly value: unknown;
  /** Where the value at `path` starts; with `key`, where its key starts (for unknown keys). */
  locate(path: readonly PropertyKey[], key?: boolean): SourceLocation | undefined;
}

/** Far beyond any config (they nest 5 levels or so), far below what would exhaust the stack. */
export const MAX_NESTING_DEPTH = 64;
/** Alias expansions a YAML document may make: anchors are for reuse, not for multiplying data. */
export const MAX_YAML_ALIAS_COUNT = 100;

export class ParseFailure extends Error {
  constructor(
    message: string,
    readonly location?: SourceLocation,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function parseLocated(text: string, format: 'json' | 'yaml'): LocatedDocument {
  // A UTF-8 byte order mark is accepted and ignored: Windows editors (Notepad,
  // PowerShell's Out-File) write one invisibly, the rest of the file is fine, and a
  // user cannot see, let alone delete, the character an error would point at.
  // Positions are then those an editor shows, which does not count the mark either.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return format === 'json' ? parseJson(body) : parseYaml(body);
}

function parseJson(text: string): LocatedDocument {
  const problem = findJsonSyntaxProblem(text, MAX_NESTING_DEPTH);
  if (problem) throw jsonFailure(text, problem);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ParseFailure(firstLine((error as Error).message));
  }
  // Positions are only needed to report a problem: build them on first use.
  let located: LocatedDocument['locate'] | undefined;
  return {
    value,
    locate: (path, key) => {
      if (!located) {
        const lines = lineCounterFor(text);
        located = locateIn(composeYaml(text, lines), lines);
      }
      return located(path, key);
    },
  };
}

function parseYaml(text: string): LocatedDocument {
  const lines = lineCounterFor(text);
  const doc = composeYaml(text, lines);
  const first = doc.errors[0];
  if (first) throw new ParseFailure(firstLine(first.message), at(lines, first.pos[0]));
  const duplicate = findDuplicateYamlKey(doc.contents as Node | null);
  if (duplicate) throw duplicateKey(duplicate.key, at(lines, duplicate.first), at(lines, duplicate.second));
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    throw new ParseFailure(
      `its aliases (*name) expand to more than ${MAX_YAML_ALIAS_COUNT} copies, as in a "billion laughs" attack`,
      undefined,
      'write the values out instead of nesting aliases of aliases',
    );
  }
  return { value, locate: locateIn(doc, lines) };
}

/**
 * The YAML library's own parseDocument, taken apart so the nesting depth can be
 * watched while the text is read: its lexer and parser keep explicit stacks, but
 * its composer recurses, so a deeper text is refused before it gets there.
 */
function composeYaml(text: string, lines: LineCounter): Document.Parsed {
  const parser = new Parser();
  const composer = new Composer({ uniqueKeys: false, merge: true });
  const docs: Document.Parsed[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) docs.push(...composer.next(token));
    // The parser's stack holds the document, each open collection and the token being read.
    if (parser.stack.length > MAX_NESTING_DEPTH && openCollections(parser.stack) > MAX_NESTING_DEPTH) {
      throw new ParseFailure(`nested more than ${MAX_NESTING_DEPTH} levels deep`, at(lines, Math.max(0, parser.offset - lexeme.length)), 'flatten the structure');
    }
  }
  for (const token of parser.end()) docs.push(...composer.next(token));
  docs.push(...composer.end(true, text.length));
  if (docs.length > 1) throw new ParseFailure('holds more than one YAML document (a second "---")', at(lines, docs[1]!.range[0]), 'keep one document per file');
  return docs[0]!;
}

const COLLECTION = new Set(['block-map', 'block-seq', 'flow-collection']);

function openCollections(stack: readonly CST.Token[]): number {
  return stack.filter((token) => COLLECTION.has(token.type)).length;
}

function lineCounterFor(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  return lines;
}

function at(lines: LineCounter, offset: number): SourceLocation {
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

interface DuplicateKey {
  readonly key: string;
  readonly first: number;
  readonly second: number;
}

/**
 * The first key (in text order) given twice in one mapping, compared as the
 * property names they become: `1` and `"1"` are the same key to a config.
 * Walks the nodes with an explicit stack; aliases are not followed.
 */
export function findDuplicateYamlKey(root: Node | null): DuplicateKey | undefined {
  let found: DuplicateKey | undefined;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isSeq(node)) for (const item of node.items) stack.push(item);
    if (!isMap(node)) continue;
    const seen = new Map<string, number>();
    for (const pair of node.items) {
      stack.push(pair.value);
      if (!isScalar(pair.key)) {
        stack.push(pair.key);
        continue;
      }
      const name = String(pair.key.value);
      const offset = pair.key.range?.[0] ?? 0;
      const first = seen.get(name);
      if (first === undefined) seen.set(name, offset);
      else if (!found || offset < found.second) found = { key: name, first, second: offset };
    }
  }
  return found;
}

function duplicateKey(key: string, first: SourceLocation, second: SourceLocation): ParseFailure {
  return new ParseFailure(
    `key "${key}" is given twice, at ${first.line}:${first.column} and at ${second.line}:${second.column}`,
    second,
    'keep one of them (otherwise the last one would silently win)',
  );
}

function locateIn(doc: Document, lineCounter: LineCounter): LocatedDocument['locate'] {
  return (path, key) => {
    const node = nodeAt(doc.contents as Node | null, path, key);
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    return at(lineCounter, offset);
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

function jsonFailure(text: string, problem: JsonSyntaxProblem): ParseFailure {
  const lines = lineCounterFor(text);
  if (problem.kind === 'duplicate-key') return duplicateKey(problem.key!, at(lines, problem.firstOffset!), at(lines, problem.offset));
  const hint = problem.kind === 'too-deep' ? 'flatten the structure' : undefined;
  return new ParseFailure(problem.message, at(lines, problem.offset), hint);
}

/** The parser's first line, without its own " at line 3, column 1:" (the location is reported already). */
function firstLine(text: string): string {
  return text.split('\n')[0]!.trim().replace(/ at line \d+, column \d+:?$/, '');
}
