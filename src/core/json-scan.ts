/**
 * Finds where a JSON text goes wrong. JSON.parse's messages differ between
 * Node versions and sometimes carry no position, and JSON.parse silently keeps
 * the last of two equal keys; this small scanner returns the offset of the first
 * bad character and what was expected there, a key given twice in one object
 * (with the offset of both), or nesting deeper than the caller allows.
 *
 * It keeps its own stack of open objects and arrays instead of recursing, so no
 * input can exhaust the call stack, and it reads every character once.
 */
export interface JsonSyntaxProblem {
  readonly offset: number;
  readonly message: string;
  readonly kind: 'syntax' | 'duplicate-key' | 'too-deep';
  /** For a duplicate key: where it first appears. */
  readonly firstOffset?: number;
  /** For a duplicate key: the key. */
  readonly key?: string;
}

export function findJsonSyntaxProblem(text: string, maxDepth = Number.POSITIVE_INFINITY): JsonSyntaxProblem | undefined {
  try {
    new JsonScanner(text, maxDepth).run();
    return undefined;
  } catch (problem) {
    if (problem instanceof Problem) return problem.problem;
    throw problem;
  }
}

class Problem {
  constructor(readonly problem: JsonSyntaxProblem) {}
}

interface Frame {
  /** The keys of an object so far, with the offset of each; undefined for an array. */
  readonly keys: Map<string, number> | undefined;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

type State = 'value' | 'key' | 'after';

class JsonScanner {
  private i = 0;
  private readonly stack: Frame[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  run(): void {
    if (this.text.charCodeAt(0) === 0xfeff) this.i = 1;
    let state: State = 'value';
    for (;;) {
      if (state === 'value') state = this.value();
      else if (state === 'key') state = this.key();
      else if (this.stack.length === 0) break;
      else state = this.after();
    }
    this.ws();
    if (this.i < this.text.length) this.fail(`unexpected ${this.describe()} after the end of the JSON value`);
  }

  /** A value starts here: a scalar (then "after"), or an opening bracket. */
  private value(): State {
    this.ws();
    const c = this.text[this.i];
    if (c === '{' || c === '[') return this.open(c);
    if (c === '"') this.string();
    else if (c === 't') this.literal('true');
    else if (c === 'f') this.literal('false');
    else if (c === 'n') this.literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else {
      const inArray = this.stack.length > 0 && this.stack.at(-1)!.keys === undefined;
      this.fail(`expected a value, found ${this.describe()}${inArray && c === ']' ? ' (trailing comma?)' : ''}`);
    }
    return 'after';
  }

  private open(c: '{' | '['): State {
    if (this.stack.length >= this.maxDepth) {
      throw new Problem({ offset: this.i, kind: 'too-deep', message: `nested more than ${this.maxDepth} levels deep` });
    }
    this.i++;
    this.ws();
    const close = c === '{' ? '}' : ']';
    if (this.text[this.i] === close) {
      this.i++;
      return 'after';
    }
    this.stack.push({ keys: c === '{' ? new Map() : undefined });
    return c === '{' ? 'key' : 'value';
  }

  /** An object's key and its colon. */
  private key(): State {
    this.ws();
    const keys = this.stack.at(-1)!.keys!;
    const start = this.i;
    if (this.text[start] !== '"') this.fail(`expected a "quoted" key, found ${this.describe()}${this.text[start] === '}' ? ' (trailing comma?)' : ''}`);
    const name = this.string();
    const first = keys.get(name);
    if (first !== undefined) {
      throw new Problem({ offset: start, kind: 'duplicate-key', firstOffset: first, key: name, message: `duplicate key "${name}"` });
    }
    keys.set(name, start);
    this.ws();
    if (this.text[this.i] !== ':') this.fail(`expected ":" after the key, found ${this.describe()}`);
    this.i++;
    return 'value';
  }

  /** After a value inside an object or array: a comma or the closing bracket. */
  private after(): State {
    this.ws();
    const inObject = this.stack.at(-1)!.keys !== undefined;
    const close = inObject ? '}' : ']';
    const c = this.text[this.i];
    if (c === ',') {
      this.i++;
      return inObject ? 'key' : 'value';
    }
    if (c !== close) this.fail(`expected "," or "${close}" after the value, found ${this.describe()}`);
    this.i++;
    this.stack.pop();
    return 'after';
  }

  /** A string starting at the opening quote; returns its value (escapes decoded only when present). */
  private string(): string {
    const start = this.i++;
    let escaped = false;
    while (this.i < this.text.length) {
      const code = this.text.charCodeAt(this.i);
      if (code === 0x22) {
        this.i++;
        const raw = this.text.slice(start, this.i);
        return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      }
      if (code === 0x5c) {
        escaped = true;
        this.escape();
      } else if (code < 0x20) this.fail('line break or control character inside a string (use \\n)');
      else this.i++;
    }
    return this.fail('unterminated string: expected a closing "');
  }

  private escape(): void {
    this.i++;
    const c = this.text[this.i];
    if (c === 'u') {
      HEX4.lastIndex = this.i + 1;
      if (!HEX4.test(this.text)) this.fail('bad \\u escape: expected 4 hex digits');
      this.i += 5;
    } else if (c !== undefined && '"\\/bfnrt'.includes(c)) this.i++;
    else this.fail('bad escape in string');
  }

  private number(): void {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail(`unexpected ${this.describe()}`);
    this.i += m![0].length;
  }

  private literal(word: string): void {
    if (this.text.startsWith(word, this.i)) this.i += word.length;
    else this.fail(`unexpected ${this.describe()}`);
  }

  private ws(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.i++;
    }
  }

  private describe(): string {
    return this.i >= this.text.length ? 'the end of the file' : `"${this.text[this.i]}"`;
  }

  private fail(message: string): never {
    throw new Problem({ offset: this.i, kind: 'syntax', message });
  }
}
