package db

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
)

// NewCmdDB returns the db command group.
func NewCmdDB(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "db <command>",
		Short: "Check, back up and measure the store",
		Long: `Maintenance of the store: verify its integrity, take a consistent backup
while others use it, and count what it holds. These commands open the
store read-only.`,
	}
	cmd.AddCommand(
		NewCmdCheck(f, nil),
		NewCmdBackup(f, nil),
		NewCmdStats(f, nil),
	)
	return cmd
}
