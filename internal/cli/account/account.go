package account

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// NewCmdAccount returns the account command group.
func NewCmdAccount(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "account <command>",
		Short: "Create, find, edit and delete accounts",
		Long: `An account is an organization: a name, its domains, an external id from
another system, a status, an optional parent and manager, tags and custom
fields. Its contacts and, through them, their tickets belong to it.

An account is named by its id, its exact name (case and spacing ignored),
@domain or ext:EXTERNAL_ID.`,
	}
	cmd.AddCommand(
		NewCmdCreate(f, nil),
		NewCmdList(f, nil),
		NewCmdShow(f, nil),
		NewCmdEdit(f, nil),
		NewCmdDelete(f, nil),
		NewCmdStatus(f, "activate", nil),
		NewCmdStatus(f, "deactivate", nil),
		NewCmdMerge(f, nil),
		NewCmdStats(f, nil),
		NewCmdNote(f),
	)
	return cmd
}

// Record is an account as printed: the stored fields plus the derived,
// read-only primary_domain. Other nouns that print accounts (manager show)
// use it so that an account looks the same wherever it appears.
type Record struct {
	*desk.Account
	PrimaryDomain string `json:"primary_domain"`
}

// NewRecord returns the printed form of a.
func NewRecord(a *desk.Account) Record { return Record{Account: a, PrimaryDomain: a.PrimaryDomain()} }

// defaultColumns are the table and csv columns unless config `columns.account`
// or --fields say otherwise.
var defaultColumns = cmdutil.DefaultColumns["account"]
