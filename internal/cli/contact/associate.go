package contact

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// AssociateOptions are the inputs of `contact associate`.
type AssociateOptions struct {
	Factory *cmdutil.Factory
	Refs    []string
	Account string
	Move    bool
	DryRun  bool
}

// NewCmdAssociate returns `contact associate`.
func NewCmdAssociate(f *cmdutil.Factory, runF func(*AssociateOptions) error) *cobra.Command {
	opts := &AssociateOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "associate <contact>... --account <account> [--move]",
		Short: "Put contacts into an account",
		Long: `Put one or more contacts into an account, in one transaction: all of them
or, on any error, none. Their tickets follow them, since a ticket's account
is its contact's.

A contact that already belongs to another account is refused (exit 4)
unless --move is given. An inactive account takes no new contacts (exit 4).
The contacts are printed on stdout.`,
		Example: `  $ deskctl contact associate ann@acme.com bob@gmail.com --account @acme.com
  $ deskctl contact associate 12 --account 3 --move`,
		Args: cmdutil.MinimumArgs(1, "at least one contact is required: an id, an email or ext:ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Refs = args
			if !cmd.Flags().Changed("account") {
				return cmdutil.FlagErrorf("--account is required")
			}
			if runF != nil {
				return runF(opts)
			}
			return associateRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Account, "account", "", "the `account` (id, name, @domain or ext:ID)")
	cmd.Flags().BoolVar(&opts.Move, "move", false, "move contacts that belong to another account")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "check the association, write nothing")
	return cmd
}

// change is one contact of associate or disassociate with the account it
// had before.
type change struct {
	contact *desk.Contact
	from    desk.Ref
}

func associateRun(ctx context.Context, opts *AssociateOptions) error {
	f := opts.Factory
	var changes []change
	if _, err := f.Update(ctx, opts.DryRun, func(tx *desk.Tx) error {
		changes = changes[:0] // a backend may run fn again after a conflict
		from, err := accountsBefore(tx, opts.Refs)
		if err != nil {
			return err
		}
		done, err := tx.Associate(opts.Refs, opts.Account, opts.Move)
		for i, c := range done {
			changes = append(changes, change{contact: c, from: from[i]})
		}
		return err
	}); err != nil {
		return err
	}
	for _, ch := range changes {
		c := ch.contact
		switch ch.from {
		case c.AccountID:
			f.IOStreams.Infof("contact %d (%s) already belongs to account %d\n", c.ID, label(c), c.AccountID)
		case 0:
			f.Done(opts.DryRun, "associated contact %d (%s) with account %d", c.ID, label(c), c.AccountID)
		default:
			f.Done(opts.DryRun, "moved contact %d (%s) from account %d to account %d", c.ID, label(c), ch.from, c.AccountID)
		}
	}
	return printChanges(f, changes)
}

// accountsBefore returns the account each contact belongs to before the
// change, for the messages.
func accountsBefore(tx *desk.Tx, refs []string) ([]desk.Ref, error) {
	from := make([]desk.Ref, len(refs))
	for i, ref := range refs {
		c, err := tx.Contact(ref)
		if err != nil {
			return nil, err
		}
		from[i] = c.AccountID
	}
	return from, nil
}

// printChanges prints the changed contacts on stdout.
func printChanges(f *cmdutil.Factory, changes []change) error {
	p, err := f.Printer("contact", defaultColumns)
	if err != nil {
		return err
	}
	w, err := p.List()
	if err != nil {
		return err
	}
	for _, ch := range changes {
		if err = w.Write(ch.contact); err != nil {
			break
		}
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return err
}
