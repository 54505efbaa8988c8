package manager

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// DeleteOptions are the inputs of `manager delete`.
type DeleteOptions struct {
	Factory  *cmdutil.Factory
	Ref      string
	Unassign bool
	Yes      bool
	DryRun   bool
}

// NewCmdDelete returns `manager delete`.
func NewCmdDelete(f *cmdutil.Factory, runF func(*DeleteOptions) error) *cobra.Command {
	opts := &DeleteOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "delete {<id> | <email> | emp:<employee-id> | <login>} [--unassign] [--yes]",
		Short: "Delete an account manager",
		Long: `Delete an account manager. A manager who still manages accounts is
refused (exit 4) unless --unassign, which first clears those accounts'
manager, in the same transaction. The accounts themselves stay.

On a terminal deskctl asks for confirmation; otherwise --yes is required.`,
		Example: `  $ deskctl manager delete 3
  $ deskctl manager delete mia --unassign --yes`,
		Args: cmdutil.ExactArgs(1, refHelp),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(opts)
			}
			return deleteRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Unassign, "unassign", false, "clear the manager of the accounts they manage first")
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "check that the delete would succeed, write nothing")
	return cmd
}

func deleteRun(ctx context.Context, opts *DeleteOptions) error {
	f := opts.Factory
	if !opts.DryRun {
		if err := f.ConfirmDestructive(fmt.Sprintf("delete manager %s", opts.Ref), opts.Yes); err != nil {
			return err
		}
	}
	var m *desk.Manager
	unassigned := 0
	if _, err := f.Update(ctx, opts.DryRun, func(tx *desk.Tx) (err error) {
		// The function may run again when the store retries the
		// transaction (etcd): count from zero every time.
		unassigned = 0
		if opts.Unassign {
			// Count, in the same transaction, the accounts the delete
			// will unassign, for the message.
			if m, err = tx.Manager(opts.Ref); err != nil {
				return err
			}
			filter := desk.AccountFilter{Manager: fmt.Sprint(m.ID)}
			if err := tx.ListAccounts(filter, func(*desk.Account) error { unassigned++; return nil }); err != nil {
				return err
			}
		}
		m, err = tx.DeleteManager(opts.Ref, opts.Unassign)
		return err
	}); err != nil {
		return err
	}
	if unassigned > 0 {
		f.Done(opts.DryRun, "deleted manager %d (%s) and unassigned %d account(s)", m.ID, m.Name, unassigned)
	} else {
		f.Done(opts.DryRun, "deleted manager %d (%s)", m.ID, m.Name)
	}
	return nil
}
