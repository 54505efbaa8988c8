package importcmd

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
	"github.com/deskctl/deskctl/internal/transfer"
)

// AllOptions are the inputs of `deskctl import all`.
type AllOptions struct {
	IO            *iostreams.IOStreams
	Desk          func(ctx context.Context, write bool) (*desk.Desk, error)
	OutputOptions func() (output.Options, error)
	Ctx           context.Context

	File      string
	BatchSize int
}

// NewCmdAll returns `deskctl import all`.
func NewCmdAll(f *cmdutil.Factory, runF func(*AllOptions) error) *cobra.Command {
	opts := &AllOptions{IO: f.IOStreams, Desk: f.Desk, OutputOptions: f.OutputOptions}
	cmd := &cobra.Command{
		Use:   "all {<file> | -}",
		Short: "Restore a whole store written by \"export all\" into an empty store",
		Long: `Restore a dump written by "deskctl export all" into a store that has never
been written: every record with its id, version and timestamps, the notes,
the managers, the activity log, the import jobs and the id counters, so
that the new store exports byte for byte as the old one did.

Every record is validated and the whole store is checked before the
restore lands; like any import it lands whole or not at all, even if
deskctl is killed. A restore is not itself recorded as an import job: it
brings back the old store's job history as it was.`,
		Example: `  $ deskctl export all > dump.jsonl
  $ deskctl --db /srv/deskctl/new.db import all dump.jsonl`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.File, opts.Ctx = args[0], c.Context()
			if opts.BatchSize < 1 {
				return cmdutil.FlagErrorf("--batch-size must be at least 1")
			}
			if runF != nil {
				return runF(opts)
			}
			return allRun(opts)
		},
	}
	cmd.Flags().IntVar(&opts.BatchSize, "batch-size", transfer.DefaultBatchSize, "records per store transaction (tuning)")
	_ = cmd.Flags().MarkHidden("batch-size")
	return cmd
}

func allRun(opts *AllOptions) error {
	in, size, err := openInput(opts.IO.In, opts.File)
	if err != nil {
		return err
	}
	defer in.Close()
	d, err := opts.Desk(opts.Ctx, true)
	if err != nil {
		return err
	}
	defer d.Close()
	ro := transfer.RestoreOptions{BatchSize: opts.BatchSize}
	var bar *transfer.ProgressBar
	if opts.IO.ProgressEnabled() {
		bar = transfer.NewProgressBar(opts.IO.ErrOut, "restoring", size)
		ro.Progress = bar.Update
	}
	counts, err := transfer.ImportAll(opts.Ctx, d, in, ro)
	if bar != nil {
		bar.Done()
	}
	if err != nil {
		if opts.Ctx.Err() == nil {
			opts.IO.Infof("restore from %s failed: nothing was restored", opts.File)
		}
		return classify(err)
	}
	var parts []string
	for _, k := range append(append([]string{}, desk.DumpKinds...), "counter") {
		parts = append(parts, fmt.Sprintf("%s %d", label(k), counts[k]))
	}
	opts.IO.Infof("restored from %s: %s", opts.File, strings.Join(parts, ", "))
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	if oo.Format == output.FormatJSON || oo.Format == output.FormatJSONL {
		rec := map[string]any{"file": opts.File}
		for k, v := range counts {
			rec[k] = v
		}
		return output.One(opts.IO.Out, oo, nil, rec)
	}
	return nil
}

// label names a dump line type in the summary.
func label(kind string) string {
	switch kind {
	case "log":
		return "log entries"
	case "counter":
		return "id counters"
	}
	return kind + "s"
}
