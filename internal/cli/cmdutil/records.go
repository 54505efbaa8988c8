package cmdutil

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
)

// errDryRun rolls back a --dry-run write after it has been validated.
var errDryRun = errors.New("dry run")

// View opens the store read-only and runs fn in one read transaction.
func (f *Factory) View(ctx context.Context, fn func(*desk.Tx) error) error {
	d, err := f.Desk(ctx, false)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.View(ctx, fn)
}

// Update opens the store for writing and runs fn in one write transaction:
// all of fn's writes land, or — on error — none. After the commit it runs
// the configured hooks (see FireHooks). With dryRun, fn runs and
// validates everything, and the transaction is then rolled back: the store
// is left exactly as it was, and fn's results describe what would happen.
func (f *Factory) Update(ctx context.Context, dryRun bool, fn func(*desk.Tx) error) ([]desk.Event, error) {
	d, err := f.Desk(ctx, true)
	if err != nil {
		return nil, err
	}
	events, err := d.Update(ctx, func(tx *desk.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	// Release the store before hooks run: a hook may call deskctl.
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if dryRun && errors.Is(err, errDryRun) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return events, f.FireHooks(ctx, events)
}

// Printer prints the records of one entity with its default columns: the
// config's `columns.<entity>` when set, else builtin.
type Printer struct {
	f       *Factory
	entity  string
	columns []string
}

// Printer returns a printer for entity ("account", "contact", ...).
func (f *Factory) Printer(entity string, builtin []string) (*Printer, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	return &Printer{f: f, entity: entity, columns: cfg.ColumnsFor(entity, builtin)}, nil
}

// One prints a single record (show, create, edit).
func (p *Printer) One(rec any) error {
	opts, err := p.f.OutputOptions()
	if err != nil {
		return err
	}
	return output.One(p.f.IOStreams.Out, opts, p.columns, rec)
}

// List starts a streaming list. The caller writes records and must Close
// it; Close says "no <entity>s found" on stderr when nothing was written
// and the output is a table on a terminal.
func (p *Printer) List() (*ListWriter, error) {
	opts, err := p.f.OutputOptions()
	if err != nil {
		return nil, err
	}
	l, err := output.NewList(p.f.IOStreams.Out, opts, p.columns)
	if err != nil {
		return nil, FlagErrorWrap(err)
	}
	return &ListWriter{List: l, p: p, table: opts.Format == output.FormatTable || opts.Format == ""}, nil
}

// ListWriter is a streaming list of one entity's records.
type ListWriter struct {
	*output.List
	p     *Printer
	table bool
}

// Close flushes the list.
func (w *ListWriter) Close() error {
	err := w.List.Close()
	if err == nil && w.Len() == 0 && w.table {
		w.p.f.IOStreams.Infof("no %ss found\n", w.p.entity)
	}
	return err
}

// Finish ends the list once the command's work returned err: Close when
// err is nil, else Abort (nothing that looks like a complete answer is
// printed). It returns err, or Close's error.
func (w *ListWriter) Finish(err error) error {
	if err != nil {
		_ = w.Abort()
		return err
	}
	return w.Close()
}

// Done reports a successful write on stderr ("Created account 3 (Acme)"),
// or, for a dry run, that nothing was written. --quiet silences both.
func (f *Factory) Done(dryRun bool, format string, args ...any) {
	if dryRun {
		f.IOStreams.Infof("dry run: would have "+format+"; nothing was written\n", args...)
		return
	}
	f.IOStreams.Infof(format+"\n", args...)
}

// CheckedPrinter is Printer after checking, before the store is opened,
// that -o, --fields, --jq and the configured columns can print records
// shaped like sample: a typo in --fields is then a usage error (exit 2)
// that changed nothing. Without the check a write would commit first and
// fail only when printing its result, and a list would check --fields
// against its first record only, letting a typo pass on an empty result.
func (f *Factory) CheckedPrinter(kind string, builtin []string, sample any) (*Printer, error) {
	p, err := f.Printer(kind, builtin)
	if err != nil {
		return nil, err
	}
	opts, err := f.OutputOptions()
	if err != nil {
		return nil, err
	}
	opts.Available = JSONKeys(sample)
	if _, err := output.NewList(io.Discard, opts, p.columns); err != nil {
		return nil, err
	}
	return p, nil
}

// JSONKeys returns the top-level keys of v's JSON object, in order.
func JSONKeys(v any) []string {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		return nil
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return keys
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return keys
		}
		keys = append(keys, tok.(string))
	}
	return keys
}
