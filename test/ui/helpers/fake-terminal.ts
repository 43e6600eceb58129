import { EventEmitter } from 'node:events';
import type { CliContext } from '../../../src/session/context.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[=>]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** A terminal's output side: a TTY of a given size that keeps what was written. */
export class FakeOutput extends EventEmitter {
  readonly isTTY = true;
  writes: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (chunk: string | Uint8Array): boolean => {
    this.writes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  /** The last full frame Ink drew, without escape codes. */
  screen(): string {
    for (let i = this.writes.length - 1; i >= 0; i--) {
      const text = stripAnsi(this.writes[i]!);
      if (text.trim() !== '') return text;
    }
    return '';
  }
  all(): string {
    return this.writes.join('');
  }
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

/** A terminal's input side in raw mode, as Ink reads it ('readable' + read()). */
export class FakeInput extends EventEmitter {
  readonly isTTY = true;
  isRaw = false;
  private pending: string[] = [];
  setRawMode(raw: boolean): this {
    this.isRaw = raw;
    return this;
  }
  setEncoding(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  read(): string | null {
    return this.pending.shift() ?? null;
  }
  /** Type: one chunk, as a terminal would send it. */
  type(chunk: string): void {
    this.pending.push(chunk);
    this.emit('readable');
  }
}

export interface FakeTerminalContext {
  ctx: CliContext;
  input: FakeInput;
  output: FakeOutput;
  interrupts: Set<() => void | Promise<void>>;
}

export function fakeTerminalContext(cwd: string, env: Record<string, string | undefined>, opts: { columns?: number; rows?: number; color?: boolean } = {}): FakeTerminalContext {
  const input = new FakeInput();
  const output = new FakeOutput(opts.columns ?? 80, opts.rows ?? 24);
  const interrupts = new Set<() => void | Promise<void>>();
  const sink = { write: () => true };
  const ctx: CliContext = {
    cwd,
    env,
    stdout: sink,
    stderr: sink,
    interactive: true,
    color: opts.color ?? false,
    stdoutIsTTY: false,
    onInterrupt: (cleanup) => {
      interrupts.add(cleanup);
      return () => interrupts.delete(cleanup);
    },
    terminal: { input: input as unknown as NodeJS.ReadStream, output: output as unknown as NodeJS.WriteStream },
  };
  return { ctx, input, output, interrupts };
}
