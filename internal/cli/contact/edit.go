package contact

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// EditOptions are the inputs of `contact edit`.
type EditOptions struct {
	Factory   *cmdutil.Factory
	Ref       string
	Fields    fieldFlags
	Unset     []string
	Move      bool
	IfVersion int64
	DryRun    bool
}

// NewCmdEdit returns `contact edit`.
func NewCmdEdit(f *cmdutil.Factory, runF func(*EditOptions) error) *cobra.Command {
	opts := &EditOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "edit " + refUsage + " [flags]",
		Short: "Change a contact's fields",
		Long: `Change the fields given as flags; the others keep their values.

--account moves the contact (and so its tickets) to another account: a
contact that already belongs to an account is moved only with --move
(exit 4 otherwise). --account "" takes it out of its account. With
--if-version N the edit is refused (exit 4) unless the contact is still at
version N.`,
		Example: `  $ deskctl contact edit ann@acme.com --title CTO --phone "+44 20 7946 0000"
  $ deskctl contact edit 12 --account @globex.com --move --if-version 3
  $ deskctl contact edit ext:CRM-7 --unset mobile --unset field.tier`,
		Args: cmdutil.ExactArgs(1, refMissing),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if err := opts.Fields.Check(); err != nil {
				return err
			}
			if !opts.Fields.given() && len(opts.Unset) == 0 {
				return cmdutil.FlagErrorf("nothing to change: give at least one field flag")
			}
			if runF != nil {
				return runF(opts)
			}
			return editRun(cmd.Context(), opts)
		},
	}
	opts.Fields.register(cmd.Flags())
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Unset, "unset", nil, "clear a `field` (e.g. phone, account_id, field.tier; repeatable)")
	fl.BoolVar(&opts.Move, "move", false, "allow moving the contact from another account")
	fl.Int64Var(&opts.IfVersion, "if-version", 0, "refuse the edit unless the contact is at `version`")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "validate and show the result, write nothing")
	return cmd
}

func editRun(ctx context.Context, opts *EditOptions) error {
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
		for _, field := range opts.Unset {
			set = append(set, desk.FieldValue{Field: field})
		}
		c, err = tx.EditContact(opts.Ref, desk.ContactChange{Set: set, Move: opts.Move, IfVersion: opts.IfVersion})
		return err
	}); err != nil {
		return err
	}
	f.Done(opts.DryRun, "updated contact %d (%s), now at version %d", c.ID, label(c), c.Version)
	return p.One(c)
}
