package importcmd

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
)

// RecoverOptions are the inputs of `deskctl import recover`.
type RecoverOptions struct {
	IO   *iostreams.IOStreams
	Desk func(ctx context.Context, write bool) (*desk.Desk, error)
	Ctx  context.Context
}

// NewCmdRecover returns `deskctl import recover`.
func NewCmdRecover(f *cmdutil.Factory, runF func(*RecoverOptions) error) *cobra.Command {
	opts := &RecoverOptions{IO: f.IOStreams, Desk: f.Desk}
	cmd := &cobra.Command{
		Use:   "recover",
		Short: "Roll back imports left open by a process that died",
		Long: `Roll back every import that is still open because the process running it
was killed, and mark its job rolled_back.

On the store file (bbolt) every command already does this when it opens
the store, so this command has nothing left to do. On an etcd store it is
the only way: deskctl cannot tell an import that died from one running on
another machine, so run it only when no import is running.`,
		Example: `  $ deskctl --store etcd://db1:2379/desk import recover`,
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if runF != nil {
				return runF(opts)
			}
			return recoverRun(opts)
		},
	}
	return cmd
}

func recoverRun(opts *RecoverOptions) error {
	d, err := opts.Desk(opts.Ctx, true)
	if err != nil {
		return err
	}
	defer d.Close()
	needs, err := d.NeedsRecovery(opts.Ctx)
	if err != nil {
		return err
	}
	if !needs {
		opts.IO.Infof("no interrupted import to roll back")
		return nil
	}
	if err := d.Recover(opts.Ctx); err != nil {
		return err
	}
	opts.IO.Infof("rolled back the interrupted imports (see deskctl import history)")
	return nil
}
