/** Minimal ANSI styling; every function is the identity when colour is off. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export function createStyle(color: boolean): Style {
  if (!color) {
    const id = (s: string) => s;
    return { bold: id, dim: id, red: id, green: id, yellow: id, cyan: id };
  }
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}

/** `url` as a link a terminal makes clickable (OSC 8), when stdout is a terminal with colour; else the URL itself. */
export function terminalLink(url: string, ctx: { readonly stdoutIsTTY: boolean; readonly color: boolean }): string {
  return ctx.stdoutIsTTY && ctx.color ? `\u001b]8;;${url}\u0007${url}\u001b]8;;\u0007` : url;
}
