package ticket

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// CreateOptions are the inputs of `ticket create`.
type CreateOptions struct {
	Factory *cmdutil.Factory
	Fields  ticketFlags

	Contact string // --contact
	Account string // --account: a check with --contact, refused alone (rule 10)

	Email         string // --email: intake by address (rule 8)
	Name          string // --name: the sender's name for a new contact
	FromEmail     string // --from-email: intake from a message file, or - for stdin
	CreateAccount bool
	NoAutoAccount bool

	ByManager string // --by-manager (rule 11)
	DryRun    bool
}

// NewCmdCreate returns `ticket create`. runF replaces the run function in
// tests.
func NewCmdCreate(f *cmdutil.Factory, runF func(*CreateOptions) error) *cobra.Command {
	opts := &CreateOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "create {--contact <contact> | --email <address> | --from-email {<file> | -}} [--subject <text>] [flags]",
		Short: "Create a ticket for a contact",
		Long: `Create a ticket. Its contact is given by exactly one of:

  --contact C          an existing contact: id, email or ext:ID
  --email ADDR         intake: the contact with this email, created if new
                       (it joins the account that owns its domain unless
                       --no-auto-account; with --create-account an unknown,
                       non-free-mail domain first gets an account of its own,
                       so one domain never yields two accounts)
  --from-email FILE|-  the same intake from an RFC 5322 message: From is the
                       contact, Subject the subject, the text body the
                       description (flags given explicitly win)

A ticket's account is its contact's. --account A alone is refused with the
list of A's contacts to choose from (exit 5); with --contact it checks that
the contact belongs to A (exit 4 if not). An inactive account takes no new
tickets (exit 4). --by-manager M creates the ticket on behalf of a contact
of an account M manages, when the setting managers.can_create_tickets is on.`,
		Example: `  $ deskctl ticket create --contact ann@acme.com --subject "Printer on fire" --priority high
  $ deskctl ticket create --email new@newco.example --name "Nia Ode" --subject "Quote" --create-account
  $ deskctl ticket create --from-email message.eml --create-account
  $ fetchmail-hook | deskctl ticket create --from-email - -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkCreateFlags(cmd, opts); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return createRun(cmd.Context(), opts)
		},
	}
	opts.Fields.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&opts.Contact, "contact", "", "the ticket's `contact` (id, email or ext:ID)")
	fl.StringVar(&opts.Account, "account", "", "check that the contact belongs to this `account`")
	fl.StringVar(&opts.Email, "email", "", "the sender's email `address`: find or create the contact")
	fl.StringVar(&opts.Name, "name", "", "the sender's `name`, for a new contact")
	fl.StringVar(&opts.FromEmail, "from-email", "", "read the request from an RFC 5322 message `file` (- for stdin)")
	fl.BoolVar(&opts.CreateAccount, "create-account", false, "create an account for the sender's unknown company domain")
	fl.BoolVar(&opts.NoAutoAccount, "no-auto-account", false, "a new contact joins no account, whatever its domain")
	fl.StringVar(&opts.ByManager, "by-manager", "", "create on behalf of the contact as this account `manager`")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "validate and show the ticket, write nothing")
	return cmd
}

// checkCreateFlags rejects flag combinations before anything is read.
func checkCreateFlags(cmd *cobra.Command, opts *CreateOptions) error {
	fl := cmd.Flags()
	contact, email, from := fl.Changed("contact"), fl.Changed("email"), fl.Changed("from-email")
	intake := email || from
	switch {
	case contact && email, contact && from, email && from:
		return cmdutil.FlagErrorf("specify only one of --contact, --email or --from-email")
	case !contact && !intake && !fl.Changed("account"):
		return cmdutil.FlagErrorf("a contact is required: --contact C, --email ADDR or --from-email FILE")
	case intake && fl.Changed("account"):
		return cmdutil.FlagErrorf("--account cannot be used with --email or --from-email: the sender's domain decides the account")
	case !intake && (fl.Changed("name") || opts.CreateAccount || opts.NoAutoAccount):
		return cmdutil.FlagErrorf("--name, --create-account and --no-auto-account need --email or --from-email")
	case opts.CreateAccount && opts.NoAutoAccount:
		return cmdutil.FlagErrorf("--create-account and --no-auto-account cannot be used together")
	case !from && !fl.Changed("subject"):
		return cmdutil.FlagErrorf("--subject is required")
	case opts.FromEmail == "-" && opts.Fields.Description == "-":
		return cmdutil.FlagErrorf("--from-email - and --description - cannot both read stdin")
	case from && opts.FromEmail == "":
		return cmdutil.FlagErrorf("--from-email needs a file name, or - for stdin")
	}
	return nil
}

func createRun(ctx context.Context, opts *CreateOptions) error {
	f := opts.Factory
	p, err := f.Printer("ticket", detailColumns)
	if err != nil {
		return err
	}
	ch, err := buildChange(opts)
	if err != nil {
		return err
	}
	var v *desk.TicketView
	var who string
	events, err := f.Update(ctx, opts.DryRun, func(tx *desk.Tx) error {
		if v, err = tx.CreateTicket(ch); err != nil {
			return err
		}
		c, err := tx.Contact(fmt.Sprint(v.ContactID))
		if err == nil {
			who = fmt.Sprintf("contact %d (%s)", c.ID, contactLabel(c))
		}
		return err
	})
	if err != nil {
		return err
	}
	reportIntake(f, events)
	where := "without an account"
	if v.AccountID != 0 {
		where = fmt.Sprintf("in account %d", v.AccountID)
	}
	f.Done(opts.DryRun, "created ticket %d for %s %s", v.ID, who, where)
	return p.One(v)
}

// buildChange turns the options into the domain's change, reading the
// description from stdin and the message from --from-email.
func buildChange(opts *CreateOptions) (desk.TicketChange, error) {
	description, err := readDescription(opts.Factory, opts.Fields.Description)
	if err != nil {
		return desk.TicketChange{}, err
	}
	ch := desk.TicketChange{
		Set:       opts.Fields.set(description),
		Contact:   opts.Contact,
		Account:   opts.Account,
		ByManager: opts.ByManager,
	}
	if opts.Email == "" && opts.FromEmail == "" {
		return ch, nil
	}
	ch.Intake = &desk.Intake{Email: opts.Email, Name: opts.Name,
		CreateAccount: opts.CreateAccount, NoAutoAccount: opts.NoAutoAccount}
	if opts.FromEmail == "" {
		return ch, nil
	}
	m, err := readMessage(opts.Factory, opts.FromEmail)
	if err != nil {
		return ch, err
	}
	ch.Intake.Email = m.From
	if ch.Intake.Name == "" {
		ch.Intake.Name = m.Name
	}
	subject := m.Subject
	if subject == "" {
		subject = NoSubject
	}
	if !opts.Fields.changed("subject") {
		ch.Set = append(ch.Set, desk.FieldValue{Field: "subject", Value: subject})
	}
	if !opts.Fields.changed("description") && m.Body != "" {
		ch.Set = append(ch.Set, desk.FieldValue{Field: "description", Value: m.Body})
	}
	return ch, nil
}

// reportIntake says on stderr which accounts and contacts intake created.
func reportIntake(f *cmdutil.Factory, events []desk.Event) {
	for _, e := range events {
		switch rec := e.After.(type) {
		case *desk.Account:
			if e.Name == "account.created" {
				f.Done(false, "created account %d (%s) for the sender's domain", rec.ID, rec.Name)
			}
		case *desk.Contact:
			if e.Name == "contact.created" {
				f.Done(false, "created contact %d (%s)", rec.ID, contactLabel(rec))
			}
		}
	}
}

func contactLabel(c *desk.Contact) string {
	if c.Email != "" {
		return c.Email
	}
	return c.Name
}
