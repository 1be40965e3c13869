package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

// completionScript completes aenets' commands and flags in bash: it asks
// the program itself (urfave/cli's --generate-bash-completion) what may
// follow the words typed so far.
const completionScript = `_aenets() {
    local cur="${COMP_WORDS[COMP_CWORD]}" words
    if [[ "$cur" == -* ]]; then
        words=$("${COMP_WORDS[@]:0:COMP_CWORD}" "$cur" --generate-bash-completion 2>/dev/null)
    else
        words=$("${COMP_WORDS[@]:0:COMP_CWORD}" --generate-bash-completion 2>/dev/null)
    fi
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o bashdefault -o default -F _aenets aenets
`

// completionCommand is `aenets completion bash|zsh`.
func completionCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell script that completes aenets' commands and flags",
		ArgsUsage: "bash|zsh",
		Description: "Load it in the shell, or in its start-up file:\n" +
			"  source <(aenets completion bash)     # bash\n" +
			"  source <(aenets completion zsh)      # zsh",
		Action: func(c *cli.Context) error {
			switch shell := c.Args().First(); {
			case c.Args().Len() != 1:
				return usageError{fmt.Errorf("completion: give one shell, bash or zsh")}
			case shell == "bash":
				fmt.Fprint(e.stdout, completionScript)
			case shell == "zsh":
				fmt.Fprint(e.stdout, "autoload -U +X bashcompinit && bashcompinit\n"+completionScript)
			default:
				return usageError{fmt.Errorf("completion: no script for shell %q; want bash or zsh", shell)}
			}
			return nil
		},
	}
}
