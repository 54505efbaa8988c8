package account

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
)

// ShowOptions are the inputs of `account show`.
type ShowOptions struct {
	Factory *cmdutil.Factory
	Ref     string
}

// NewCmdShow returns `account show`.
func NewCmdShow(f *cmdutil.Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "show {<id> | <name> | @<domain> | ext:<external-id>}",
		Short: "Show an account's details: its fields, contacts and tickets",
		Long: `Show the details page of an account: its fields, then how many contacts
and tickets it has, then its contacts and their tickets. In JSON the
contacts and tickets are nested arrays.`,
		Example: `  $ deskctl account show 1
  $ deskctl account show @acme.com -o json --jq '.contacts[].email'
  $ deskctl account show "ext:CRM-0042"`,
		Args: cmdutil.ExactArgs(1, "an account is required: an id, a name, @domain or ext:ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(opts)
			}
			return showRun(cmd.Context(), opts)
		},
	}
	return cmd
}

// details is the details page as printed.
type details struct {
	Record
	ContactCount int                `json:"contact_count"`
	TicketCount  int                `json:"ticket_count"`
	Contacts     []*desk.Contact    `json:"contacts"`
	Tickets      []*desk.TicketView `json:"tickets"`
}

var detailColumns = append(append([]string{}, defaultColumns...),
	"domains", "external_id", "parent_id", "email", "phone", "website", "crm_id", "crm_status",
	"contact_count", "ticket_count", "created_at", "updated_at", "version")

func showRun(ctx context.Context, opts *ShowOptions) error {
	f := opts.Factory
	sample := details{Record: NewRecord(&desk.Account{}), Contacts: []*desk.Contact{}, Tickets: []*desk.TicketView{}}
	p, err := f.CheckedPrinter("account_details", detailColumns, sample)
	if err != nil {
		return err
	}
	var d *desk.AccountDetails
	if err := f.View(ctx, func(tx *desk.Tx) (err error) {
		d, err = tx.AccountDetails(opts.Ref)
		return err
	}); err != nil {
		return err
	}
	rec := details{Record: NewRecord(d.Account), ContactCount: d.ContactCount, TicketCount: d.TicketCount,
		Contacts: d.Contacts, Tickets: d.Tickets}
	if err := p.One(rec); err != nil {
		return err
	}
	return printDetailLists(f, d)
}

// printDetailLists prints the contacts and tickets under the account's
// fields when the output is a table; the other formats nest them.
func printDetailLists(f *cmdutil.Factory, d *desk.AccountDetails) error {
	oo, err := f.OutputOptions()
	if err != nil || (oo.Format != "" && oo.Format != output.FormatTable) || len(oo.Fields) > 0 {
		return err
	}
	out := f.IOStreams.Out
	sections := []struct {
		title string
		kind  string
		n     int
		write func(*output.List) error
	}{
		{"CONTACTS", "contact", d.ContactCount, func(l *output.List) error {
			for _, c := range d.Contacts {
				if err := l.Write(c); err != nil {
					return err
				}
			}
			return nil
		}},
		{"TICKETS", "ticket", d.TicketCount, func(l *output.List) error {
			for _, t := range d.Tickets {
				if err := l.Write(t); err != nil {
					return err
				}
			}
			return nil
		}},
	}
	for _, s := range sections {
		fmt.Fprintf(out, "\n%s (%d)\n", s.title, s.n)
		if s.n == 0 {
			continue
		}
		l, err := output.NewList(out, output.Options{Format: output.FormatTable, NoHeader: oo.NoHeader}, cmdutil.DefaultColumns[s.kind])
		if err != nil {
			return err
		}
		err = s.write(l)
		if cerr := l.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}
