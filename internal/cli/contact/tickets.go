package contact

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// TicketsOptions are the inputs of `contact tickets`.
type TicketsOptions struct {
	Factory *cmdutil.Factory
	Ref     string
	Account bool
	Filter  desk.TicketFilter
}

// NewCmdTickets returns `contact tickets`.
func NewCmdTickets(f *cmdutil.Factory, runF func(*TicketsOptions) error) *cobra.Command {
	opts := &TicketsOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "tickets " + refUsage + " [--account]",
		Short: "List a contact's tickets, or its account's",
		Long: `List the tickets of a contact, in id order. With --account, list every
ticket of the contact's account instead — what the contact sees in a help
center (Zoho Desk's "account tickets" view). A contact without an account
then sees its own tickets, and deskctl says so on stderr.`,
		Example: `  $ deskctl contact tickets ann@acme.com
  $ deskctl contact tickets ann@acme.com --account --status open -o jsonl`,
		Args: cmdutil.ExactArgs(1, refMissing),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if err := cmdutil.CheckLimit(opts.Filter.Limit); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return ticketsRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.Account, "account", false, "all tickets of the contact's account")
	fl.StringVar(&opts.Filter.Status, "status", "", "only tickets with this `status`: open, pending, resolved or closed")
	cmdutil.AddPageFlags(fl, &opts.Filter.Limit, &opts.Filter.After, "tickets", "start after the ticket with this `id`")
	return cmd
}

func ticketsRun(ctx context.Context, opts *TicketsOptions) error {
	f := opts.Factory
	p, err := f.Printer("ticket", ticketColumns)
	if err != nil {
		return err
	}
	w, err := p.List()
	if err != nil {
		return err
	}
	err = f.View(ctx, func(tx *desk.Tx) error {
		c, err := tx.Contact(opts.Ref)
		if err != nil {
			return err
		}
		filter := opts.Filter
		switch {
		case opts.Account && c.AccountID != 0:
			filter.Account = fmt.Sprint(c.AccountID)
		case opts.Account:
			f.IOStreams.Infof("contact %d (%s) belongs to no account: showing its own tickets\n", c.ID, label(c))
			fallthrough
		default:
			filter.Contact = fmt.Sprint(c.ID)
		}
		return tx.ListTickets(filter, func(t *desk.TicketView) error { return w.Write(t) })
	})
	return w.Finish(err)
}
