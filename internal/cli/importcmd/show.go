package importcmd

import (
	"context"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
)

// ShowOptions are the inputs of `deskctl import show`.
type ShowOptions struct {
	IO            *iostreams.IOStreams
	Desk          func(ctx context.Context, write bool) (*desk.Desk, error)
	OutputOptions func() (output.Options, error)
	Ctx           context.Context

	JobID uint64
}

// showColumns are the fields `import show` prints as a table.
var showColumns = []string{"id", "kind", "file", "status", "started_at", "finished_at", "read", "created",
	"updated", "unchanged", "skipped", "rejected", "error", "options"}

// NewCmdShow returns `deskctl import show`.
func NewCmdShow(f *cmdutil.Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{IO: f.IOStreams, Desk: f.Desk, OutputOptions: f.OutputOptions}
	cmd := &cobra.Command{
		Use:   "show <job>",
		Short: "Show one import job",
		Example: `  $ deskctl import show 4
  $ deskctl import show 4 -o json --jq .status`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil || id == 0 {
				return cmdutil.FlagErrorf("invalid job id %q: want a positive integer (see `deskctl import history`)", args[0])
			}
			opts.JobID, opts.Ctx = id, c.Context()
			if runF != nil {
				return runF(opts)
			}
			return showRun(opts)
		},
	}
	return cmd
}

func showRun(opts *ShowOptions) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	d, err := opts.Desk(opts.Ctx, false)
	if err != nil {
		return err
	}
	defer d.Close()
	var job *desk.ImportJob
	if err := d.View(opts.Ctx, func(tx *desk.Tx) error {
		job, err = tx.ImportJob(opts.JobID)
		return err
	}); err != nil {
		return err
	}
	return output.One(opts.IO.Out, oo, showColumns, job)
}
