package account

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// DeleteOptions are the inputs of `account delete`.
type DeleteOptions struct {
	Factory   *cmdutil.Factory
	Ref       string
	Detach    bool
	Yes       bool
	IfVersion int64
	DryRun    bool
}

// NewCmdDelete returns `account delete`.
func NewCmdDelete(f *cmdutil.Factory, runF func(*DeleteOptions) error) *cobra.Command {
	opts := &DeleteOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "delete {<id> | <name> | @<domain> | ext:<id>} [--detach] [--yes]",
		Short: "Delete an account",
		Long: `Delete an account. An account that still has contacts is refused (exit 4)
unless --detach, which first disassociates them: the contacts and their
tickets stay, without an account. Nothing is deleted in cascade; the
account's notes go with it, and its sub-accounts lose their parent.

On a terminal deskctl asks for confirmation; otherwise --yes is required.`,
		Example: `  $ deskctl account delete 3
  $ deskctl account delete @old.example --detach --yes`,
		Args: cmdutil.ExactArgs(1, "an account is required: an id, a name, @domain or ext:ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(opts)
			}
			return deleteRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Detach, "detach", false, "disassociate the account's contacts first")
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().Int64Var(&opts.IfVersion, "if-version", 0, "refuse unless the account is at `version`")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "check that the delete would succeed, write nothing")
	return cmd
}

func deleteRun(ctx context.Context, opts *DeleteOptions) error {
	f := opts.Factory
	if !opts.DryRun {
		if err := f.ConfirmDestructive(fmt.Sprintf("delete account %s", opts.Ref), opts.Yes); err != nil {
			return err
		}
	}
	var a *desk.Account
	if _, err := f.Update(ctx, opts.DryRun, func(tx *desk.Tx) (err error) {
		a, err = tx.DeleteAccount(opts.Ref, desk.DeleteAccountOptions{Detach: opts.Detach, IfVersion: opts.IfVersion})
		return err
	}); err != nil {
		return err
	}
	f.Done(opts.DryRun, "deleted account %d (%s)", a.ID, a.Name)
	return nil
}
