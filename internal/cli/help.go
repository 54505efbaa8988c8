package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
)

// newHelpTopic returns a help topic: a command with no Run, shown under
// "Help topics" and printed by `deskctl help <name>`.
func newHelpTopic(name, short, long string) *cobra.Command {
	return &cobra.Command{
		Use:         name,
		Short:       short,
		Long:        long,
		Annotations: map[string]string{cmdutil.AnnotationNoConfig: "true"},
	}
}

// newCmdHelp replaces cobra's help command, which prints "Unknown help
// topic" and exits 0: a script asking for help on a command that does not
// exist gets exit 2 here.
func newCmdHelp() *cobra.Command {
	return &cobra.Command{
		Use:   "help [<command>...]",
		Short: "Help about any command or topic",
		Long: `Help prints the help of a command (as <command> --help does) or of a
help topic, such as "deskctl help exit-codes".`,
		Annotations: map[string]string{cmdutil.AnnotationNoConfig: "true"},
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			cmd, _, err := c.Root().Find(args)
			if err != nil || cmd == nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []cobra.Completion
			for _, sub := range cmd.Commands() {
				if !sub.Hidden && strings.HasPrefix(sub.Name(), toComplete) {
					names = append(names, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			root := c.Root()
			cmd, rest, err := root.Find(args)
			if err != nil || cmd == nil || len(rest) > 0 {
				return cmdutil.WithHint(
					cmdutil.UsageErrorf("unknown help topic %q", strings.Join(args, " ")),
					"Run '"+root.Name()+" --help' for the list of commands and topics.")
			}
			return cmd.Help()
		},
	}
}
