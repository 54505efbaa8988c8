package contact

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// DeleteOptions are the inputs of `contact delete`.
type DeleteOptions struct {
	Factory   *cmdutil.Factory
	Ref       string
	Yes       bool
	IfVersion int64
	DryRun    bool
}

// NewCmdDelete returns `contact delete`.
func NewCmdDelete(f *cmdutil.Factory, runF func(*DeleteOptions) error) *cobra.Command {
	opts := &DeleteOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "delete " + refUsage + " [--yes]",
		Short: "Delete a contact that has no tickets",
		Long: `Delete a contact. A contact that has tickets is refused (exit 4), and the
message names the tickets: move them to another contact first with
"deskctl ticket edit <id> --contact <other>". Nothing is deleted in
cascade.

On a terminal deskctl asks for confirmation; otherwise --yes is required.`,
		Example: `  $ deskctl contact delete ann@acme.com
  $ deskctl contact delete 12 --yes --if-version 4`,
		Args: cmdutil.ExactArgs(1, refMissing),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(opts)
			}
			return deleteRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().Int64Var(&opts.IfVersion, "if-version", 0, "refuse unless the contact is at `version`")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "check that the delete would succeed, write nothing")
	return cmd
}

func deleteRun(ctx context.Context, opts *DeleteOptions) error {
	f := opts.Factory
	if !opts.DryRun {
		if err := f.ConfirmDestructive(fmt.Sprintf("delete contact %s", opts.Ref), opts.Yes); err != nil {
			return err
		}
	}
	var c *desk.Contact
	if _, err := f.Update(ctx, opts.DryRun, func(tx *desk.Tx) (err error) {
		c, err = tx.DeleteContact(opts.Ref, opts.IfVersion)
		return err
	}); err != nil {
		return err
	}
	f.Done(opts.DryRun, "deleted contact %d (%s)", c.ID, label(c))
	return nil
}
