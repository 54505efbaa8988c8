package contact

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// CreateOptions are the inputs of `contact create`.
type CreateOptions struct {
	Factory       *cmdutil.Factory
	Fields        fieldFlags
	NoAutoAccount bool
	DryRun        bool
}

// NewCmdCreate returns `contact create`. runF replaces the run function in
// tests.
func NewCmdCreate(f *cmdutil.Factory, runF func(*CreateOptions) error) *cobra.Command {
	opts := &CreateOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "create {--name <name> | --email <address>} [--account <account>] [flags]",
		Short: "Create a contact",
		Long: `Create a contact. A name or an email is required; without a name the
contact is named after its email. The email and the external id are
unique.

Without --account, a contact whose email domain is an active account's
domain joins that account, unless the domain is free mail (gmail.com,
outlook.com, ...; config freemail_domains) or --no-auto-account is given.
An inactive account takes no new contacts (exit 4). The new contact is
printed on stdout.`,
		Example: `  $ deskctl contact create --name "Ann Lee" --email ann@acme.com
  $ deskctl contact create --email bob@gmail.com --account @acme.com --title CTO
  $ deskctl contact create --email eve@acme.com --no-auto-account -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fl := cmd.Flags()
			if !fl.Changed("name") && !fl.Changed("email") {
				return cmdutil.FlagErrorf("--name or --email is required")
			}
			if err := cmdutil.MutuallyExclusive("--account and --no-auto-account cannot be used together",
				fl.Changed("account"), opts.NoAutoAccount); err != nil {
				return err
			}
			if err := opts.Fields.Check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return createRun(cmd.Context(), opts)
		},
	}
	opts.Fields.register(cmd.Flags())
	cmd.Flags().BoolVar(&opts.NoAutoAccount, "no-auto-account", false, "do not join the account that owns the email's domain")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "validate and show the contact, write nothing")
	return cmd
}

func createRun(ctx context.Context, opts *CreateOptions) error {
	f := opts.Factory
	p, err := f.Printer("contact", defaultColumns)
	if err != nil {
		return err
	}
	var c *desk.Contact
	if _, err := f.Update(ctx, opts.DryRun, func(tx *desk.Tx) error {
		set, err := opts.Fields.changes(tx)
		if err != nil {
			return err
		}
		c, err = tx.CreateContact(desk.ContactChange{Set: set, NoAutoAccount: opts.NoAutoAccount})
		return err
	}); err != nil {
		return err
	}
	if c.AccountID != 0 {
		f.Done(opts.DryRun, "created contact %d (%s) in account %d", c.ID, label(c), c.AccountID)
	} else {
		f.Done(opts.DryRun, "created contact %d (%s) without an account", c.ID, label(c))
	}
	return p.One(c)
}

// label is how messages name a contact: its email, else its name.
func label(c *desk.Contact) string {
	if c.Email != "" {
		return c.Email
	}
	return c.Name
}
