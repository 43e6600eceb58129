/** `loyalty-wizard` with no command, on a terminal that cannot address the cursor: the menu as a numbered choice. */
import type { CliContext } from '../../session/context.js';
import { HOME_OPTIONS, type HomeOption } from '../home/home-menu-state.js';
import { InputEndedError } from '../../session/line-reader.js';
import { askChoice, BACK, createPrompter, say } from '../../session/line-ask.js';

/** The argv of the chosen command, or undefined to quit (also when the input ends). */
export async function runPlainHome(ctx: CliContext): Promise<string[] | undefined> {
  const p = createPrompter(ctx.terminal);
  // `edit` needs the wizard's screen; here it is `edit <pipeline> --set … --yes`.
  const shown = HOME_OPTIONS.filter((o) => o.argv?.[0] !== 'edit');
  const width = Math.max(...shown.map((o) => o.label.length)) + 2;
  try {
    say(p, 'loyalty-wizard — pipelines for the Loyalty 2.0 data platform');
    const options = shown.map((o) => ({ value: o, label: o.detail ? `${o.label.padEnd(width)}${o.detail}` : o.label }));
    const chosen: HomeOption | typeof BACK = await askChoice(p, { label: 'Open', options, defaultIndex: 0, back: false });
    return chosen !== BACK && chosen.argv ? [...chosen.argv] : undefined;
  } catch (error) {
    if (error instanceof InputEndedError) return undefined;
    throw error;
  } finally {
    p.reader.close();
  }
}
