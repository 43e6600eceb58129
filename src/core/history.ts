/**
 * The local record of what deploy, run and promote did (the design's framework
 * metrics: deployment success rate, time to deploy): one JSON line per
 * pipeline per command in `.loyalty-wizard/history.jsonl`, and what `status
 * --history` makes of them. A line is a short summary of the command's `--json`
 * receipt; lines that do not parse (a hand edit, a cut-off write) are skipped.
 */
import * as z from 'zod';
import { percentile } from './run-health.js';

export const HISTORY_FILE = '.loyalty-wizard/history.jsonl';
/** Only the end of a large history is read: the newest entries are what the statistics are about. */
export const HISTORY_READ_BYTES = 4 * 1024 * 1024;

const entrySchema = z.object({
  v: z.literal(1),
  kind: z.enum(['deploy', 'run', 'promote']),
  at: z.string().max(40),
  pipeline: z.string().max(200),
  env: z.string().max(40),
  ok: z.boolean(),
  /** deployed, failed, not-approved, dry-run; succeeded, failed, … for a run. */
  result: z.string().max(40),
  duration_ms: z.number().nonnegative().finite(),
  message: z.string().max(500).optional(),
  /** promote: the source and target envs, each gate's result, and an override's reason. */
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  gates: z.record(z.string().max(40), z.boolean()).optional(),
  forced: z.boolean().optional(),
  reason: z.string().max(500).optional(),
});

export type HistoryEntry = z.infer<typeof entrySchema>;

/** Deploys that stopped before a result of their own: a dry run, a "no" at the approval, Ctrl-C. */
const NOT_A_RESULT = new Set(['dry-run', 'not-approved', 'interrupted']);

export const historyLine = (entry: HistoryEntry): string => `${JSON.stringify(entry)}\n`;

/** The entries in the text of a history file (or its end: a first, partial line is skipped). */
export function readHistory(text: string): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const parsed = entrySchema.safeParse(JSON.parse(line));
      if (parsed.success) entries.push(parsed.data);
    } catch {
      // not a whole line
    }
  }
  return entries;
}

export interface EnvDeployStats {
  readonly env: string;
  readonly deploys: number;
  readonly succeeded: number;
  /** Of the deploys that ran to a result (not dry runs, not stopped at the approval or by Ctrl-C). */
  readonly successRate?: number;
  readonly medianMs?: number;
  readonly lastFailures: readonly HistoryEntry[];
}

/** Per env, in the order envs first appear: how deploys went, and the last three failures (newest first). */
export function deployStats(entries: readonly HistoryEntry[]): EnvDeployStats[] {
  const byEnv = new Map<string, HistoryEntry[]>();
  for (const e of entries) {
    // A promote's deploy has a deploy line of its own.
    if (e.kind !== 'deploy' || NOT_A_RESULT.has(e.result)) continue;
    const list = byEnv.get(e.env);
    if (list) list.push(e);
    else byEnv.set(e.env, [e]);
  }
  return [...byEnv].map(([env, list]) => {
    const ok = list.filter((e) => e.ok);
    const medianMs = percentile(ok.map((e) => e.duration_ms).sort((a, b) => a - b), 50);
    return {
      env,
      deploys: list.length,
      succeeded: ok.length,
      ...(list.length > 0 ? { successRate: ok.length / list.length } : {}),
      ...(medianMs !== undefined ? { medianMs } : {}),
      lastFailures: list.filter((e) => !e.ok).slice(-3).reverse(),
    };
  });
}
