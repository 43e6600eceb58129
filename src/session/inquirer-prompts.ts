/**
 * The inquirer prompts the commands use, each from its own package: @inquirer/prompts re-exports every prompt and the
 * bundle then carries them all (its editor prompt alone brings a character-set converter, 550 KB of the 600). Its
 * users load this module lazily, when someone must be asked. @inquirer/prompts stays a dependency: the listr2 prompt
 * adapter asks for it.
 */
export { default as confirm } from '@inquirer/confirm';
export { default as input } from '@inquirer/input';
export { default as select, Separator } from '@inquirer/select';
