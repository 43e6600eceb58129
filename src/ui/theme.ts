import { createContext, useContext } from 'react';

/** What a piece of text is, so the theme can decide how it looks. */
export type Tone = 'plain' | 'title' | 'accent' | 'muted' | 'error' | 'ok' | 'changed' | 'target' | 'cursor';

export interface Theme {
  readonly color: boolean;
  /** The text with the tone's SGR codes, or as it is. */
  paint(text: string, tone: Tone | undefined): string;
}

const SGR: Record<Exclude<Tone, 'plain'>, readonly [number, number]> = {
  title: [1, 22],
  accent: [36, 39],
  muted: [2, 22],
  error: [31, 39],
  ok: [32, 39],
  changed: [33, 39],
  target: [36, 39],
  cursor: [7, 27],
};

/**
 * Decided once from CliContext.color (which already honours --no-color,
 * NO_COLOR, FORCE_COLOR and TERM=dumb). Without colour nothing is painted but
 * the text cursor, shown inverse: the one attribute kept, or it would be invisible.
 * The codes are written into the text itself, so each line is one Ink <Text>
 * (fewer nodes to lay out and draw) and chalk's own guess about the terminal plays no part.
 */
export function createTheme(color: boolean): Theme {
  return {
    color,
    paint(text, tone) {
      if (!tone || tone === 'plain' || text === '' || (!color && tone !== 'cursor')) return text;
      const [open, close] = SGR[tone];
      return `\u001b[${open}m${text}\u001b[${close}m`;
    },
  };
}

export const ThemeContext = createContext<Theme>(createTheme(false));

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
