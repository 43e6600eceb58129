/** The zsh completion script: _arguments specs written from the command table. */
import type { CommandSpec, FlagSpec } from '../command-table.js';
import { commands, flagsOf, PROFILES_AWK, shortHelp, TOP_FLAGS } from './shared.js';

const HELPERS = `_loyalty_wizard_root() {
  local dir=$PWD i=\${words[(I)--root]}
  (( i > 0 && i < CURRENT )) && { print -r -- \${words[i+1]}; return; }
  while [[ -n $dir && ! ( -d $dir/pipelines && -d $dir/config ) ]]; do dir=\${dir%/*}; done
  print -r -- \${dir:-/}
}

_loyalty_wizard_values() {
  local root=$(_loyalty_wizard_root) f
  case $1 in
    pipeline) for f in $root/pipelines/*/config.json(N); do f=\${f%/config.json}; print -r -- \${f##*/}; done ;;
    env) for f in $root/config/*.yml(N); do f=\${f##*/}; print -r -- \${f%.yml}; done ;;
    template) for f in $root/templates/*/template.yml(N); do f=\${f%/template.yml}; print -r -- \${f##*/}; done ;;
    profile) awk '${PROFILES_AWK}' \${DATABRICKS_CONFIG_FILE:-$HOME/.databrickscfg} 2>/dev/null ;;
    shell) print -l bash zsh fish ;;
  esac
}

_loyalty_wizard_offer() {
  local -a vals
  vals=(\${(f)"$(_loyalty_wizard_values $1)"})
  compadd -a vals
}`;

function action(f: FlagSpec): string {
  const placeholder = (f.value ?? 'value').replace(/[<>]/g, '');
  if (f.complete === 'file') return `:${placeholder}:_files`;
  if (f.complete === 'dir') return `:${placeholder}:_files -/`;
  if (f.complete) return `:${placeholder}:{_loyalty_wizard_offer ${f.complete}}`;
  return `:${placeholder}: `;
}

/** One _arguments spec: '(-e --env)'{-e+,--env=}'[help]:env:{…}'. */
function spec(f: FlagSpec): string {
  const help = `[${shortHelp(f.help)}]${f.value ? action(f) : ''}`;
  const many = f.multiple ? '*' : '';
  if (!f.short) return `'${many}--${f.name}${f.value ? '=' : ''}${help}'`;
  const names = f.value ? `{-${f.short}+,--${f.name}=}` : `{-${f.short},--${f.name}}`;
  return `${many ? "'*'" : `'(-${f.short} --${f.name})'`}${names}'${help}'`;
}

function commandArm(c: CommandSpec): string {
  const specs = flagsOf(c).map(spec);
  if (c.positionals) specs.push(`'*:${c.positionals}:{_loyalty_wizard_offer ${c.positionals}}'`);
  return `        ${c.name}) _arguments -s -S \\\n          ${specs.join(' \\\n          ')} ;;`;
}

export function zshScript(): string {
  const list = commands();
  const described = list.map((c) => `    '${c.name}:${shortHelp(c.summary)}'`).join('\n');
  const top = TOP_FLAGS.map((f) => `'(- *)'{-${f.short},--${f.name}}'[${shortHelp(f.help)}]'`).join(' ');
  return `#compdef loyalty-wizard
# loyalty-wizard completion for zsh. Enable (after compinit): source <(loyalty-wizard completion zsh)
${HELPERS}

_loyalty_wizard() {
  local curcontext=$curcontext state line
  local -a commands
  commands=(
${described}
  )
  _arguments -C ${top} '1: :->command' '*:: :->args'
  case $state in
    command) _describe -t commands 'loyalty-wizard command' commands ;;
    args)
      case $words[1] in
${list.map(commandArm).join('\n')}
      esac ;;
  esac
}
compdef _loyalty_wizard loyalty-wizard
`;
}
