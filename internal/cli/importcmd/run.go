package importcmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/transfer"
)

func importRun(opts *Options) error {
	ro, mo, err := opts.resolve()
	if err != nil {
		return err
	}
	mapper, err := transfer.NewMapper(opts.Kind, mo)
	if err != nil {
		return cmdutil.FlagErrorWrap(err)
	}
	in, size, err := openInput(opts.IO.In, opts.File)
	if err != nil {
		return err
	}
	defer in.Close()
	src, err := transfer.NewReader(in, ro)
	if err != nil {
		return classify(err)
	}
	d, err := opts.Desk(opts.Ctx, true)
	if err != nil {
		return err
	}
	defer d.Close()

	topts := transfer.Options{
		Kind: opts.Kind, File: opts.File, Mapper: mapper,
		Key: opts.Key, OnConflict: opts.OnConflict, BlankClears: opts.Blank == "clear",
		Move: opts.Move, NoAutoAccount: opts.NoAutoAccount,
		AccountKey: opts.AccountKey, ContactKey: opts.ContactKey,
		ContinueOnError: opts.ContinueOnError, DryRun: opts.DryRun, BatchSize: opts.BatchSize,
		HeldIndexBytes: opts.HeldIndexBytes,
		JobOptions:     opts.jobOptions(ro),
	}
	var errFile *transfer.AtomicFile
	var sink *transfer.ErrorsFile
	if opts.ErrorsFile != "" {
		if errFile, err = transfer.CreateAtomic(opts.ErrorsFile); err != nil {
			return err
		}
		defer errFile.Abort()
		comma := ','
		if c, ok := src.(interface{ Comma() rune }); ok {
			comma = c.Comma()
		}
		sink = transfer.NewErrorsFile(errFile, src.Header(), comma)
		topts.Errors = sink
	}
	var bar *transfer.ProgressBar
	if opts.IO.ProgressEnabled() {
		bar = transfer.NewProgressBar(opts.IO.ErrOut, "importing "+string(opts.Kind), size)
		topts.Progress = bar.Update
	}
	start := time.Now()
	res, err := transfer.Import(opts.Ctx, d, src, topts)
	elapsed := time.Since(start)
	if bar != nil {
		bar.Done()
	}
	if sink != nil && res != nil && (err == nil || errors.Is(err, transfer.ErrRejected)) {
		if cerr := sink.Close(); cerr != nil {
			return fmt.Errorf("writing %s: %w", opts.ErrorsFile, cerr)
		}
		if cerr := errFile.Commit(); cerr != nil {
			return cerr
		}
	}
	if res != nil {
		if rerr := report(opts, res, elapsed, err); rerr != nil {
			return rerr
		}
		if landed(opts, res, err) && opts.FireHooks != nil {
			j := res.Job
			_ = d.Close() // hooks may log their failures, which opens the store
			if herr := opts.FireHooks(opts.Ctx, []desk.Event{{Name: "import.finished", ID: j.ID, Time: *j.FinishedAt, After: j}}); herr != nil && err == nil {
				err = herr
			}
		}
	}
	return classify(err)
}

// landed reports whether the import's rows were committed: the one case
// in which the import.finished hook fires (once, not once per row).
func landed(opts *Options, res *transfer.Result, err error) bool {
	if opts.DryRun || res.Job.FinishedAt == nil {
		return false
	}
	return err == nil || (opts.ContinueOnError && errors.Is(err, transfer.ErrRejected))
}

// classify turns the engine's option errors into usage errors and carries
// its hints to the error report.
func classify(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, transfer.ErrOption) {
		return cmdutil.FlagErrorWrap(err)
	}
	if h := transfer.Hint(err); h != "" {
		return cmdutil.WithHint(err, h)
	}
	return err
}

// resolve combines the profile (if any) with the flags, which win.
func (opts *Options) resolve() (transfer.ReadOptions, transfer.MapOptions, error) {
	var ro transfer.ReadOptions
	mo := transfer.MapOptions{Map: map[string]string{}, IgnoreUnknown: opts.IgnoreUnknown}
	format, delim, enc := opts.Format, opts.Delimiter, opts.Encoding
	if opts.Profile != "" {
		cfg, err := opts.Config()
		if err != nil {
			return ro, mo, err
		}
		p, err := transfer.LoadProfile(cfg.Profiles, opts.Profile)
		if err != nil {
			return ro, mo, cmdutil.UsageErrorWrap(err)
		}
		for k, v := range p.Map {
			mo.Map[k] = v
		}
		if !opts.Changed["ignore-unknown"] {
			mo.IgnoreUnknown = p.IgnoreUnknown
		}
		if !opts.Changed["format"] {
			format = p.Format
		}
		if !opts.Changed["delimiter"] {
			delim = p.Delimiter
		}
		if !opts.Changed["encoding"] {
			enc = p.Encoding
		}
	}
	user, _ := transfer.ParseMap(opts.Maps) // checked in RunE
	mo.Map = transfer.MergeMaps(mo.Map, user)
	if format == "" {
		format = transfer.FormatCSV
		if l := strings.ToLower(opts.File); strings.HasSuffix(l, ".jsonl") || strings.HasSuffix(l, ".ndjson") {
			format = transfer.FormatJSONL
		}
	}
	d, err := transfer.ParseDelimiter(delim)
	if err != nil {
		return ro, mo, cmdutil.UsageErrorWrap(err)
	}
	if _, err := transfer.ParseEncoding(enc); err != nil {
		return ro, mo, cmdutil.UsageErrorWrap(err)
	}
	ro = transfer.ReadOptions{Format: format, Delimiter: d, Encoding: enc}
	return ro, mo, nil
}

// openInput opens the file argument ("-" is standard input) and returns
// its size when known (for the progress bar's ETA).
func openInput(stdin io.Reader, name string) (io.ReadCloser, int64, error) {
	if name == "-" {
		return io.NopCloser(stdin), 0, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, cmdutil.UsageErrorf("cannot read the input: %w", err)
	}
	var size int64
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		size = info.Size()
	}
	return f, size, nil
}
