import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { missing } from './prerequisites.js';

export const tmuxAvailable = !missing('tmux', spawnSync('tmux', ['-V']).status === 0, 'apt-get install tmux');

/**
 * A program running in a real terminal: a detached tmux session of the given
 * size. Read the screen with `screen()`, type with `keys()`, wait for text with
 * `waitFor()` rather than sleeping.
 */
export class TmuxSession {
  private static next = 0;
  readonly name = `lw-${process.pid}-${TmuxSession.next++}`;
  private readonly socket = `lw-test-${process.pid}`;
  /** Everything the program writes is appended here too: waitFor reads the screen again only after it grew. */
  private readonly log = join(mkdtempSync(join(tmpdir(), 'lw-tmux-')), 'output');
  /** The log's size when waitFor last read the screen (-1: read it on the next poll). */
  private seen = -1;

  /** `env` values that are undefined are removed from the program's environment. */
  constructor(command: string, opts: { cwd: string; env: Record<string, string | undefined>; width?: number; height?: number }) {
    const entries = Object.entries(opts.env);
    const exports = [
      ...entries.filter(([, v]) => v === undefined).map(([k]) => `-u ${k}`),
      ...entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${shellQuote(v!)}`),
    ].join(' ');
    // Keep the pane after the program ends so its last screen and exit code can be read.
    this.tmux('new-session', '-d', '-s', this.name, '-x', String(opts.width ?? 80), '-y', String(opts.height ?? 24), '-c', opts.cwd,
      `env ${exports} ${command}; echo "[exit $?]"; sleep 600`);
    this.tmux('pipe-pane', '-t', this.name, `cat >> ${shellQuote(this.log)}`);
  }

  private logSize(): number {
    try {
      return statSync(this.log).size;
    } catch {
      return 0;
    }
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name);
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  /** Type text literally (no key-name lookup). */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
  }

  /**
   * Wait until the screen contains `pattern` (text, a RegExp, or a test of the whole screen); returns that screen.
   * The screen is read at once, then again only when the program has written something since the last read
   * (each read starts a tmux client; a program starting up writes nothing for a while), and at the deadline.
   */
  async waitFor(pattern: RegExp | string | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const matches = (s: string) => (typeof pattern === 'string' ? s.includes(pattern) : typeof pattern === 'function' ? pattern(s) : pattern.test(s));
    for (let first = true; ; first = false) {
      const size = this.logSize();
      const late = Date.now() > deadline;
      if (first || size !== this.seen || late) {
        this.seen = size;
        const s = this.screen();
        if (matches(s)) return s;
        if (late) throw new Error(`timed out waiting for ${String(pattern)}; screen:\n${s}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async exitCode(timeoutMs = 15_000): Promise<number> {
    const s = await this.waitFor(/\[exit \d+\]/, timeoutMs);
    return Number(/\[exit (\d+)\]/.exec(s)![1]);
  }

  /** Resize the terminal, as a user dragging its window would (the program gets SIGWINCH). */
  resize(width: number, height: number): void {
    this.tmux('resize-window', '-t', this.name, '-x', String(width), '-y', String(height));
    this.seen = -1; // tmux reflows the screen without the program writing
  }

  /** Whether the terminal shows its cursor (a program that hid it must show it again before it exits). */
  cursorVisible(): boolean {
    return this.tmux('display-message', '-p', '-t', this.name, '#{cursor_flag}').trim() === '1';
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-session', '-t', this.name]);
    rmSync(join(this.log, '..'), { recursive: true, force: true });
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}
