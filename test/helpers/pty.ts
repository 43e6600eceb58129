import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { missing } from './prerequisites.js';

/** util-linux `script` runs a program on a pseudo-terminal and passes its raw bytes through. */
export const ptyAvailable = !missing('script (a pseudo-terminal)', spawnSync('script', ['--version']).status === 0, 'apt-get install util-linux');

/**
 * A program on a pseudo-terminal whose raw output bytes are kept (tmux would
 * interpret them): what a terminal without cursor addressing receives. Lines
 * are typed with `line()`; the terminal's line discipline echoes them.
 */
export class PtyRun {
  private readonly child: ChildProcess;
  private raw = Buffer.alloc(0);
  readonly exited: Promise<number | null>;

  constructor(command: string, opts: { cwd: string; env: Record<string, string | undefined>; columns?: number; rows?: number }) {
    const env = Object.fromEntries(Object.entries(opts.env).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
    const sized = `stty cols ${opts.columns ?? 80} rows ${opts.rows ?? 24}; exec ${command}`;
    this.child = spawn('script', ['-qfec', sized, '/dev/null'], { cwd: opts.cwd, env, stdio: ['pipe', 'pipe', 'inherit'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.raw = Buffer.concat([this.raw, d])));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** Everything the program wrote, as bytes decoded to text (escape sequences included). */
  output(): string {
    return this.raw.toString('utf8');
  }

  line(text: string): void {
    this.child.stdin!.write(`${text}\n`);
  }

  /** Waits until the output holds `text` after what was already seen at `from`; returns the output's length then. */
  async waitFor(text: string | RegExp, from = 0, timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const out = this.output().slice(from);
      const m = typeof text === 'string' ? out.indexOf(text) : out.search(text);
      if (m >= 0) return this.output().length;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}; output:\n${this.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 30));
    }
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

/**
 * Escape sequences that move the cursor, erase, scroll or switch screens: any
 * CSI or single-character ESC sequence. SGR colour is tested separately.
 */
// eslint-disable-next-line no-control-regex
export const CURSOR_OR_SCREEN = /\u001b\[[0-9;?]*[ -/]*[@-ln-~]|\u001b[78DEMc]/;
