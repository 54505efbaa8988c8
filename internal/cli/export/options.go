package export

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
	"github.com/deskctl/deskctl/internal/transfer"
)

// Options are the inputs of `deskctl export <kind>`.
type Options struct {
	IO            *iostreams.IOStreams
	Desk          func(ctx context.Context, write bool) (*desk.Desk, error)
	OutputOptions func() (output.Options, error)
	Ctx           context.Context

	Kind           transfer.Kind
	Format         string
	File           string
	EscapeFormulas bool

	Accounts desk.AccountFilter
	Contacts desk.ContactFilter
	Tickets  desk.TicketFilter
	// FieldFilters are the --field k=v values (accounts).
	FieldFilters []string
}

func newOptions(f *cmdutil.Factory, kind transfer.Kind) *Options {
	return &Options{IO: f.IOStreams, Desk: f.Desk, OutputOptions: f.OutputOptions, Kind: kind}
}

// fileFlags adds the flags every export has.
func fileFlags(cmd *cobra.Command, opts *Options) {
	cmd.Flags().StringVar(&opts.Format, "format", "", "data `format`: csv, json or jsonl (default csv, or -o when it is one of these)")
	cmd.Flags().StringVar(&opts.File, "file", "", "write to `path` atomically instead of standard output")
	cmd.Flags().BoolVar(&opts.EscapeFormulas, "escape-formulas", false, "prefix CSV cells starting with = + - @ tab or CR with ' (safe for spreadsheets; not for re-import)")
}

// newKindCmd finishes the command of one kind.
func newKindCmd(opts *Options, runF func(*Options) error, cmd *cobra.Command, prepare func() error) *cobra.Command {
	cmd.Args = cobra.NoArgs
	fileFlags(cmd, opts)
	cmd.RunE = func(c *cobra.Command, args []string) error {
		opts.Ctx = c.Context()
		switch opts.Format {
		case "", transfer.FormatCSV, transfer.FormatJSON, transfer.FormatJSONL:
		default:
			return cmdutil.FlagErrorf("invalid --format %q: use csv, json or jsonl", opts.Format)
		}
		if opts.EscapeFormulas && opts.Format != "" && opts.Format != transfer.FormatCSV {
			return cmdutil.FlagErrorf("--escape-formulas applies to csv only")
		}
		if prepare != nil {
			if err := prepare(); err != nil {
				return err
			}
		}
		if runF != nil {
			return runF(opts)
		}
		return exportRun(opts)
	}
	return cmd
}

// format is --format, else -o when it names a data format, else csv.
func (opts *Options) format() (string, error) {
	if opts.Format != "" {
		return opts.Format, nil
	}
	oo, err := opts.OutputOptions()
	if err != nil {
		return "", err
	}
	switch oo.Format {
	case output.FormatJSON, output.FormatJSONL, output.FormatCSV:
		return string(oo.Format), nil
	}
	return transfer.FormatCSV, nil
}

func exportRun(opts *Options) error {
	format, err := opts.format()
	if err != nil {
		return err
	}
	if opts.EscapeFormulas && format != transfer.FormatCSV {
		return cmdutil.FlagErrorf("--escape-formulas applies to csv only, not %s", format)
	}
	d, err := opts.Desk(opts.Ctx, false)
	if err != nil {
		return err
	}
	defer d.Close()
	cmdutil.StreamingGC(d)
	n := 0
	err = writeTo(opts.IO.Out, opts.File, func(w io.Writer) (err error) {
		n, err = transfer.Export(opts.Ctx, d, w, transfer.ExportOptions{
			Kind: opts.Kind, Format: format, EscapeFormulas: opts.EscapeFormulas,
			Accounts: opts.Accounts, Contacts: opts.Contacts, Tickets: opts.Tickets,
		})
		return err
	})
	if err != nil {
		return err
	}
	if opts.File != "" {
		opts.IO.Infof("exported %d %s to %s", n, opts.Kind, opts.File)
	}
	return nil
}

// writeTo runs write on standard output, or on an atomic file at path,
// which replaces path only when write succeeded.
func writeTo(stdout io.Writer, path string, write func(io.Writer) error) error {
	if path == "" {
		return write(stdout)
	}
	f, err := transfer.CreateAtomic(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Commit(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
