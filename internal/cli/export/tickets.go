package export

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/transfer"
)

// NewCmdTickets returns `deskctl export tickets`.
func NewCmdTickets(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f, transfer.Tickets)
	t := &opts.Tickets
	cmd := &cobra.Command{
		Use:   "tickets [--status <status>] [--account <account>] [--file <path>] [flags]",
		Short: "Export tickets",
		Long: `Export tickets with the columns "deskctl import tickets" reads: id, subject,
description, status, priority, contact_id. A ticket's account is its
contact's, so it is not a column: export contacts (or links) for it.`,
		Example: `  $ deskctl export tickets --status open --file open.csv
  $ deskctl export tickets --account @acme.com --format jsonl`,
	}
	fl := cmd.Flags()
	fl.StringVar(&t.Account, "account", "", "only tickets of this `account`'s contacts")
	fl.StringVar(&t.Contact, "contact", "", "only tickets of this `contact` (id, email or ext:ID)")
	fl.StringVar(&t.Status, "status", "", "only tickets with this `status`: open, pending, resolved or closed")
	fl.StringVar(&t.Priority, "priority", "", "only tickets with this `priority`: low, normal, high or urgent")
	fl.StringVar(&t.Search, "search", "", "only tickets whose subject contains `text`")
	fl.IntVarP(&t.Limit, "limit", "L", 0, "export at most `n` tickets (0 = all)")
	fl.Uint64Var(&t.After, "after", 0, "start after ticket `id` (paging)")
	return newKindCmd(opts, runF, cmd, nil)
}
