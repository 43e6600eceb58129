import * as z from 'zod';
import { ConfigError } from '../../core/errors.js';
import { taskCount } from '../../core/parse-config.js';
import { describeSchedule } from '../../core/schedule-text.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { listPipelineNames, readPipelineConfig } from '../../project/project.js';
import { globalFields, jsonField, parseCommandArgs } from '../args.js';
import type { CliContext } from '../../session/context.js';
import { createStyle } from '../../session/style.js';
import { projectRoot } from './common.js';

export const schema = z.object({ ...globalFields, json: jsonField, positionals: z.array(z.string()).max(0, 'list takes no arguments') });

interface Row {
  name: string;
  type: string;
  kind: string;
  tasks: number;
  display_name: string;
  schedule: string;
  error?: string;
}

export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('list', argv, schema);
  const root = projectRoot(ctx, args.root);
  const rows: Row[] = listPipelineNames(root).map((name) => {
    try {
      const parsed = readPipelineConfig(root, name);
      const { kind, config } = parsed;
      const tasks = taskCount(parsed);
      const schedule =
        kind === 'streaming' && config.continuous
          ? 'continuous'
          : config.schedule
            ? describeSchedule(config.schedule.quartz_cron_expression, config.schedule.timezone_id)
            : 'manual';
      return { name, type: config.pipeline_type, kind, tasks, display_name: config.pipeline_name, schedule };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return { name, type: '?', kind: '?', tasks: 0, display_name: '', schedule: '', error: error.message };
    }
  });
  if (args.json) {
    ctx.stdout.write(`${JSON.stringify({ pipelines: rows }, null, 2)}\n`);
    return rows.some((r) => r.error) ? 1 : 0;
  }
  const style = createStyle(ctx.color);
  if (rows.length === 0) {
    ctx.stderr.write('no pipelines yet; create one with: npx loyalty-wizard new\n');
    return 0;
  }
  const header = ['PIPELINE', 'TYPE', 'TASKS', 'DISPLAY NAME', 'SCHEDULE'];
  // Names and display names come from the configs: shown escaped, never as raw control characters.
  const table = rows.map((r) => [r.name, r.type, r.error ? '-' : String(r.tasks), r.error ? 'invalid config (run validate)' : r.display_name, r.schedule].map((c) => terminalSafe(c)));
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  // In a narrow terminal the display name gives way (shortened, or left out), so each pipeline stays on one line.
  const NAME = 3;
  const total = widths.reduce((a, b) => a + b + 2, -2);
  if (ctx.columns && total > ctx.columns) {
    const room = widths[NAME]! - (total - ctx.columns);
    if (room >= 12) {
      widths[NAME] = room;
      for (const row of table) if (row[NAME]!.length > room) row[NAME] = `${row[NAME]!.slice(0, room - 1)}…`;
    } else {
      for (const cells of [header, widths, ...table]) cells.splice(NAME, 1);
    }
  }
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  ctx.stdout.write(`${style.bold(line(header))}\n`);
  for (const row of table) ctx.stdout.write(`${line(row)}\n`);
  return rows.some((r) => r.error) ? 1 : 0;
}
