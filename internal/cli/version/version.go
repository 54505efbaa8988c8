package version

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/output"
)

// Options are the inputs of `deskctl version`.
type Options struct {
	IO            *iostreams.IOStreams
	OutputOptions func() (output.Options, error)
	Info          Info
}

// defaultColumns are the csv/table columns of the version record.
var defaultColumns = []string{"version", "commit", "date", "go_version", "platform"}

// NewCmdVersion returns the version command. runF replaces the run function
// in tests; nil runs the command.
func NewCmdVersion(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, OutputOptions: f.OutputOptions}
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version of deskctl",
		Long: `Print the version of deskctl, the commit it was built from and the build date.

With -o json (or jsonl, csv) the same information is printed as a record
with the fields version, commit, date, go_version and platform.`,
		Example: `  $ deskctl version
  $ deskctl version -o json --jq .version`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Info = Get()
			if runF != nil {
				return runF(opts)
			}
			return versionRun(opts)
		},
	}
	return cmd
}

func versionRun(opts *Options) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	if (oo.Format == "" || oo.Format == output.FormatTable) && len(oo.Fields) == 0 {
		_, err := fmt.Fprintf(opts.IO.Out, "deskctl %s\n", opts.Info)
		return err
	}
	return output.One(opts.IO.Out, oo, defaultColumns, opts.Info)
}
