package export

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/transfer"
)

// AllOptions are the inputs of `deskctl export all`.
type AllOptions struct {
	IO   *iostreams.IOStreams
	Desk func(ctx context.Context, write bool) (*desk.Desk, error)
	Ctx  context.Context

	Format string
	File   string
}

// NewCmdAll returns `deskctl export all`.
func NewCmdAll(f *cmdutil.Factory, runF func(*AllOptions) error) *cobra.Command {
	opts := &AllOptions{IO: f.IOStreams, Desk: f.Desk}
	cmd := &cobra.Command{
		Use:   "all [--file <path>]",
		Short: "Dump the whole store as JSON Lines",
		Long: `Write the whole store as JSON Lines, the input of "deskctl import all": a
header line, then every manager, account, contact, ticket, note, activity
log entry and import job exactly as stored (ids, versions, timestamps),
each with a "type" member, then the id counters. It is one consistent
snapshot, streamed in constant memory; the format is in docs/export.md.`,
		Example: `  $ deskctl export all --file /backup/deskctl-$(date +%F).jsonl
  $ deskctl export all | jq -c 'select(.type == "account")'`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if opts.Format != "" && opts.Format != transfer.FormatJSONL {
				return cmdutil.FlagErrorf("invalid --format %q: export all writes jsonl only", opts.Format)
			}
			if runF != nil {
				return runF(opts)
			}
			return allRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "jsonl", "data `format`: jsonl (the only one)")
	cmd.Flags().StringVar(&opts.File, "file", "", "write to `path` atomically instead of standard output")
	return cmd
}

func allRun(opts *AllOptions) error {
	d, err := opts.Desk(opts.Ctx, false)
	if err != nil {
		return err
	}
	defer d.Close()
	cmdutil.StreamingGC(d)
	var counts map[string]int
	err = writeTo(opts.IO.Out, opts.File, func(w io.Writer) (err error) {
		counts, err = transfer.ExportAll(opts.Ctx, d, w)
		return err
	})
	if err != nil {
		return err
	}
	if opts.File != "" {
		n := 0
		for k, v := range counts {
			if k != "counter" {
				n += v
			}
		}
		opts.IO.Infof("exported %d records to %s", n, opts.File)
	}
	return nil
}
