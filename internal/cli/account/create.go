package account

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// CreateOptions are the inputs of `account create`.
type CreateOptions struct {
	Factory *cmdutil.Factory
	Fields  fieldFlags
	DryRun  bool
}

// NewCmdCreate returns `account create`. runF replaces the run function in
// tests.
func NewCmdCreate(f *cmdutil.Factory, runF func(*CreateOptions) error) *cobra.Command {
	opts := &CreateOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "create --name <name> [--domain <domain>]... [flags]",
		Short: "Create an account",
		Long: `Create an account. The name is required and unique (case and spacing
ignored); each domain may belong to one account only; the external id is
unique. The new account is printed on stdout.`,
		Example: `  $ deskctl account create --name "Acme Ltd" --domain acme.com --tag vip
  $ deskctl account create --name "Acme EU" --parent "Acme Ltd" --field region=eu -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("name") {
				return cmdutil.FlagErrorf("--name is required")
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
	opts.Fields.register(cmd.Flags(), false)
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "validate and show the account, write nothing")
	return cmd
}

func createRun(ctx context.Context, opts *CreateOptions) error {
	f := opts.Factory
	p, err := f.CheckedPrinter("account", defaultColumns, NewRecord(&desk.Account{}))
	if err != nil {
		return err
	}
	var a *desk.Account
	if _, err := f.Update(ctx, opts.DryRun, func(tx *desk.Tx) error {
		set, err := opts.Fields.changes(tx)
		if err != nil {
			return err
		}
		a, err = tx.CreateAccount(desk.AccountChange{Set: set})
		return err
	}); err != nil {
		return err
	}
	f.Done(opts.DryRun, "created account %d (%s)", a.ID, a.Name)
	return p.One(NewRecord(a))
}
