package importcmd

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
)

// NewCmdImport returns the `deskctl import` group.
func NewCmdImport(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import <command>",
		Short: "Import accounts, contacts, links, tickets or a whole store in bulk",
		Long: `Import records in bulk from CSV or JSON Lines, from a file or standard input.

An import is one unit: by default either every row lands or none does, even
if deskctl is killed half-way (the next command that opens the store rolls
the interrupted import back). Every row goes through the same validation as
the single-record commands; rejected rows are listed with their line,
column and reason, and exit code 5.

Each import is recorded as a job: see "deskctl import history". The full
reference is docs/import.md.`,
		Example: `  $ deskctl import accounts accounts.csv
  $ deskctl import accounts crm.csv --profile crm-export --on-conflict update
  $ deskctl import contacts people.csv --continue-on-error --errors rejected.csv
  $ deskctl export all > dump.jsonl && deskctl --db new.db import all dump.jsonl`,
	}
	cmd.AddCommand(
		NewCmdAccounts(f, nil),
		NewCmdContacts(f, nil),
		NewCmdLinks(f, nil),
		NewCmdTickets(f, nil),
		NewCmdManagers(f, nil),
		NewCmdAll(f, nil),
		NewCmdHistory(f, nil),
		NewCmdShow(f, nil),
		NewCmdRecover(f, nil),
	)
	return cmd
}
