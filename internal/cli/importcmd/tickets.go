package importcmd

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/transfer"
)

// NewCmdTickets returns `deskctl import tickets`.
func NewCmdTickets(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f, transfer.Tickets)
	cmd := &cobra.Command{
		Use:   "tickets {<file> | -} [flags]",
		Short: "Import tickets from CSV or JSON Lines",
		Long: `Import tickets. The columns are those "deskctl export tickets" writes:
id, subject, description, status, priority, contact_id. Instead of
contact_id a column contact may name the contact by id, email or
ext:EXTERNAL_ID. A ticket's account is always its contact's.

Tickets have no natural key: every row creates a ticket and the id column
is ignored, unless --key id, which keeps the row's id (the restore path)
and applies --on-conflict to ids that exist.`,
		Example: `  $ deskctl import tickets tickets.csv
  $ deskctl import tickets tickets.csv --key id --on-conflict skip`,
	}
	upsertFlags(cmd, opts, transfer.TicketKeys)
	return newKindCmd(opts, runF, cmd)
}
