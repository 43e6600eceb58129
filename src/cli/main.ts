import { commandHelp, mainHelp, VERSION } from './help.js';
import type { CliContext } from '../session/context.js';

type CommandModule = { run(argv: readonly string[], ctx: CliContext): Promise<number> };

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  new: () => import('./commands/new.js'),
  edit: () => import('./commands/edit.js'),
  generate: () => import('./commands/generate.js'),
  preview: () => import('./commands/preview.js'),
  validate: () => import('./commands/validate.js'),
  list: () => import('./commands/list.js'),
  deploy: () => import('./commands/deploy.js'),
  status: () => import('./commands/status.js'),
  run: () => import('./commands/run.js'),
  promote: () => import('./commands/promote.js'),
  doctor: () => import('./commands/doctor.js'),
  schemas: () => import('./commands/schemas.js'),
  completion: () => import('./commands/completion.js'),
  upgrade: () => import('./commands/upgrade.js'),
};

/** Dispatch a command line. Returns the exit code; never throws for user errors. */
export async function main(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined && ctx.interactive) {
    const chosen = ctx.plain ? await (await import('../ui/plain/plain-home.js')).runPlainHome(ctx) : await (await import('../ui/run-home.js')).runHome(ctx);
    return chosen ? main(chosen, ctx) : 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    ctx.stdout.write((topic && commandHelp(topic, ctx.columns)) || mainHelp(ctx.columns));
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    ctx.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const load = COMMANDS[command];
  if (!load) {
    ctx.stderr.write(`error: unknown command "${command}"\n  hint: commands are ${Object.keys(COMMANDS).join(', ')}; see loyalty-wizard --help\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.stdout.write(commandHelp(command, ctx.columns) ?? mainHelp(ctx.columns));
    return 0;
  }
  const { reportError } = await import('../session/report-error.js');
  try {
    const mod = await load();
    return await mod.run(rest, ctx);
  } catch (error) {
    return reportError(error, ctx);
  }
}
