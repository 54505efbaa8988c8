package manager

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// CreateOptions are the inputs of `manager create`.
type CreateOptions struct {
	Factory *cmdutil.Factory
	Fields  cmdutil.FieldFlags
	DryRun  bool
}

// NewCmdCreate returns `manager create`. runF replaces the run function in
// tests.
func NewCmdCreate(f *cmdutil.Factory, runF func(*CreateOptions) error) *cobra.Command {
	opts := &CreateOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "create --name <name> [--email <address>] [--login <login>] [flags]",
		Short: "Create an account manager",
		Long: `Create an account manager. The name is required; the email (case
ignored), the employee id and the login (case ignored) are unique when
given. The new manager is printed on stdout.`,
		Example: `  $ deskctl manager create --name "Mia Wong" --email mia@example.com --login mia
  $ deskctl manager create --name "Raj Patel" --employee-id E-042 -o json --jq .id`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("name") {
				return cmdutil.FlagErrorf("--name is required")
			}
			if runF != nil {
				return runF(opts)
			}
			return createRun(cmd.Context(), opts)
		},
	}
	opts.Fields.Register(cmd.Flags(), textFlags, false)
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "validate and show the manager, write nothing")
	return cmd
}

func createRun(ctx context.Context, opts *CreateOptions) error {
	f := opts.Factory
	p, err := f.CheckedPrinter("manager", defaultColumns, &desk.Manager{})
	if err != nil {
		return err
	}
	var m *desk.Manager
	if _, err := f.Update(ctx, opts.DryRun, func(tx *desk.Tx) (err error) {
		m, err = tx.CreateManager(desk.ManagerChange{Set: opts.Fields.Changes()})
		return err
	}); err != nil {
		return err
	}
	f.Done(opts.DryRun, "created manager %d (%s)", m.ID, m.Name)
	return p.One(m)
}
