/**
 * Lines typed on a terminal left in its ordinary line mode: the terminal echoes
 * and edits the line itself, so nothing here writes an escape sequence. Lines
 * typed ahead (or pasted) wait in a queue for the question that wants them.
 */
import { createInterface, type Interface } from 'node:readline';

/** The input ended (Ctrl-D, or a closed pipe) while a question waited. Named as inquirer names its cancel, so the CLI reports it the same way (exit 130). */
export class InputEndedError extends Error {
  override readonly name = 'ExitPromptError';
  constructor() {
    super('the input ended before the question was answered');
  }
}

export interface PlainTerminal {
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean; isRaw?: boolean; setRawMode?: (raw: boolean) => unknown };
  readonly output: { write(text: string): unknown; readonly columns?: number };
}

export class LineReader {
  private readonly lines: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private ended = false;
  private readonly rl: Interface;

  constructor(input: PlainTerminal['input']) {
    if (input.isTTY && input.isRaw) input.setRawMode?.(false);
    // terminal: false — readline reads lines and never draws.
    this.rl = createInterface({ input, terminal: false, crlfDelay: Infinity });
    this.rl.on('line', (line) => this.push(line));
    this.rl.on('close', () => {
      this.ended = true;
      this.waiting?.(undefined);
      this.waiting = undefined;
    });
  }

  private push(line: string): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve(line);
    } else this.lines.push(line);
  }

  /** The next line, without its line ending; rejects with InputEndedError when the input ends first. */
  async next(): Promise<string> {
    const queued = this.lines.shift();
    if (queued !== undefined) return queued;
    if (this.ended) throw new InputEndedError();
    const line = await new Promise<string | undefined>((resolve) => (this.waiting = resolve));
    if (line === undefined) throw new InputEndedError();
    return line;
  }

  close(): void {
    this.rl.close();
  }
}
