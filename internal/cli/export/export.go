package export

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
)

// NewCmdExport returns the `deskctl export` group.
func NewCmdExport(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export <command>",
		Short: "Export accounts, contacts, tickets, links, managers or the whole store",
		Long: `Export records as CSV (default), JSON or JSON Lines, to standard output or,
with --file, to a file written atomically: a temporary file in the same
directory, flushed to disk, then renamed over the target, so that a cron
job never leaves half a file.

An export writes exactly the columns "deskctl import" reads, so exporting
and importing into an empty store reproduces the data. The full reference
is docs/export.md.`,
		Example: `  $ deskctl export accounts --file accounts.csv
  $ deskctl export contacts --account @acme.com --format jsonl
  $ deskctl export tickets --status open --escape-formulas --file open.csv
  $ deskctl export all --file dump.jsonl`,
	}
	cmd.AddCommand(
		NewCmdAccounts(f, nil),
		NewCmdContacts(f, nil),
		NewCmdTickets(f, nil),
		NewCmdLinks(f, nil),
		NewCmdManagers(f, nil),
		NewCmdAll(f, nil),
	)
	return cmd
}
