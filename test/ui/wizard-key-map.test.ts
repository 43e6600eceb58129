import { describe, expect, it } from 'vitest';
import { wizardKeyAction } from '../../src/ui/wizard/key-map.js';
import { initialWizardState } from '../../src/ui/wizard/reducer.js';
import type { WizardState } from '../../src/ui/wizard/state.js';
import { drive, press, type K } from './helpers/drive.js';
import { fixtureSetup, prefill } from './helpers/wizard-fixtures.js';

const on = (answers: Record<string, unknown> = {}): WizardState =>
  initialWizardState(fixtureSetup(), prefill({ template: 'fixture_batch', name: 'orders_etl', answers: answers as never }));
const action = (s: WizardState, k: K) => wizardKeyAction(s, press(k));

describe('wizard key map', () => {
  it('Enter and Tab accept; Esc and Shift-Tab go back; Ctrl-C cancels anywhere', () => {
    const s = on();
    expect(action(s, 'enter')).toEqual({ type: 'submit' });
    expect(action(s, 'tab')).toEqual({ type: 'submit' });
    expect(action(s, 'escape')).toEqual({ type: 'back' });
    expect(action(s, 'shift-tab')).toEqual({ type: 'back' });
    expect(action({ ...s, help: true }, 'quit')).toEqual({ type: 'cancel' });
  });

  it('"?" opens help, except in a field where it can be typed (cron, free text); Ctrl-G always does', () => {
    const cron = on({ display_name: 'X' });
    expect(action(cron, { text: '?' })).toEqual({ type: 'text', edit: { type: 'insert', text: '?' } });
    expect(action(cron, 'help')).toEqual({ type: 'help', open: true });
    const confirm = on({ display_name: 'X', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC', steps: [{ step: 'a', stage: 0 }] });
    expect(action(confirm, { text: '?' })).toEqual({ type: 'help', open: true });
    const zone = on({ display_name: 'X', schedule_cron: '0 0 2 * * ?' });
    expect(action(zone, { text: '?' })).toEqual({ type: 'help', open: true });
  });

  it('with help open, only closing keys act', () => {
    const s = { ...on(), help: true };
    expect(action(s, { text: 'x' })).toBeUndefined();
    expect(action(s, 'escape')).toEqual({ type: 'help', open: false });
  });

  it('choices move with arrows and y/n answer yes/no questions', () => {
    const confirm = on({ display_name: 'X', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC', steps: [{ step: 'a', stage: 0 }] });
    expect(action(confirm, 'down')).toEqual({ type: 'choice', delta: 1 });
    expect(action(confirm, { text: 'y' })).toEqual({ type: 'choice', index: 0 });
    expect(drive(confirm, [{ text: 'y' }]).choice).toBe(0);
  });

  it('in the steps editor letters are commands, and while renaming they are text; Esc undoes the rename', () => {
    const steps = on({ display_name: 'X', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC' });
    expect(steps.steps).toBeDefined();
    expect(action(steps, { text: 'a' })).toEqual({ type: 'steps', op: { type: 'add' } });
    expect(action(steps, 'shift-down')).toEqual({ type: 'steps', op: { type: 'move', delta: 1 } });
    const renaming = drive(steps, [{ text: 'r' }]);
    expect(action(renaming, { text: 'a' })).toEqual({ type: 'steps', op: { type: 'edit', edit: { type: 'insert', text: 'a' } } });
    expect(action(renaming, 'escape')).toEqual({ type: 'steps', op: { type: 'edit-cancel' } });
    const done = drive(renaming, [{ text: '_x' }, 'enter']);
    expect(done.steps?.steps[0]?.step).toBe('load_x');
    expect(done.screen).toEqual({ kind: 'question', key: 'steps' });
  });

  it('nothing acts while the files are being written, except Ctrl-C', () => {
    const writing: WizardState = { ...on(), screen: { kind: 'writing' } };
    expect(action(writing, 'enter')).toBeUndefined();
    expect(action(writing, 'quit')).toEqual({ type: 'cancel' });
  });
});
