/**
 * Text from outside the product — configs, templates, answers, the Databricks
 * CLI's output — made safe to print: control characters that a terminal would
 * act on (ESC starts CSI and OSC sequences, BEL rings, C1 controls such as
 * U+009B are CSI on their own) and characters that reorder or hide text (bidi
 * overrides, line and paragraph separators) are shown escaped, as \x1b or
 * \u202e. One pass, one character class: linear in the length.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_OR_NEWLINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character escaped; with `multiline`, newlines (and tabs) stay. */
export function terminalSafe(text: string, options: { multiline?: boolean } = {}): string {
  return text.replace(options.multiline ? UNSAFE : UNSAFE_OR_NEWLINE, escapeChar);
}
