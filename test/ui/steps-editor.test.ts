import { describe, expect, it } from 'vitest';
import type { Question, StepAnswer } from '../../src/core/template-manifest.js';
import { applyStepsOp, checkSteps, stepsEditor, stepsToAnswer, type StepsEditorState, type StepsOp } from '../../src/ui/wizard/steps-editor.js';

const question: Question = { key: 'steps', prompt: 'Steps', help: 'h', type: 'steps', default: [] };
const three: StepAnswer[] = [
  { step: 'load', stage: 0, sql_file: 'sql/load.sql' },
  { step: 'clean', stage: 1 },
  { step: 'gold', stage: 2, depends_on: ['clean'] },
];
const start = (steps = three, selected = 0): StepsEditorState => ({ ...stepsEditor(stepsToAnswer(steps)), selected });
const run = (s: StepsEditorState, ...ops: StepsOp[]) => ops.reduce(applyStepsOp, s);
const type = (text: string): StepsOp => ({ type: 'edit', edit: { type: 'insert', text } });
const names = (s: StepsEditorState) => s.steps.map((x) => x.step);

describe('steps editor', () => {
  it('selects within the list', () => {
    expect(run(start(), { type: 'select', delta: -1 }).selected).toBe(0);
    expect(run(start(), { type: 'select', delta: 5 }).selected).toBe(2);
  });

  it('moves the selected step and keeps it selected', () => {
    const s = run(start(), { type: 'move', delta: 1 });
    expect(names(s)).toEqual(['clean', 'load', 'gold']);
    expect(s.selected).toBe(1);
    expect(run(start(), { type: 'move', delta: -1 })).toEqual(start());
  });

  it('changes the stage within 0…99', () => {
    expect(run(start(), { type: 'stage', delta: -1 }).steps[0]!.stage).toBe(0);
    expect(run(start(), { type: 'stage', delta: 1 }).steps[0]!.stage).toBe(1);
  });

  it('adds a step after the selected one, named uniquely, one stage later, ready to rename; Esc undoes the add', () => {
    const added = run(start(), { type: 'add' });
    expect(names(added)).toEqual(['load', 'step_4', 'clean', 'gold']);
    expect(added.steps[1]).toEqual({ step: 'step_4', stage: 1 });
    expect(added.editing?.field).toBe('name');
    const renamed = run(added, { type: 'edit', edit: { type: 'clear' } }, type('orders_raw'), { type: 'edit-commit' });
    expect(names(renamed)).toEqual(['load', 'orders_raw', 'clean', 'gold']);
    expect(renamed.editing).toBeUndefined();
    expect(names(run(added, type('x'), { type: 'edit-cancel' }))).toEqual(['load', 'clean', 'gold']);
  });

  it('renaming a step renames the dependencies on it, live', () => {
    const s = run(start(three, 1), { type: 'edit-start', field: 'name' }, type('_v2'));
    expect(names(s)).toEqual(['load', 'clean_v2', 'gold']);
    expect(s.steps[2]!.depends_on).toEqual(['clean_v2']);
  });

  it('sets dependencies from comma-separated names; empty means the previous stage', () => {
    const s = run(start(three, 2), { type: 'edit-start', field: 'deps' }, { type: 'edit', edit: { type: 'clear' } }, type('load, clean'));
    expect(s.steps[2]!.depends_on).toEqual(['load', 'clean']);
    const auto = run(s, { type: 'edit', edit: { type: 'clear' } }, { type: 'edit-commit' });
    expect('depends_on' in auto.steps[2]!).toBe(false);
  });

  it('removes the selected step and the dependencies on it, but never the last step', () => {
    const s = run(start(three, 1), { type: 'remove' });
    expect(names(s)).toEqual(['load', 'gold']);
    expect('depends_on' in s.steps[1]!).toBe(false);
    expect(names(run(start([three[0]!]), { type: 'remove' }))).toEqual(['load']);
  });
});

describe('checkSteps', () => {
  it('resolves what each step waits for, explicit or by stage', () => {
    const c = checkSteps(question, three);
    expect(c.dependsOn).toEqual([[], ['load'], ['clean']]);
    expect(c.explicit).toEqual([false, false, true]);
    expect(c.first).toBeUndefined();
  });

  it('names unknown dependencies, cycles, duplicates and bad names, by step', () => {
    expect(checkSteps(question, [{ step: 'a', stage: 0, depends_on: ['zzz'] }]).first).toMatch(/step "a" depends on unknown step "zzz"/);
    const cycle = checkSteps(question, [
      { step: 'a', stage: 0, depends_on: ['b'] },
      { step: 'b', stage: 1, depends_on: ['a'] },
    ]);
    expect(cycle.first).toBe('dependency cycle: a → b → a');
    expect(checkSteps(question, [three[0]!, three[0]!]).byIndex.get(1)).toMatch(/duplicate step "load"/);
    expect(checkSteps(question, [{ step: 'has space', stage: 0 }]).byIndex.get(0)).toMatch(/not a step name/);
    expect(checkSteps(question, [{ step: '', stage: 0 }]).first).toBe('a step needs a name');
    expect(checkSteps(question, []).first).toBe('needs at least one step');
  });
});
