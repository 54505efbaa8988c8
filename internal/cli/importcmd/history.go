package importcmd

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
)

// HistoryOptions are the inputs of `deskctl import history`.
type HistoryOptions struct {
	IO            *iostreams.IOStreams
	Desk          func(ctx context.Context, write bool) (*desk.Desk, error)
	OutputOptions func() (output.Options, error)
	Ctx           context.Context

	Limit int
}

// historyColumns are the table and csv columns of `import history`.
var historyColumns = []string{"id", "kind", "file", "status", "started_at", "read", "created", "updated", "skipped", "rejected"}

// NewCmdHistory returns `deskctl import history`.
func NewCmdHistory(f *cmdutil.Factory, runF func(*HistoryOptions) error) *cobra.Command {
	opts := &HistoryOptions{IO: f.IOStreams, Desk: f.Desk, OutputOptions: f.OutputOptions}
	cmd := &cobra.Command{
		Use:   "history [--limit <n>]",
		Short: "List import jobs, newest first",
		Long: `List the import jobs recorded in the store, newest first: file, kind,
status (running, done, failed, rolled_back, dry_run), start time and the
rows read, created, updated, skipped and rejected. -o json shows every
field, including the options, the finish time and the error.`,
		Example: `  $ deskctl import history
  $ deskctl import history --limit 1 -o json --jq '.[0].status'`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if opts.Limit < 0 {
				return cmdutil.FlagErrorf("--limit must be 0 (all) or more")
			}
			if runF != nil {
				return runF(opts)
			}
			return historyRun(opts)
		},
	}
	cmd.Flags().IntVarP(&opts.Limit, "limit", "L", 30, "show at most `n` jobs (0 = all)")
	return cmd
}

func historyRun(opts *HistoryOptions) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	d, err := opts.Desk(opts.Ctx, false)
	if err != nil {
		return err
	}
	defer d.Close()
	list, err := output.NewList(opts.IO.Out, oo, historyColumns)
	if err != nil {
		return err
	}
	err = d.View(opts.Ctx, func(tx *desk.Tx) error {
		return tx.ImportJobs(opts.Limit, func(j *desk.ImportJob) error { return list.Write(j) })
	})
	if cerr := list.Close(); err == nil {
		err = cerr
	}
	if err == nil && list.Len() == 0 {
		opts.IO.Infof("no imports yet")
	}
	return err
}
