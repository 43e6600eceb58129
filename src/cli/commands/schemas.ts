import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { renderEditorSchemas } from '../../core/json-schemas.js';
import { writeFileAtomic } from '../../project/fs-atomic.js';
import { globalFields, parseCommandArgs } from '../args.js';
import type { CliContext } from '../../session/context.js';
import { createStyle } from '../../session/style.js';
import { projectRoot } from './common.js';

export const schema = z.object({
  ...globalFields,
  check: z.boolean().optional().describe('Write nothing; exit 1 if the files are out of date'),
  positionals: z.array(z.string()).max(0, 'schemas takes no arguments'),
});

export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('schemas', argv, schema);
  const root = projectRoot(ctx, args.root);
  const style = createStyle(ctx.color);
  const files = renderEditorSchemas();
  let stale = 0;
  for (const [file, text] of files) {
    const path = join(root, 'schemas', file);
    let current: string | undefined;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    stale++;
    if (args.check) ctx.stderr.write(`${style.red('stale:')} schemas/${file}\n`);
    else {
      await writeFileAtomic(path, text);
      ctx.stdout.write(`${style.green('wrote')} schemas/${file}\n`);
    }
  }
  const total = files.size;
  if (args.check && stale > 0) {
    ctx.stdout.write(`${style.red('✖')} ${stale} of ${total} schema file(s) out of date; run: npx loyalty-wizard schemas\n`);
    return 1;
  }
  ctx.stdout.write(`${style.green('✔')} ${total} schema file(s)${args.check ? ' up to date' : `: ${stale} written, ${total - stale} unchanged`}\n`);
  return 0;
}
