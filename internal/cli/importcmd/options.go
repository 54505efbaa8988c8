package importcmd

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
	"github.com/deskctl/deskctl/internal/transfer"
)

// Options are the inputs of `deskctl import accounts|contacts|links|
// tickets|managers`; which flags a verb has depends on its kind.
type Options struct {
	IO            *iostreams.IOStreams
	Config        func() (*cmdutil.Config, error)
	Desk          func(ctx context.Context, write bool) (*desk.Desk, error)
	OutputOptions func() (output.Options, error)
	FireHooks     func(ctx context.Context, events []desk.Event) error
	Ctx           context.Context

	Kind transfer.Kind
	File string // the argument: a path, or "-" for standard input

	Format        string
	Delimiter     string
	Encoding      string
	Maps          []string
	IgnoreUnknown bool
	Profile       string

	Key           string
	OnConflict    string
	Blank         string
	Move          bool
	NoAutoAccount bool
	AccountKey    string
	ContactKey    string

	ContinueOnError bool
	DryRun          bool
	ErrorsFile      string
	BatchSize       int
	HeldIndexBytes  int

	// Changed records the flags given on the command line, which win over
	// a profile's settings.
	Changed map[string]bool
}

func newOptions(f *cmdutil.Factory, kind transfer.Kind) *Options {
	return &Options{IO: f.IOStreams, Config: f.Config, Desk: f.Desk, OutputOptions: f.OutputOptions, FireHooks: f.FireHooks, Kind: kind}
}

// newKindCmd builds the command of one kind: the shared flags, the
// argument, the checks, and the call to runF or importRun.
func newKindCmd(opts *Options, runF func(*Options) error, cmd *cobra.Command) *cobra.Command {
	cmd.Args = cobra.ExactArgs(1)
	fl := cmd.Flags()
	fl.StringVar(&opts.Format, "format", "", "input `format`: csv or jsonl (default: jsonl for .jsonl/.ndjson files, else csv)")
	fl.StringVar(&opts.Delimiter, "delimiter", "", "CSV `delimiter`: \",\", \";\" or tab (default: detected from the header line)")
	fl.StringVar(&opts.Encoding, "encoding", "", "input `encoding`: "+strings.Join(transfer.Encodings, ", ")+" (default utf-8)")
	fl.StringArrayVar(&opts.Maps, "map", nil, "rename an input column: `\"Input Column=field\"` (\"Notes=-\" drops it); repeatable")
	fl.BoolVar(&opts.IgnoreUnknown, "ignore-unknown", false, "skip columns that map to no field instead of failing")
	fl.StringVar(&opts.Profile, "profile", "", "use the mapping profile `name` of the config (key profiles)")
	fl.BoolVar(&opts.ContinueOnError, "continue-on-error", false, "import the valid rows even when some are rejected (exit 5 if any were)")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "validate every row and report what would change; write nothing")
	fl.StringVar(&opts.ErrorsFile, "errors", "", "write the rejected rows, with an error column, to `file` (written atomically)")
	fl.IntVar(&opts.BatchSize, "batch-size", transfer.DefaultBatchSize, "rows per store transaction (tuning)")
	_ = fl.MarkHidden("batch-size")
	fl.IntVar(&opts.HeldIndexBytes, "held-index-bytes", 0, "bytes of index entries held back and written sorted (tuning; 0: the default, 24 MiB)")
	_ = fl.MarkHidden("held-index-bytes")
	cmd.RunE = func(c *cobra.Command, args []string) error {
		opts.File = args[0]
		opts.Ctx = c.Context()
		opts.Changed = map[string]bool{}
		c.Flags().Visit(func(f *pflag.Flag) { opts.Changed[f.Name] = true })
		if err := opts.check(); err != nil {
			return err
		}
		if runF != nil {
			return runF(opts)
		}
		return importRun(opts)
	}
	return cmd
}

// upsertFlags adds --key, --on-conflict and --blank.
func upsertFlags(cmd *cobra.Command, opts *Options, keys []string) {
	cmd.Flags().StringVar(&opts.Key, "key", keys[0], "`field` that identifies a row's record: "+strings.Join(keys, ", "))
	cmd.Flags().StringVar(&opts.OnConflict, "on-conflict", "fail", "`policy` when the key names an existing record: fail, skip or update")
	cmd.Flags().StringVar(&opts.Blank, "blank", "keep", "what an empty cell does on update (`mode`): keep the stored value, or clear the field")
}

// check rejects bad flag values and combinations before any work.
func (opts *Options) check() error {
	choices := []struct {
		flag, value string
		valid       []string
	}{
		{"on-conflict", opts.OnConflict, desk.ConflictPolicies},
		{"blank", opts.Blank, []string{"keep", "clear"}},
		{"account-key", opts.AccountKey, transfer.AccountRefs},
		{"contact-key", opts.ContactKey, transfer.ContactRefs},
		{"format", opts.Format, []string{transfer.FormatCSV, transfer.FormatJSONL}},
	}
	for _, c := range choices {
		if c.value != "" && !slices.Contains(c.valid, c.value) {
			return cmdutil.FlagErrorf("invalid --%s %q: use %s", c.flag, c.value, strings.Join(c.valid, ", "))
		}
	}
	if _, err := transfer.ParseDelimiter(opts.Delimiter); err != nil {
		return cmdutil.FlagErrorWrap(err)
	}
	if _, err := transfer.ParseEncoding(opts.Encoding); err != nil {
		return cmdutil.FlagErrorWrap(err)
	}
	if _, err := transfer.ParseMap(opts.Maps); err != nil {
		return cmdutil.FlagErrorWrap(err)
	}
	if opts.ErrorsFile == "-" {
		return cmdutil.FlagErrorf("--errors needs a file name: standard output carries the summary")
	}
	if opts.ErrorsFile != "" && opts.File != "-" && sameFile(opts.ErrorsFile, opts.File) {
		return cmdutil.FlagErrorf("--errors %s would overwrite the input file", opts.ErrorsFile)
	}
	if opts.HeldIndexBytes < 0 {
		return cmdutil.FlagErrorf("--held-index-bytes must not be negative")
	}
	if opts.BatchSize < 1 {
		return cmdutil.FlagErrorf("--batch-size must be at least 1")
	}
	return nil
}

func sameFile(a, b string) bool {
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}

// jobOptions are the settings recorded in the job, for `import show`.
func (opts *Options) jobOptions(ro transfer.ReadOptions) map[string]string {
	m := map[string]string{"format": ro.Format}
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	set("key", opts.Key)
	set("on_conflict", opts.OnConflict)
	set("blank", opts.Blank)
	set("encoding", ro.Encoding)
	set("profile", opts.Profile)
	set("account_key", opts.AccountKey)
	set("contact_key", opts.ContactKey)
	set("errors", opts.ErrorsFile)
	if ro.Delimiter != 0 {
		m["delimiter"] = string(ro.Delimiter)
	}
	if len(opts.Maps) > 0 {
		m["map"] = strings.Join(opts.Maps, "; ")
	}
	for k, v := range map[string]bool{"move": opts.Move, "no_auto_account": opts.NoAutoAccount,
		"continue_on_error": opts.ContinueOnError, "dry_run": opts.DryRun, "ignore_unknown": opts.IgnoreUnknown} {
		if v {
			m[k] = strconv.FormatBool(v)
		}
	}
	return m
}
