/**
 * Every screen of every template, drawn at the minimum size and above (the
 * sizes people use: 80x24, 120x40, 160x48): the frame fits, the input line or
 * the selected option is on screen, and the footer keeps the keys that move on,
 * go back, open help and quit. Below the minimum the wizard says what it needs.
 */
import { render, renderToString } from 'ink';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { TemplateSource } from '../../src/core/scaffold.js';
import { listTemplateIds, loadTemplate } from '../../src/project/templates.js';
import { MIN_COLUMNS, MIN_ROWS } from '../../src/ui/layout.js';
import { createTheme, ThemeContext } from '../../src/ui/theme.js';
import { WizardScreen } from '../../src/ui/wizard/components/wizard-screen.js';
import { editorFor, questionChoices } from '../../src/ui/wizard/question-kinds.js';
import { createPreviewer, type Previewer } from '../../src/ui/wizard/preview.js';
import { initialWizardState, wizardReducer } from '../../src/ui/wizard/reducer.js';
import { choiceValues, currentQuestion, previewRequest } from '../../src/ui/wizard/selectors.js';
import type { WizardState } from '../../src/ui/wizard/state.js';
import { REPO } from '../helpers/fixtures.js';
import { drive, screenId } from './helpers/drive.js';
import { FakeInput, FakeOutput, stripAnsi } from './helpers/fake-terminal.js';
import { fixtureSetup, prefill } from './helpers/wizard-fixtures.js';

const TEMPLATES: TemplateSource[] = listTemplateIds(REPO).map((id) => loadTemplate(REPO, id));
const ALL_SIZES = [
  [MIN_COLUMNS, MIN_ROWS],
  [MIN_COLUMNS, 24],
  [80, MIN_ROWS],
  [80, 24],
  [100, 30],
  [120, 40],
  [160, 48],
] as const;
/** Against the patched Ink bundle (vitest.config.ts) the smallest, the usual and a large size are enough to catch a patch that draws differently. */
const SIZES = process.env.LOYALTY_TEST_INK === 'patched' ? ALL_SIZES.filter(([c, r]) => (c === MIN_COLUMNS && r === MIN_ROWS) || c === 80 || c === 160) : ALL_SIZES;

function screenElement(state: WizardState, previewer: Previewer, columns: number, rows: number) {
  const model = previewer.model(previewRequest(state));
  return createElement(ThemeContext.Provider, { value: createTheme(false) }, createElement(WizardScreen, { state, model, size: { columns, rows } }));
}

/**
 * The frame WizardScreen draws for `state` on a terminal of this size. Drawn with Ink's
 * renderToString: one layout and one pass of Ink's renderer, without a terminal instance to
 * set up and tear down (about a fifth less CPU for this file). "renderToString draws what a terminal shows"
 * below checks, on every screen of a run, that it is the frame `render` writes to a terminal.
 */
function frame(state: WizardState, previewer: Previewer, columns: number, rows: number): string {
  return stripAnsi(renderToString(screenElement(state, previewer, columns, rows), { columns }));
}

/** The frame as Ink's `render` writes it to a terminal of this size: the last frame before it unmounts. */
function terminalFrame(state: WizardState, previewer: Previewer, columns: number, rows: number): string {
  const output = new FakeOutput(columns, rows);
  const app = render(screenElement(state, previewer, columns, rows), {
    stdout: output as unknown as NodeJS.WriteStream,
    stdin: new FakeInput() as unknown as NodeJS.ReadStream,
    patchConsole: false,
    exitOnCtrlC: false,
  });
  app.unmount();
  return output.screen().replace(/\n$/, '');
}

/** Every screen of a run with the template's defaults, plus help, a refused answer, the steps editor while renaming, and the deploy question. */
function statesOf(template: TemplateSource, withCli: boolean): WizardState[] {
  const setup = { ...fixtureSetup({ templates: TEMPLATES }), ...(withCli ? {} : { databricksCli: { executable: 'databricks' } }) };
  const previewer = createPreviewer(setup.envs);
  let s = drive(initialWizardState(setup, prefill()), ['enter', ...Array.from({ length: TEMPLATES.indexOf(template) }, () => 'down' as const)], previewer);
  const states: WizardState[] = [];
  for (let i = 0; i < 60 && s.screen.kind !== 'writing'; i++) {
    states.push(s, wizardReducer(s, { type: 'help', open: true }));
    const q = currentQuestion(s);
    if (s.screen.kind === 'name' || (q && editorFor(q) === 'text')) states.push(drive(s, ['clear-line', { text: '$${{bad}} answer' }, 'enter'], previewer));
    if (s.steps) states.push(drive(s, [{ text: 'a' }], previewer), drive(s, [{ text: 'd' }, { text: 'nowhere' }], previewer));
    s = drive(s, ['enter'], previewer);
  }
  expect(screenId(s)).toBe('writing');
  states.push(wizardReducer(s, { type: 'written', files: ['pipelines/x/config.json'] }));
  return states;
}

const questionSide = (l: string) => l.split('│')[0]!;

function expectFrameFits(text: string, columns: number, rows: number, what: string): string[] {
  const lines = text.split('\n');
  expect(lines.length, what).toBeLessThanOrEqual(rows - 1);
  for (const l of lines) expect([...l].length, `${what}: ${l}`).toBeLessThanOrEqual(columns);
  return lines;
}

