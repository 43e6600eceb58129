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

  const previousStage = previousStageSteps(steps);
  const resolved = steps.map((step, index): ResolvedStep => {
    if (step.depends_on) {
      step.depends_on.forEach((dep) => {
        if (!byName.has(dep)) {
          problems.push({
            index,
            field: 'depends_on',
            message: `step "${step.step}" depends on unknown step "${dep}"`,
            hint: knownStepsHint(byName),
          });
        } else if (dep === step.step) {
          problems.push({ index, field: 'depends_on', message: `step "${step.step}" depends on itself`, hint: 'remove it from its own depends_on' });
        }
      });
      return { step, index, dependsOn: [...new Set(step.depends_on)] };
    }
    return { step, index, dependsOn: previousStage.get(step.stage) ?? [] };
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

/** For each stage, the step names of the nearest earlier stage (what a step without depends_on waits for). */
function previousStageSteps(steps: readonly BatchStep[]): Map<number, string[]> {
  const byStage = new Map<number, Set<string>>();
  for (const s of steps) byStage.set(s.stage, (byStage.get(s.stage) ?? new Set<string>()).add(s.step));
  const stages = [...byStage.keys()].sort((a, b) => a - b);
  const out = new Map<number, string[]>();
  stages.forEach((stage, i) => out.set(stage, i === 0 ? [] : [...byStage.get(stages[i - 1]!)!]));
  return out;
}

/** Known step names for a hint; a long list is cut, the message must stay one readable line. */
function knownStepsHint(byName: ReadonlyMap<string, number>): string {
  const names = [...byName.keys()];
  const shown = names.slice(0, 20).join(', ');
  return `known steps: ${names.length > 20 ? `${shown}, … (${names.length} in all)` : shown}`;
}

/**
 * A dependency cycle as the names along it (first name repeated at the end), or
 * undefined. Depth-first with an explicit stack, so a chain of any length is fine.
 */
function findCycle(steps: readonly ResolvedStep[]): string[] | undefined {
  const deps = new Map(steps.map((s) => [s.step.step, s.dependsOn] as const));
  const state = new Map<string, 'visiting' | 'done'>();
  for (const start of deps.keys()) {
    if (state.has(start)) continue;
    const found = walkFrom(start, deps, state);
    if (found) return found;
  }
  return undefined;
}

function walkFrom(start: string, deps: ReadonlyMap<string, readonly string[]>, state: Map<string, 'visiting' | 'done'>): string[] | undefined {
  // The path from `start` and, for each name on it, how many of its dependencies were followed.
  const path: string[] = [start];
  const next: number[] = [0];
  state.set(start, 'visiting');
  while (path.length > 0) {
    const name = path.at(-1)!;
    const dep = deps.get(name)![next[next.length - 1]!++];
    if (dep === undefined) {
      state.set(name, 'done');
      path.pop();
      next.pop();
    } else if (deps.has(dep) && state.get(dep) === 'visiting') {
      return [...path.slice(path.indexOf(dep)), dep];
    } else if (deps.has(dep) && !state.has(dep)) {
      state.set(dep, 'visiting');
      path.push(dep);
      next.push(0);
    }
  }
  return undefined;
}
