package account

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// StatusOptions are the inputs of `account activate` and `deactivate`.
type StatusOptions struct {
	Factory *cmdutil.Factory
	Refs    []string
	Status  string
	DryRun  bool

	verb string // activate or deactivate, for messages
}

// NewCmdStatus returns `account activate` or `account deactivate` (verb).
func NewCmdStatus(f *cmdutil.Factory, verb string, runF func(*StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{Factory: f, Status: desk.StatusActive, verb: verb}
	short, long := "Activate accounts", `Make accounts active again. Sub-accounts are not re-activated with their
parent: activate each one deliberately.`
	if verb == "deactivate" {
		opts.Status = desk.StatusInactive
		short, long = "Deactivate accounts and their sub-accounts", `Make accounts inactive, with all their sub-accounts. An inactive account
takes no new contacts and no new tickets; reads and exports still show it.`
	}
	cmd := &cobra.Command{
		Use:     verb + " <account>... [flags]",
		Short:   short,
		Long:    long,
		Example: "  $ deskctl account " + verb + " 3 @globex.com",
		Args:    cmdutil.MinimumArgs(1, "at least one account is required"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Refs = args
			if runF != nil {
				return runF(opts)
			}
			return statusRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "validate, write nothing")
	return cmd
}

func statusRun(ctx context.Context, opts *StatusOptions) error {
	f := opts.Factory
	p, err := f.CheckedPrinter("account", defaultColumns, NewRecord(&desk.Account{}))
	if err != nil {
		return err
	}
	var changed []*desk.Account
	if _, err := f.Update(ctx, opts.DryRun, func(tx *desk.Tx) error {
		// The function may run again when the store retries the
		// transaction (etcd): start from scratch every time.
		changed = changed[:0]
		for _, ref := range opts.Refs {
			a, err := tx.SetAccountStatus(ref, opts.Status)
			if err != nil {
				return err
			}
			changed = append(changed, a)
		}
		return nil
	}); err != nil {
		return err
	}
	w, err := p.List()
	if err != nil {
		return err
	}
	for _, a := range changed {
		// "deactivated account 1 (Acme)", which a dry run turns into
		// "would have deactivated account 1 (Acme)".
		f.Done(opts.DryRun, "%sd account %d (%s)", opts.verb, a.ID, a.Name)
		if err = w.Write(NewRecord(a)); err != nil {
			break
		}
	}
	return w.Finish(err)
}
