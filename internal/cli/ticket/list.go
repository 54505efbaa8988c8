package ticket

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// ListOptions are the inputs of `ticket list`.
type ListOptions struct {
	Factory *cmdutil.Factory
	Filter  desk.TicketFilter
}

// NewCmdList returns `ticket list`.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{Factory: f}
	cmd := &cobra.Command{
		Use:     "list [flags]",
		Aliases: []string{"ls"},
		Short:   "List tickets",
		Long: `List tickets in id order, each with its derived account_id. --account
lists the tickets of the account's contacts; --search matches a
case-insensitive substring of the subject. Page with --after: pass the id
of the last ticket of the previous page.`,
		Example: `  $ deskctl ticket list --account @acme.com --status open
  $ deskctl ticket list --contact ann@acme.com -o jsonl
  $ deskctl ticket list --search printer --priority urgent --limit 20 --after 400`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.CheckLimit(opts.Filter.Limit); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return listRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Filter.Account, "account", "", "only tickets of this `account`'s contacts (id, name, @domain or ext:ID)")
	fl.StringVar(&opts.Filter.Contact, "contact", "", "only tickets of this `contact` (id, email or ext:ID)")
	fl.StringVar(&opts.Filter.Status, "status", "", "only tickets with this `status`: open, pending, resolved or closed")
	fl.StringVar(&opts.Filter.Priority, "priority", "", "only tickets with this `priority`: low, normal, high or urgent")
	fl.StringVarP(&opts.Filter.Search, "search", "s", "", "case-insensitive `text` in the subject")
	cmdutil.AddPageFlags(fl, &opts.Filter.Limit, &opts.Filter.After, "tickets", "start after the ticket with this `id`")
	return cmd
}

func listRun(ctx context.Context, opts *ListOptions) error {
	p, err := opts.Factory.Printer("ticket", defaultColumns)
	if err != nil {
		return err
	}
	w, err := p.List()
	if err != nil {
		return err
	}
	err = opts.Factory.View(ctx, func(tx *desk.Tx) error {
		return tx.ListTickets(opts.Filter, func(t *desk.TicketView) error { return w.Write(t) })
	})
	return w.Finish(err)
}
