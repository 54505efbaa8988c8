package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
)

// finishTree applies, once the tree is built, what every command needs and
// no command author should have to remember:
//
//   - a group (a command with subcommands and no Run) prints its help when
//     called bare and returns a usage error for an unknown subcommand;
//     cobra would print the help and exit 0 for `deskctl account bogus`;
//   - argument validators return FlagErrors, so a wrong number of
//     arguments exits 2 with the usage, like a bad flag.
func finishTree(cmd *cobra.Command) {
	switch {
	case cmd.HasSubCommands() && cmd.Run == nil && cmd.RunE == nil:
		cmd.Args = cobra.ArbitraryArgs
		cmd.RunE = runGroup
	case cmd.Args != nil:
		validate := cmd.Args
		cmd.Args = func(c *cobra.Command, args []string) error {
			return cmdutil.FlagErrorWrap(validate(c, args))
		}
	}
	for _, sub := range cmd.Commands() {
		finishTree(sub)
	}
}

// runGroup is the Run of a group command.
func runGroup(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	return unknownCommand(cmd, args[0])
}

// unknownCommand is the usage error for `deskctl <group> <name>` when the
// group has no subcommand name, with cobra's spelling suggestions.
func unknownCommand(cmd *cobra.Command, name string) error {
	err := cmdutil.UsageErrorf("unknown command %q for %q", name, cmd.CommandPath())
	hint := fmt.Sprintf("Run '%s --help' for usage.", cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(name); len(s) > 0 {
		hint = fmt.Sprintf("Did you mean %s?\n%s", strings.Join(quoteAll(s), " or "), hint)
	}
	return cmdutil.WithHint(err, hint)
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}
