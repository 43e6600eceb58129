import { execFileSync, spawnSync } from 'node:child_process';

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

  /** Wait until the screen contains `pattern` (text, a RegExp, or a test of the whole screen); returns that screen. */
  async waitFor(pattern: RegExp | string | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen();
      if (typeof pattern === 'string' ? s.includes(pattern) : typeof pattern === 'function' ? pattern(s) : pattern.test(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async exitCode(timeoutMs = 15_000): Promise<number> {
    const s = await this.waitFor(/\[exit \d+\]/, timeoutMs);
    return Number(/\[exit (\d+)\]/.exec(s)![1]);
  }

  /** Resize the terminal, as a user dragging its window would (the program gets SIGWINCH). */
  resize(width: number, height: number): void {
    this.tmux('resize-window', '-t', this.name, '-x', String(width), '-y', String(height));
  }

  /** Whether the terminal shows its cursor (a program that hid it must show it again before it exits). */
  cursorVisible(): boolean {
    return this.tmux('display-message', '-p', '-t', this.name, '#{cursor_flag}').trim() === '1';
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-session', '-t', this.name]);
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}
