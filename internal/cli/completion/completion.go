package completion

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
)

// Shells are the shells a script can be generated for.
var Shells = []string{"bash", "zsh", "fish", "powershell"}

// Options are the inputs of `deskctl completion`.
type Options struct {
	IO    *iostreams.IOStreams
	Shell string
	// Root is the command tree to complete.
	Root *cobra.Command
}

// NewCmdCompletion returns the completion command. runF replaces the run
// function in tests; nil runs the command.
func NewCmdCompletion(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "completion {bash | zsh | fish | powershell}",
		Short: "Print a shell completion script",
		Long: `Print the completion script of deskctl for a shell on standard output.

Load it in the current shell, or install it where your shell looks for
completions, as in the examples.`,
		Example: `  # bash, current shell (needs the bash-completion package)
  $ source <(deskctl completion bash)
  # bash, every new shell
  $ deskctl completion bash > ~/.local/share/bash-completion/completions/deskctl

  # zsh (with compinit enabled)
  $ deskctl completion zsh > "${fpath[1]}/_deskctl"

  # fish
  $ deskctl completion fish > ~/.config/fish/completions/deskctl.fish

  # PowerShell, current session
  PS> deskctl completion powershell | Out-String | Invoke-Expression`,
		Args:                  shellArg,
		ValidArgs:             Shells,
		DisableFlagsInUseLine: true,
		Annotations:           map[string]string{cmdutil.AnnotationNoConfig: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Shell = args[0]
			opts.Root = cmd.Root()
			if runF != nil {
				return runF(opts)
			}
			return completionRun(opts)
		},
	}
	return cmd
}

func completionRun(opts *Options) error {
	w := opts.IO.Out
	switch opts.Shell {
	case "bash":
		return opts.Root.GenBashCompletionV2(w, true)
	case "zsh":
		return opts.Root.GenZshCompletion(w)
	case "fish":
		return opts.Root.GenFishCompletion(w, true)
	case "powershell":
		return opts.Root.GenPowerShellCompletionWithDesc(w)
	}
	if err := shellArg(nil, []string{opts.Shell}); err != nil {
		return err
	}
	return fmt.Errorf("no completion generator for shell %q", opts.Shell)
}

// shellArg checks the one argument of the command.
func shellArg(_ *cobra.Command, args []string) error {
	list := strings.Join(Shells, ", ")
	switch {
	case len(args) != 1:
		return cmdutil.FlagErrorf("specify one shell: %s", list)
	case !slices.Contains(Shells, args[0]):
		return cmdutil.FlagErrorf("unsupported shell %q: use one of %s", args[0], list)
	}
	return nil
}
