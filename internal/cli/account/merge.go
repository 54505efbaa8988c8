package account

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// MergeOptions are the inputs of `account merge`.
type MergeOptions struct {
	Factory  *cmdutil.Factory
	Src, Dst string
	Yes      bool
	DryRun   bool
}

// NewCmdMerge returns `account merge`.
func NewCmdMerge(f *cmdutil.Factory, runF func(*MergeOptions) error) *cobra.Command {
	opts := &MergeOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "merge <source> <destination> [--yes]",
		Short: "Merge a duplicate account into another",
		Long: `Move the source account's contacts (and so their tickets), domains, notes,
tags and sub-accounts to the destination, then delete the source — all in
one transaction. The destination keeps its other fields.`,
		Example: `  $ deskctl account merge "Acme Inc" "Acme Ltd" --yes`,
		Args:    cmdutil.ExactArgs(2, "two accounts are required: the source, then the destination"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Src, opts.Dst = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return mergeRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "check the merge, write nothing")
	return cmd
}

func mergeRun(ctx context.Context, opts *MergeOptions) error {
	f := opts.Factory
	if !opts.DryRun {
		if err := f.ConfirmDestructive(fmt.Sprintf("merge account %s into %s and delete %s", opts.Src, opts.Dst, opts.Src), opts.Yes); err != nil {
			return err
		}
	}
	p, err := f.CheckedPrinter("account", defaultColumns, NewRecord(&desk.Account{}))
	if err != nil {
		return err
	}
	var a *desk.Account
	if _, err := f.Update(ctx, opts.DryRun, func(tx *desk.Tx) (err error) {
		a, err = tx.MergeAccounts(opts.Src, opts.Dst)
		return err
	}); err != nil {
		return err
	}
	f.Done(opts.DryRun, "merged %s into account %d (%s)", opts.Src, a.ID, a.Name)
	return p.One(NewRecord(a))
}
