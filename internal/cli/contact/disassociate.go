package contact

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// DisassociateOptions are the inputs of `contact disassociate`.
type DisassociateOptions struct {
	Factory *cmdutil.Factory
	Refs    []string
	DryRun  bool
}

// NewCmdDisassociate returns `contact disassociate`.
func NewCmdDisassociate(f *cmdutil.Factory, runF func(*DisassociateOptions) error) *cobra.Command {
	opts := &DisassociateOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "disassociate <contact>...",
		Short: "Take contacts out of their accounts",
		Long: `Take one or more contacts out of their accounts, in one transaction. The
contacts and their tickets stay; the tickets now belong to no account. A
contact without an account is left as it is. The contacts are printed on
stdout.`,
		Example: `  $ deskctl contact disassociate ann@acme.com 12`,
		Args:    cmdutil.MinimumArgs(1, "at least one contact is required: an id, an email or ext:ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Refs = args
			if runF != nil {
				return runF(opts)
			}
			return disassociateRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "check, write nothing")
	return cmd
}

func disassociateRun(ctx context.Context, opts *DisassociateOptions) error {
	f := opts.Factory
	var changes []change
	if _, err := f.Update(ctx, opts.DryRun, func(tx *desk.Tx) error {
		changes = changes[:0] // a backend may run fn again after a conflict
		from, err := accountsBefore(tx, opts.Refs)
		if err != nil {
			return err
		}
		done, err := tx.Disassociate(opts.Refs)
		for i, c := range done {
			changes = append(changes, change{contact: c, from: from[i]})
		}
		return err
	}); err != nil {
		return err
	}
	for _, ch := range changes {
		c := ch.contact
		if ch.from == 0 {
			f.IOStreams.Infof("contact %d (%s) belongs to no account\n", c.ID, label(c))
			continue
		}
		f.Done(opts.DryRun, "disassociated contact %d (%s) from account %d", c.ID, label(c), ch.from)
	}
	return printChanges(f, changes)
}
