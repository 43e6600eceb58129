import * as z from 'zod';
import { bashScript } from '../completion/bash.js';
import { fishScript } from '../completion/fish.js';
import { SHELLS } from '../completion/shared.js';
import { zshScript } from '../completion/zsh.js';
import { globalFields, parseCommandArgs } from '../args.js';
import type { CliContext } from '../../session/context.js';

export const schema = z.object({
  ...globalFields,
  positionals: z
    .tuple([z.enum(SHELLS, { error: `name a shell: ${SHELLS.join(', ')}` })], { error: `name one shell: ${SHELLS.join(', ')}` })
    .meta({ complete: 'shell' }),
});

/** `completion bash|zsh|fish`: the script on stdout, to source from the shell's start-up file. */
export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [shell] = parseCommandArgs('completion', argv, schema).positionals;
  ctx.stdout.write(shell === 'bash' ? bashScript() : shell === 'zsh' ? zshScript() : fishScript());
  return 0;
}
