package contact

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
)

// ShowOptions are the inputs of `contact show`.
type ShowOptions struct {
	Factory *cmdutil.Factory
	Ref     string
}

// NewCmdShow returns `contact show`.
func NewCmdShow(f *cmdutil.Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{Factory: f}
	return &cobra.Command{
		Use:   "show " + refUsage,
		Short: "Show a contact and its tickets",
		Long: `Show a contact's fields, then how many tickets it has, then the tickets.
In JSON the tickets are a nested array.`,
		Example: `  $ deskctl contact show ann@acme.com
  $ deskctl contact show 12 -o json --jq '.tickets[].id'`,
		Args: cmdutil.ExactArgs(1, refMissing),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(opts)
			}
			return showRun(cmd.Context(), opts)
		},
	}
}

// details is the contact as show prints it.
type details struct {
	*desk.Contact
	TicketCount int                `json:"ticket_count"`
	Tickets     []*desk.TicketView `json:"tickets"`
}

var detailColumns = append(append([]string{}, defaultColumns...),
	"mobile", "external_id", "fields", "ticket_count", "created_at", "updated_at", "version")

func showRun(ctx context.Context, opts *ShowOptions) error {
	f := opts.Factory
	d := details{Tickets: []*desk.TicketView{}}
	if err := f.View(ctx, func(tx *desk.Tx) (err error) {
		if d.Contact, err = tx.Contact(opts.Ref); err != nil {
			return err
		}
		return tx.ListTickets(desk.TicketFilter{Contact: fmt.Sprint(d.ID)}, func(t *desk.TicketView) error {
			d.Tickets = append(d.Tickets, t)
			return nil
		})
	}); err != nil {
		return err
	}
	d.TicketCount = len(d.Tickets)
	p, err := f.Printer("contact_details", detailColumns)
	if err != nil {
		return err
	}
	if err := p.One(d); err != nil {
		return err
	}
	return printTickets(f, d.Tickets)
}

// printTickets prints the tickets section under a table; the other
// formats, and --fields, nest the tickets in the record instead.
func printTickets(f *cmdutil.Factory, tickets []*desk.TicketView) error {
	oo, err := f.OutputOptions()
	if err != nil || (oo.Format != "" && oo.Format != output.FormatTable) || len(oo.Fields) > 0 {
		return err
	}
	out := f.IOStreams.Out
	fmt.Fprintf(out, "\nTICKETS (%d)\n", len(tickets))
	if len(tickets) == 0 {
		return nil
	}
	l, err := output.NewList(out, output.Options{Format: output.FormatTable, NoHeader: oo.NoHeader}, ticketColumns)
	if err != nil {
		return err
	}
	for _, t := range tickets {
		if err = l.Write(t); err != nil {
			break
		}
	}
	if cerr := l.Close(); err == nil {
		err = cerr
	}
	return err
}
