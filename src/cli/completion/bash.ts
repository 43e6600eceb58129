/** The bash completion script: a function per word kind, the words from the command table. */
import type { CommandSpec, FlagSpec } from '../command-table.js';
import { commands, flagsOf, PROFILES_AWK, spellings, TOP_FLAGS } from './shared.js';

/**
 * The project folder in $_loyalty_wizard_dir: --root on the line, else the nearest
 * folder up holding pipelines/ and config/. Shell words only, no subshell: a Tab costs no fork.
 */
const ROOT = `_loyalty_wizard_root() {
  local dir=$PWD i
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ \${COMP_WORDS[i]} == --root ]] && { _loyalty_wizard_dir=\${COMP_WORDS[i+1]}; return; }
  done
  while [[ -n $dir && ! ( -d $dir/pipelines && -d $dir/config ) ]]; do dir=\${dir%/*}; done
  _loyalty_wizard_dir=\${dir:-/}
}`;

/** COMPREPLY: the words of one kind that start with the word being completed ($cur of the caller). */
const OFFER = `_loyalty_wizard_offer() {
  local root f words=()
  _loyalty_wizard_root
  root=$_loyalty_wizard_dir
  case $1 in
    pipeline) for f in "$root"/pipelines/*/config.json; do [[ -e $f ]] && f=\${f%/config.json} && words+=("\${f##*/}"); done ;;
    env) for f in "$root"/config/*.yml; do [[ -e $f ]] && f=\${f##*/} && words+=("\${f%.yml}"); done ;;
    template) for f in "$root"/templates/*/template.yml; do [[ -e $f ]] && f=\${f%/template.yml} && words+=("\${f##*/}"); done ;;
    profile) while IFS= read -r f; do words+=("$f"); done < <(awk '${PROFILES_AWK}' "\${DATABRICKS_CONFIG_FILE:-$HOME/.databrickscfg}" 2>/dev/null) ;;
    shell) words=(bash zsh fish) ;;
  esac
  COMPREPLY=()
  for f in "\${words[@]}"; do [[ $f == "$cur"* ]] && COMPREPLY+=("$f"); done
  return 0
}`;

function words(flags: readonly FlagSpec[]): string {
  return flags.flatMap(spellings).join(' ');
}

/** `case "$cmd $prev"` arms: a flag that takes a value completes that value, or nothing. */
function valueArms(list: readonly CommandSpec[]): string {
  const arms: string[] = [];
  for (const c of list) {
    for (const f of flagsOf(c).filter((x) => x.value)) {
      const pattern = spellings(f).map((s) => `"${c.name} ${s}"`).join('|');
      const action =
        f.complete === 'file' ? 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))'
        : f.complete === 'dir' ? 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur"))'
        : f.complete ? `_loyalty_wizard_offer ${f.complete}`
        : 'COMPREPLY=()';
      arms.push(`    ${pattern}) ${action}; return ;;`);
    }
  }
  return arms.join('\n');
}

function flagArms(list: readonly CommandSpec[]): string {
  return list.map((c) => `    ${c.name}) COMPREPLY=($(compgen -W "${words(flagsOf(c))}" -- "$cur")); return ;;`).join('\n');
}

function positionalArms(list: readonly CommandSpec[]): string {
  return list
    .filter((c) => c.positionals)
    .map((c) => `    ${c.name}) _loyalty_wizard_offer ${c.positionals} ;;`)
    .join('\n');
}

export function bashScript(): string {
  const list = commands();
  return `# loyalty-wizard completion for bash. Enable: source <(loyalty-wizard completion bash)
${ROOT}

${OFFER}

_loyalty_wizard() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} cmd=\${COMP_WORDS[1]}
  if ((COMP_CWORD == 1)); then
    COMPREPLY=($(compgen -W "${list.map((c) => c.name).join(' ')} ${words(TOP_FLAGS)}" -- "$cur"))
    return
  fi
  case "$cmd $prev" in
${valueArms(list)}
  esac
  if [[ $cur == -* ]]; then
    case $cmd in
${flagArms(list)}
    esac
  fi
  case $cmd in
${positionalArms(list)}
  esac
}
complete -F _loyalty_wizard loyalty-wizard
`;
}
