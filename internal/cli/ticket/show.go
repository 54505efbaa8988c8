package ticket

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// ShowOptions are the inputs of `ticket show`.
type ShowOptions struct {
	Factory *cmdutil.Factory
	ID      uint64
}

// NewCmdShow returns `ticket show`.
func NewCmdShow(f *cmdutil.Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{Factory: f}
	return &cobra.Command{
		Use:   "show <id>",
		Short: "Show a ticket",
		Long: `Show a ticket's fields, with its derived, read-only account_id: the
account of its contact.`,
		Example: `  $ deskctl ticket show 42
  $ deskctl ticket show 42 -o json --jq .account_id`,
		Args: cmdutil.ExactArgs(1, "a ticket id is required"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			opts.ID = id
			if runF != nil {
				return runF(opts)
			}
			return showRun(cmd.Context(), opts)
		},
	}
}

func showRun(ctx context.Context, opts *ShowOptions) error {
	var v *desk.TicketView
	if err := opts.Factory.View(ctx, func(tx *desk.Tx) (err error) {
		v, err = tx.Ticket(opts.ID)
		return err
	}); err != nil {
		return err
	}
	p, err := opts.Factory.Printer("ticket_details", detailColumns)
	if err != nil {
		return err
	}
	return p.One(v)
}
