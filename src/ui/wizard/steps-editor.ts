import { resolveBatchDag } from '../../core/dag.js';
import { KEY_PATTERN, KEY_RULE } from '../../core/names.js';
import type { BatchStep } from '../../core/pipeline-config.js';
import { validateAnswer, type AnswerValue, type Question, type StepAnswer } from '../../core/template-manifest.js';
import { applyTextEdit, textDraft, type TextDraft, type TextEdit } from '../text-input/text-edit.js';

/**
 * The batch steps editor: a list of steps with a selection; a step's name or
 * dependencies are edited in place and applied live, so the preview and the
 * DAG problems follow every keystroke. Esc while editing restores `before`.
 */
export interface StepsEditorState {
  readonly steps: readonly StepAnswer[];
  readonly selected: number;
  readonly editing?: {
    readonly field: 'name' | 'deps';
    readonly draft: TextDraft;
    /** The steps the draft is applied to. */
    readonly base: readonly StepAnswer[];
    /** The steps Esc goes back to (without a step just added). */
    readonly before: readonly StepAnswer[];
  };
}

export type StepsOp =
  | { readonly type: 'select'; readonly delta: number }
  | { readonly type: 'move'; readonly delta: number }
  | { readonly type: 'stage'; readonly delta: number }
  | { readonly type: 'add' }
  | { readonly type: 'remove' }
  | { readonly type: 'edit-start'; readonly field: 'name' | 'deps' }
  | { readonly type: 'edit'; readonly edit: TextEdit }
  | { readonly type: 'edit-commit' }
  | { readonly type: 'edit-cancel' };

export const MAX_STAGE = 99;

export function stepsFromAnswer(value: AnswerValue | undefined): StepAnswer[] {
  return Array.isArray(value) ? (value as unknown as StepAnswer[]).filter((s) => typeof s === 'object' && s !== null).map((s) => ({ ...s })) : [];
}

export function stepsToAnswer(steps: readonly StepAnswer[]): AnswerValue {
  return steps.map((s) => ({ ...s })) as unknown as AnswerValue;
}

export function stepsEditor(value: AnswerValue | undefined): StepsEditorState {
  return { steps: stepsFromAnswer(value), selected: 0 };
}

export function applyStepsOp(state: StepsEditorState, op: StepsOp): StepsEditorState {
  const { steps, selected } = state;
  const at = steps[selected];
  switch (op.type) {
    case 'select':
      return { ...state, selected: clamp(selected + op.delta, 0, steps.length - 1) };
    case 'move': {
      const to = selected + op.delta;
      if (to < 0 || to >= steps.length || !at) return state;
      const next = [...steps];
      next.splice(selected, 1);
      next.splice(to, 0, at);
      return { steps: next, selected: to };
    }
    case 'stage':
      if (!at) return state;
      return { ...state, steps: replaceAt(steps, selected, { ...at, stage: clamp(at.stage + op.delta, 0, MAX_STAGE) }) };
    case 'add': {
      const step: StepAnswer = { step: uniqueStepName(steps), stage: clamp((at?.stage ?? -1) + 1, 0, MAX_STAGE) };
      const next = [...steps.slice(0, selected + 1), step, ...steps.slice(selected + 1)];
      const index = steps.length === 0 ? 0 : selected + 1;
      return { steps: next, selected: index, editing: { field: 'name', draft: textDraft(step.step), base: next, before: steps } };
    }
    case 'remove': {
      if (!at || steps.length <= 1) return state;
      const next = steps.filter((_, i) => i !== selected).map((s) => withoutDependency(s, at.step));
      return { steps: next, selected: Math.min(selected, next.length - 1) };
    }
    case 'edit-start':
      if (!at) return state;
      return { ...state, editing: { field: op.field, draft: textDraft(op.field === 'name' ? at.step : (at.depends_on ?? []).join(', ')), base: steps, before: steps } };
    case 'edit': {
      if (!state.editing) return state;
      const draft = applyTextEdit(state.editing.draft, op.edit);
      const editing = { ...state.editing, draft };
      return { ...state, editing, steps: applyDraft(editing.base, selected, editing.field, draft.value) };
    }
    case 'edit-commit':
      return state.editing ? { steps: state.steps, selected } : state;
    case 'edit-cancel': {
      if (!state.editing) return state;
      const before = state.editing.before;
      return { steps: before, selected: Math.min(selected, before.length - 1) };
    }
  }
}

/** A rename also renames the dependencies on the step, so they keep pointing at it. */
function applyDraft(base: readonly StepAnswer[], index: number, field: 'name' | 'deps', text: string): StepAnswer[] {
  const target = base[index];
  if (!target) return [...base];
  if (field === 'deps') {
    const deps = text.split(',').map((d) => d.trim()).filter(Boolean);
    const { depends_on: _drop, ...rest } = target;
    return replaceAt(base, index, deps.length > 0 ? { ...rest, depends_on: deps } : rest);
  }
  const oldName = target.step;
  return base.map((s, i) => {
    const renamed = i === index ? { ...s, step: text } : s;
    return renamed.depends_on?.includes(oldName) ? { ...renamed, depends_on: renamed.depends_on.map((d) => (d === oldName ? text : d)) } : renamed;
  });
}

function withoutDependency(step: StepAnswer, name: string): StepAnswer {
  if (!step.depends_on?.includes(name)) return step;
  const deps = step.depends_on.filter((d) => d !== name);
  const { depends_on: _drop, ...rest } = step;
  return deps.length > 0 ? { ...rest, depends_on: deps } : rest;
}

function uniqueStepName(steps: readonly StepAnswer[]): string {
  const names = new Set(steps.map((s) => s.step));
  for (let i = steps.length + 1; ; i++) if (!names.has(`step_${i}`)) return `step_${i}`;
}

function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((x, i) => (i === index ? item : x));
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

export interface StepsCheck {
  /** Dependencies each step really waits for: explicit, or the previous stage. */
  readonly dependsOn: readonly (readonly string[])[];
  readonly explicit: readonly boolean[];
  /** Problems by step index; `general` for the list as a whole. */
  readonly byIndex: ReadonlyMap<number, string>;
  readonly first?: string;
}

/** The step rules and the DAG (duplicates, unknown dependencies, cycles), checked at once. */
export function checkSteps(question: Question, steps: readonly StepAnswer[]): StepsCheck {
  const byIndex = new Map<number, string>();
  const basic = validateAnswer(question, stepsToAnswer(steps));
  steps.forEach((s, i) => {
    if (!KEY_PATTERN.test(s.step)) byIndex.set(i, s.step === '' ? 'a step needs a name' : `"${s.step}" is not a step name: ${KEY_RULE}`);
  });
  const dag = resolveBatchDag(steps as unknown as BatchStep[]);
  for (const p of dag.problems) if (!byIndex.has(p.index)) byIndex.set(p.index, p.message);
  const first = byIndex.values().next().value ?? basic ?? dag.problems[0]?.message;
  return {
    dependsOn: dag.steps.map((r) => r.dependsOn),
    explicit: steps.map((s) => s.depends_on !== undefined),
    byIndex,
    ...(first ? { first } : {}),
  };
}
