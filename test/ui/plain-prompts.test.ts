/** Line prompts for terminals without cursor addressing, and the one place that decides when to use them. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ciVariable, decidePlain } from '../../src/session/context.js';
import type { Question } from '../../src/core/template-manifest.js';
import { askChoice, askText, askYesNo, BACK, createPrompter } from '../../src/session/line-ask.js';
import { parseStepsLine, stepsToLine } from '../../src/ui/plain/steps-line.js';

describe('decidePlain', () => {
  it('TERM=dumb, or no TERM outside Windows, cannot address the cursor; NO_COLOR has nothing to do with it', () => {
    expect(decidePlain({ TERM: 'dumb' }, 'linux')).toBe(true);
    expect(decidePlain({}, 'linux')).toBe(true);
    expect(decidePlain({ TERM: '' }, 'darwin')).toBe(true);
    expect(decidePlain({}, 'win32')).toBe(false);
    expect(decidePlain({ TERM: 'xterm-256color', NO_COLOR: '1' }, 'linux')).toBe(false);
    expect(decidePlain({ TERM: 'screen' }, 'linux')).toBe(false);
  });
});

describe('ciVariable (the one rule for "this runs in CI", shared by the prompts and the Ink screens)', () => {
  it('CI or CONTINUOUS_INTEGRATION set to anything but "0" or "false", even empty, is CI', () => {
    expect(ciVariable({ CI: '' })).toBe('CI');
    expect(ciVariable({ CI: 'true' })).toBe('CI');
    expect(ciVariable({ CONTINUOUS_INTEGRATION: '1' })).toBe('CONTINUOUS_INTEGRATION');
    expect(ciVariable({ CI: 'false', CONTINUOUS_INTEGRATION: 'yes' })).toBe('CONTINUOUS_INTEGRATION');
    expect(ciVariable({ CI: '0' })).toBeUndefined();
    expect(ciVariable({ CI: 'false' })).toBeUndefined();
    expect(ciVariable({})).toBeUndefined();
  });
});

function terminal() {
  const input = new PassThrough();
  const output = { text: '', write(t: string) { this.text += t; return true; } };
  const p = createPrompter({ input, output });
  return { p, input, output, type: (line: string) => input.write(`${line}\n`) };
}

describe('line prompts', () => {
  it('a choice takes a number, a value or a unique label prefix; a bad answer is asked again', async () => {
    const t = terminal();
    const options = [{ value: 'dev', label: 'dev' }, { value: 'prod', label: 'prod' }];
    t.type('7');
    t.type('pr');
    expect(await askChoice(t.p, { label: 'Environment', options, defaultIndex: 0 })).toBe('prod');
    expect(t.output.text).toContain('  ! type a number from 1 to 2');
    expect(t.output.text.match(/Environment \[1\]: /g)).toHaveLength(2);
    t.type('');
    expect(await askChoice(t.p, { label: 'Environment', options, defaultIndex: 1 })).toBe('prod');
    t.p.reader.close();
  });

  it('text: Enter takes the default, "<" goes back, a problem is printed and asked again; lines typed ahead wait their turn', async () => {
    const t = terminal();
    t.type('Bad Name');
    t.type('good_name');
    t.type('');
    t.type('<');
    const parse = (text: string) => (/^[a-z_]+$/.test(text) ? { value: text } : { problem: 'lowercase letters and _ only' });
    expect(await askText(t.p, { label: 'Name', defaultText: 'x', parse })).toBe('good_name');
    expect(await askText(t.p, { label: 'Name', defaultText: 'kept', parse })).toBe('kept');
    expect(await askText(t.p, { label: 'Name', defaultText: 'kept', parse })).toBe(BACK);
    expect(t.output.text).toContain('! lowercase letters and _ only');
    t.p.reader.close();
  });

  it('the input ending rejects with the cancel error the CLI reports as exit 130', async () => {
    const t = terminal();
    const asked = askYesNo(t.p, 'Write these files?', true);
    t.input.end();
    await expect(asked).rejects.toMatchObject({ name: 'ExitPromptError' });
  });

  it('prints text from templates escaped: no control character reaches the terminal', async () => {
    const t = terminal();
    t.type('1');
    await askChoice(t.p, { label: 'Template', options: [{ value: 'a', label: 'evil\u001b[2Jname' }], defaultIndex: 0 });
    expect(t.output.text).not.toContain('\u001b');
    t.p.reader.close();
  });
});

describe('steps as a line', () => {
  const question: Question = { key: 'steps', prompt: 'Steps', help: 'h', type: 'steps', default: [] };
  const current = [
    { step: 'load', stage: 0, sql_file: 'sql/load.sql', description: 'Loads' },
    { step: 'clean', stage: 1, depends_on: ['load'], layer: 'silver' },
  ];

  it('round-trips, keeping every field of a step that keeps its name, in its place', () => {
    const line = stepsToLine(current);
    expect(line).toBe('0:load 1:clean>load');
    const parsed = parseStepsLine(question, line, current);
    expect('value' in parsed && JSON.stringify(parsed.value)).toBe(JSON.stringify(current));
  });

  it('adds, drops and rewires steps; a step it does not know gets only what was typed', () => {
    const parsed = parseStepsLine(question, '0:load 1:clean 2:report>clean,load', current);
    expect('value' in parsed && parsed.value).toEqual([
      { step: 'load', stage: 0, sql_file: 'sql/load.sql', description: 'Loads' },
      { step: 'clean', stage: 1, layer: 'silver' },
      { step: 'report', stage: 2, depends_on: ['clean', 'load'] },
    ]);
  });

  it('says what is wrong with a token, and takes JSON as --set does', () => {
    expect(parseStepsLine(question, '0:load clean', current)).toEqual({ error: expect.stringContaining('"clean": write each step as stage:name') });
    expect(parseStepsLine(question, '[{"step":"a","stage":0}]', current)).toEqual({ value: [{ step: 'a', stage: 0 }] });
  });
});
