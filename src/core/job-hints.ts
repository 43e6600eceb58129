/**
 * `.loyalty-wizard/job-ids.json` (git-ignored): the job each pipeline had in a workspace target the last time
 * `status` found it there. Only a head start: `status` asks for the runs of the remembered jobs while it lists the
 * workspace's jobs, then keeps an answer only for a job the list confirms is still the pipeline's. The file is the
 * user's machine's, but read as untrusted input: bounded, checked, and ignored as a whole when it is not as written.
 */
import * as z from 'zod';

export const JOB_HINTS_FILE = '.loyalty-wizard/job-ids.json';
/** Far above a real file (a few KB per target). */
export const JOB_HINTS_MAX_BYTES = 1_000_000;
/** Targets remembered; the least recently written go first. */
const MAX_TARGETS = 20;
const MAX_PIPELINES = 2000;

const jobHintsSchema = z.strictObject({
  version: z.literal(1),
  targets: z.record(z.string().max(600), z.record(z.string().max(100), z.int().positive().max(Number.MAX_SAFE_INTEGER))),
});
type JobHints = z.output<typeof jobHintsSchema>;

/** One workspace target: the same jobs are found again only for the same host, env and profile. */
export function jobHintsKey(host: string, env: string, profile: string | undefined): string {
  return JSON.stringify([host, env, profile ?? null]);
}

function parseHints(text: string | undefined): JobHints {
  if (text === undefined) return { version: 1, targets: {} };
  try {
    const parsed = jobHintsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { version: 1, targets: {} };
  } catch {
    return { version: 1, targets: {} };
  }
}

/** The remembered job id of each pipeline for this target; none from a file that is not one. */
export function readJobHints(text: string | undefined, key: string): ReadonlyMap<string, number> {
  return new Map(Object.entries(parseHints(text).targets[key] ?? {}));
}

/**
 * The file's text after a status of the `asked` pipelines in this target found `ids`: an asked pipeline gets its job
 * or, without one now, loses it; the others keep theirs. The target moves last; beyond MAX_TARGETS the oldest go.
 */
export function withJobHints(text: string | undefined, key: string, asked: readonly string[], ids: ReadonlyMap<string, number>): string {
  const { targets } = parseHints(text);
  const gone = new Set(asked);
  const mine = [...Object.entries(targets[key] ?? {}).filter(([pipeline]) => !gone.has(pipeline)), ...ids];
  const others = Object.entries(targets).filter(([k]) => k !== key);
  const entries = [...others.slice(Math.max(0, others.length - MAX_TARGETS + 1)), [key, Object.fromEntries(mine.slice(-MAX_PIPELINES))] as const];
  return `${JSON.stringify({ version: 1, targets: Object.fromEntries(entries) }, null, 2)}\n`;
}