/** What must be on screen for this state: the input line, the selected option or step, and the footer's keys. */
function expectUsable(state: WizardState, lines: string[], what: string): void {
  const footer = lines.at(-1)!;
  const body = lines.slice(1, -1).map(questionSide);
  expect(footer, what).toContain('^C quit');
  if (state.help) {
    expect(footer, what).toContain('Esc close help');
    expect(body.join('\n'), what).toContain('Help —');
    return;
  }
  const { kind } = state.screen;
  const q = currentQuestion(state);
  if (kind === 'review') {
    expect(footer, what).toMatch(/↵ write files · esc back/);
    expect(body[0], what).toMatch(/^Review/);
  } else if (state.steps) {
    for (const hint of state.steps.editing ? ['↵ keep', 'esc undo'] : ['a add', 'x remove', '↵ done', 'esc back', '? help']) expect(footer, what).toContain(hint);
    expect(body.some((l) => /^› \d/.test(l)), what).toBe(true);
    if (state.steps.editing) expect(body.join(' ').replace(/\s+/g, ' '), what).toMatch(/Enter keeps it, Esc undoes|empty = every step of the previous stage/);
  } else if (kind === 'name' || (q && editorFor(q) === 'text')) {
    expect(footer, what).toMatch(/↵ next · esc back · (\?|\^G) help/);
    expect(body.some((l) => l.startsWith('› ')), what).toBe(true);
    if (state.notice) expect(body.some((l) => l.startsWith('✗')), what).toBe(true);
  } else if (kind === 'deploy') {
    expect(footer, what).toMatch(/↵ (confirm|finish)/);
    expect(body.some((l) => l.startsWith('› ')), what).toBe(true);
  } else {
    expect(footer, what).toMatch(/↑↓ choose · ↵ next · esc back · \? help/);
    const labels = kind === 'template' ? state.setup.templates.map((t) => t.manifest.title) : q ? questionChoices(q).map((c) => c.label) : choiceValues(state).map(String);
    const selected = kind === 'env' || kind === 'profile' ? String(choiceValues(state)[state.choice] || 'none') : labels[state.choice]!;
    expect(body.some((l) => l.startsWith(`› ${selected.slice(0, 12)}`)), `${what}: "› ${selected}" on screen`).toBe(true);
  }
}

describe('every screen fits, from the minimum size up', { timeout: 300_000 }, () => {
  for (const template of TEMPLATES) {
    for (const withCli of [true, false]) {
      it(`${template.id}${withCli ? '' : ', without a Databricks CLI'}: input line, selection and footer keys on every screen at ${SIZES.map(([c, r]) => `${c}x${r}`).join(', ')}`, () => {
        const states = statesOf(template, withCli);
        const previewer = createPreviewer(states[0]!.setup.envs);
        for (const state of states) {
          for (const [columns, rows] of SIZES) {
            const what = `${screenId(state)}${state.help ? ' (help)' : ''}${state.steps?.editing ? ' (editing)' : ''} at ${columns}x${rows}`;
            const lines = expectFrameFits(frame(state, previewer, columns, rows), columns, rows, what);
            expectUsable(state, lines, what);
          }
        }
      });
    }
  }
});

describe('renderToString draws what a terminal shows', () => {
  // The frames above come from renderToString; here each screen of a run is drawn both ways and
  // must match: every state of the first template, the sizes taken in turn, and the too-small screen.
  it(`${TEMPLATES[0]!.id}: every screen, at ${SIZES.map(([c, r]) => `${c}x${r}`).join(', ')} in turn, and below the minimum`, () => {
    const states = statesOf(TEMPLATES[0]!, true);
    const previewer = createPreviewer(states[0]!.setup.envs);
    const drawn: [WizardState, number, number][] = states.map((state, i) => [state, ...SIZES[i % SIZES.length]!]);
    drawn.push([states[0]!, MIN_COLUMNS - 1, MIN_ROWS]);
    for (const [state, columns, rows] of drawn) {
      const what = `${screenId(state)}${state.help ? ' (help)' : ''} at ${columns}x${rows}`;
      expect(frame(state, previewer, columns, rows), what).toBe(terminalFrame(state, previewer, columns, rows));
    }
  });
});

describe('below the minimum size', () => {
  const state = initialWizardState(fixtureSetup(), prefill({ template: 'fixture_batch', name: 'orders_etl' }));
  const previewer = createPreviewer(state.setup.envs);
  for (const [columns, rows] of [[40, 10], [MIN_COLUMNS - 1, 24], [80, MIN_ROWS - 1]] as const) {
    it(`${columns}x${rows}: only the size it needs, centred, instead of a screen without its input line`, () => {
      const text = frame(state, previewer, columns, rows);
      const lines = expectFrameFits(text, columns, rows, `${columns}x${rows}`);
      expect(text.replace(/\s+/g, ' ').trim()).toBe(`loyalty-wizard needs at least ${MIN_COLUMNS}x${MIN_ROWS}; this terminal is ${columns}x${rows} — enlarge it or press Ctrl-C`);
      const first = lines.findIndex((l) => l.trim() !== '');
      expect(first).toBeGreaterThan(0);
      for (const l of lines.filter((x) => x.trim() !== '')) expect(Math.abs(l.length - l.trimStart().length - (columns - l.length))).toBeLessThanOrEqual(1);
    });
  }
});
