/**
 * The jobs of a workspace as `databricks jobs list -o json` prints them (the
 * Jobs API's `BaseJob`: job_id, created_time, creator_user_name, settings with
 * name, tags, schedule, continuous), read defensively, and the rule that picks
 * a pipeline's job among them (decision record 011).
 */
import * as z from 'zod';
import { BUNDLE_PROJECT_TAG } from './generate-jobs.js';
import { readListing } from './job-runs.js';

/** Far above any workspace's job count; what is listed beyond it is not read. */
export const MAX_JOBS = 50_000;
const MAX_TEXT = 1000;

export interface WorkspaceJob {
  readonly id: number;
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdMs: number;
  readonly creator?: string;
  readonly schedule?: { readonly cron: string; readonly timezone?: string; readonly paused: boolean };
  readonly continuous?: { readonly paused: boolean };
}

const text = z.string().transform((s) => s.slice(0, MAX_TEXT));
const maybeText = text.optional().catch(undefined);
const paused = z.object({ pause_status: maybeText }).partial().optional().catch(undefined);
const jobSchema = z.object({
  job_id: z.number().int(),
  created_time: z.number().finite().optional().catch(undefined),
  creator_user_name: maybeText,
  settings: z
    .object({
      name: maybeText,
      tags: z.record(z.string(), z.unknown()).optional().catch(undefined),
      schedule: z.object({ quartz_cron_expression: maybeText, timezone_id: maybeText, pause_status: maybeText }).partial().optional().catch(undefined),
      continuous: paused,
    })
    .partial()
    .optional()
    .catch(undefined),
});

function stringTags(tags: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags ?? {}).slice(0, 100)) if (typeof v === 'string') out[k.slice(0, MAX_TEXT)] = v.slice(0, MAX_TEXT);
  return out;
}

function readJob(value: unknown): WorkspaceJob | undefined {
  const parsed = jobSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { job_id, created_time, creator_user_name, settings = {} } = parsed.data;
  const { schedule, continuous } = settings;
  return {
    id: job_id,
    name: settings.name ?? '',
    tags: stringTags(settings.tags),
    createdMs: created_time ?? 0,
    ...(creator_user_name ? { creator: creator_user_name } : {}),
    ...(schedule?.quartz_cron_expression
      ? { schedule: { cron: schedule.quartz_cron_expression, ...(schedule.timezone_id ? { timezone: schedule.timezone_id } : {}), paused: schedule.pause_status === 'PAUSED' } }
      : {}),
    ...(continuous ? { continuous: { paused: continuous.pause_status === 'PAUSED' } } : {}),
  };
}

/** The jobs in `jobs list -o json` output (an array; older CLIs print `{"jobs": [...]}`); undefined for any other document. */
export function readJobList(doc: unknown): WorkspaceJob[] | undefined {
  return readListing(doc, 'jobs', MAX_JOBS, readJob);
}

export interface JobQuery {
  readonly pipeline: string;
  /** The job's name as the env deploys it (with development mode's prefix). */
  readonly expectedName: string;
  /** Development mode: only the caller's own copy (its `dev` tag is their short name). */
  readonly devShortName?: string;
}

export interface JobMatch {
  readonly job?: WorkspaceJob;
  /** How many jobs carry this pipeline's tags for this env. */
  readonly matches: number;
}

/** The pipeline's job: its tags, its owner in development mode; then the expected name; then the newest. */
export function findPipelineJob(jobs: readonly WorkspaceJob[], q: JobQuery): JobMatch {
  const mine = jobs.filter(
    (j) => j.tags.project === BUNDLE_PROJECT_TAG && j.tags.pipeline === q.pipeline && (q.devShortName === undefined ? j.tags.dev === undefined : j.tags.dev === q.devShortName),
  );
  const byName = mine.filter((j) => j.name === q.expectedName);
  const pool = byName.length > 0 ? byName : mine;
  const job = pool.reduce<WorkspaceJob | undefined>((best, j) => (!best || j.createdMs > best.createdMs ? j : best), undefined);
  return { ...(job ? { job } : {}), matches: mine.length };
}
