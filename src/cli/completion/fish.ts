/** The fish completion script: `complete` lines written from the command table. */
import type { CommandSpec, FlagSpec } from '../command-table.js';
import { commands, flagsOf, PROFILES_AWK, shortHelp, TOP_FLAGS } from './shared.js';

const HELPERS = `function __loyalty_wizard_root
    set -l tokens (commandline -opc)
    set -l dir $PWD
    set -l i (contains -i -- --root $tokens)
    and set -q tokens[(math $i + 1)]
    and echo $tokens[(math $i + 1)]
    and return
    while test -n "$dir"; and not begin; test -d "$dir/pipelines"; and test -d "$dir/config"; end
        set dir (string replace -r '/[^/]*$' '' -- $dir)
    end
    test -n "$dir"; or set dir /
    echo $dir
end

function __loyalty_wizard_words
    set -l root (__loyalty_wizard_root)
    switch $argv[1]
        case pipeline
            for f in $root/pipelines/*/config.json
                string replace -r '^.*/([^/]+)/config\\.json$' '$1' -- $f
            end
        case env
            for f in $root/config/*.yml
                string replace -r '^.*/([^/]+)\\.yml$' '$1' -- $f
            end
        case template
            for f in $root/templates/*/template.yml
                string replace -r '^.*/([^/]+)/template\\.yml$' '$1' -- $f
            end
        case profile
            set -l cfg $DATABRICKS_CONFIG_FILE
            test -n "$cfg"; or set cfg ~/.databrickscfg
            awk '${PROFILES_AWK}' $cfg 2>/dev/null
        case shell
            printf '%s\\n' bash zsh fish
    end
end

# Each word with its kind as the description (else fish shows the flag's help beside every value).
function __loyalty_wizard_values
    for word in (__loyalty_wizard_words $argv[1])
        printf '%s\t%s\n' $word $argv[1]
    end
end

function __loyalty_wizard_needs_command
    test (count (commandline -opc)) -eq 1
end

function __loyalty_wizard_using
    set -l tokens (commandline -opc)
    test (count $tokens) -ge 2; and test "$tokens[2]" = $argv[1]
end`;

function flagLine(c: CommandSpec, f: FlagSpec): string {
  const names = `${f.short ? ` -s ${f.short}` : ''} -l ${f.name}`;
  const value =
    !f.value ? ''
    : f.complete === 'file' ? ' -r -F'
    : f.complete === 'dir' ? " -x -a '(__fish_complete_directories)'"
    : f.complete ? ` -x -a '(__loyalty_wizard_values ${f.complete})'`
    : ' -x';
  return `complete -c loyalty-wizard -n '__loyalty_wizard_using ${c.name}'${names}${value} -d '${shortHelp(f.help)}'`;
}

function commandLines(c: CommandSpec): string[] {
  const lines = flagsOf(c).map((f) => flagLine(c, f));
  if (c.positionals) lines.push(`complete -c loyalty-wizard -n '__loyalty_wizard_using ${c.name}' -a '(__loyalty_wizard_values ${c.positionals})'`);
  return lines;
}

export function fishScript(): string {
  const list = commands();
  const top = [
    ...TOP_FLAGS.map((f) => `complete -c loyalty-wizard -n __loyalty_wizard_needs_command -s ${f.short} -l ${f.name} -d '${shortHelp(f.help)}'`),
    ...list.map((c) => `complete -c loyalty-wizard -n __loyalty_wizard_needs_command -a ${c.name} -d '${shortHelp(c.summary)}'`),
  ];
  return `# loyalty-wizard completion for fish. Enable: loyalty-wizard completion fish > ~/.config/fish/completions/loyalty-wizard.fish
${HELPERS}

complete -c loyalty-wizard -f
${top.join('\n')}
${list.flatMap(commandLines).join('\n')}
`;
}
