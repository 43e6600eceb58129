import type { BatchStep } from './pipeline-config.js';

export interface ResolvedStep {
  readonly step: BatchStep;
  readonly index: number;
  readonly dependsOn: readonly string[];
}

export interface DagProblem {
  readonly index: number;
  readonly field: 'step' | 'depends_on' | 'stage';
  readonly message: string;
  readonly hint?: string;
}

/**
 * Resolves each step's dependencies (explicit `depends_on`, else every step of the
 * nearest earlier stage) and finds duplicates, unknown dependencies and cycles,
 * naming the steps involved.
 */
export function resolveBatchDag(steps: readonly BatchStep[]): { steps: ResolvedStep[]; problems: DagProblem[] } {
  const problems: DagProblem[] = [];
  const byName = new Map<string, number>();
  steps.forEach((s, index) => {
    const seen = byName.get(s.step);
    if (seen !== undefined) {
      problems.push({
        index,
        field: 'step',
        message: `duplicate step "${s.step}" (also execution_sequence[${seen}])`,
        hint: 'give every step a unique name',
      });
    } else byName.set(s.step, index);
  });

  const stages = [...new Set(steps.map((s) => s.stage))].sort((a, b) => a - b);
  const resolved = steps.map((step, index): ResolvedStep => {
    if (step.depends_on) {
      step.depends_on.forEach((dep) => {
        if (!byName.has(dep)) {
          problems.push({
            index,
            field: 'depends_on',
            message: `step "${step.step}" depends on unknown step "${dep}"`,
            hint: `known steps: ${[...byName.keys()].join(', ')}`,
          });
        } else if (dep === step.step) {
          problems.push({ index, field: 'depends_on', message: `step "${step.step}" depends on itself`, hint: 'remove it from its own depends_on' });
        }
      });
      return { step, index, dependsOn: [...new Set(step.depends_on)] };
    }
    const previous = stages.filter((s) => s < step.stage).at(-1);
    const deps = previous === undefined ? [] : steps.filter((s) => s.stage === previous).map((s) => s.step);
    return { step, index, dependsOn: [...new Set(deps)] };
  });

  const cycle = findCycle(resolved);
  if (cycle) {
    const first = resolved.find((r) => r.step.step === cycle[0])!;
    problems.push({
      index: first.index,
      field: 'depends_on',
      message: `dependency cycle: ${cycle.join(' → ')}`,
      hint: 'remove one of these dependencies so the steps can run in order',
    });
  }
  return { steps: resolved, problems };
}

function findCycle(steps: readonly ResolvedStep[]): string[] | undefined {
  const deps = new Map(steps.map((s) => [s.step.step, s.dependsOn] as const));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    const s = state.get(name);
    if (s === 'done') return undefined;
    if (s === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const dep of deps.get(name) ?? []) {
      if (!deps.has(dep)) continue;
      const found = visit(dep);
      if (found) return found;
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of deps.keys()) {
    const found = visit(name);
    if (found) return found;
  }
  return undefined;
}
