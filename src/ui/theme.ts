import { createContext, useContext } from 'react';

/** Ink <Text> props for each role; all empty without colour, so no escape codes are written. */
export interface TextStyle {
  readonly color?: string;
  readonly dimColor?: boolean;
  readonly bold?: boolean;
  readonly inverse?: boolean;
}

export interface Theme {
  readonly color: boolean;
  readonly title: TextStyle;
  readonly accent: TextStyle;
  readonly muted: TextStyle;
  readonly error: TextStyle;
  readonly ok: TextStyle;
  readonly changed: TextStyle;
  readonly target: TextStyle;
  /** The text cursor: inverse is the one attribute kept without colour, or the cursor would be invisible. */
  readonly cursor: TextStyle;
}

/** Decided once from CliContext.color (which already honours --no-color, NO_COLOR, FORCE_COLOR and TERM=dumb). */
export function createTheme(color: boolean): Theme {
  if (!color) return { color, title: {}, accent: {}, muted: {}, error: {}, ok: {}, changed: {}, target: {}, cursor: { inverse: true } };
  return {
    color,
    title: { bold: true },
    accent: { color: 'cyan' },
    muted: { dimColor: true },
    error: { color: 'red' },
    ok: { color: 'green' },
    changed: { color: 'yellow' },
    target: { color: 'cyan' },
    cursor: { inverse: true },
  };
}

export const ThemeContext = createContext<Theme>(createTheme(false));

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
