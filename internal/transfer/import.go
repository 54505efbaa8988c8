package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/deskctl/deskctl/internal/desk"
)

// DefaultBatchSize is the number of rows per store transaction. Measured
// with bbolt on 2 cores, 100,000 accounts through the binary, after the
// store split its keys into group buckets, journaled each transaction as
// one chunk and stored records in binary (issue #5): file order 4.5 s at
// 1,000 rows per batch, 3.8 s at 2,500, 3.7 s at 5,000, 4.3 s at 10,000;
// shuffled 6.0, 5.6, 5.5 and 9.0 s. The bytes written fall from 280 MB at
// 1,000 to 100 MB at 5,000 (each commit rewrites every index page it
// touched, and two fsyncs), and the gap widens with the store's size;
// past 5,000 bbolt's in-transaction work grows faster than the batch
// (leaves only split at commit). Peak private memory at 5,000: 125 MiB.
const DefaultBatchSize = 5000

// MaxListed is how many rejected rows Result.Rejected keeps for display.
const MaxListed = 20

// Options configure one import.
type Options struct {
	Kind   Kind
	File   string // recorded in the job: the path, or "-" for stdin
	Mapper *Mapper
	// Key, OnConflict, BlankClears, Move and NoAutoAccount are the upsert
	// policy (desk.Upsert). Key "" takes the kind's default. With Key
	// "id" (the restore path) contacts are not associated by email
	// domain: the row's account_id is kept as it is.
	Key           string
	OnConflict    string
	BlankClears   bool
	Move          bool
	NoAutoAccount bool
	// AccountKey and ContactKey say how import links reads its cells
	// (AccountRefs, ContactRefs; "" = auto); ContactKey also applies to
	// the contact column of tickets.
	AccountKey, ContactKey string
	// ContinueOnError lands the valid rows when some are rejected;
	// otherwise any rejected row rolls the whole import back.
	ContinueOnError bool
	// DryRun runs every row, then rolls everything back.
	DryRun bool
	// BatchSize is the number of rows per store transaction
	// (DefaultBatchSize when 0).
	BatchSize int
	// HeldIndexBytes bounds the index entries the import holds back and
	// writes sorted (desk.Desk.BeginImport; 0: desk's default).
	HeldIndexBytes int
	// Errors receives every rejected row, in input order (nil: none).
	Errors RejectSink
	// Progress, when set, is called after each batch.
	Progress func(rows int, bytes int64)
	// JobOptions are recorded in the job (the flags that shaped it).
	JobOptions map[string]string
}

// Result is what an import did.
type Result struct {
	Job *desk.ImportJob
	// Rejected holds the first MaxListed rejected rows.
	Rejected []*RowError
}

type importer struct {
	opts    Options
	upsert  desk.Upsert
	res     *Result
	maxRows int // rows per transaction: BatchSize, less if the backend said too large
	memRows int // rows per transaction as the heap allows (see memory.go)
	// heap samples the heap at the end of a transaction (heapObjects).
	heap func() uint64
}

// Import reads src and applies its rows to d in journaled batches that land
// as one unit (see package doc). It returns the result even with an error:
// ErrRejected when rows were rejected, ErrInput when the input could not be
// read, ctx.Err() when interrupted (everything is then rolled back).
func Import(ctx context.Context, d *desk.Desk, src Reader, opts Options) (*Result, error) {
	imp, err := newImporter(opts)
	if err != nil {
		return nil, err
	}
	var targets []string
	if h := src.Header(); h != nil {
		if targets, err = opts.Mapper.MapHeader(h); err != nil {
			return nil, err
		}
		if err := imp.checkColumns(targets); err != nil {
			return nil, err
		}
	}
	im, err := d.BeginImport(ctx, desk.ImportJob{Kind: string(opts.Kind), File: opts.File, Options: opts.JobOptions}, opts.HeldIndexBytes)
	if err != nil {
		return nil, err
	}
	imp.res = &Result{Job: im.Job}
	stop := make(chan struct{})
	defer close(stop)
	batches := imp.produce(ctx, src, targets, stop)
	var fatal error
loop:
	for fatal == nil {
		select {
		case <-ctx.Done():
			break loop // the reader may be blocked on stdin: do not wait for it
		case b, ok := <-batches:
			if !ok {
				break loop
			}
			if fatal = imp.run(ctx, im, b); fatal == nil && b.err != nil {
				fatal = b.err
			}
		}
	}
	return imp.res, imp.finish(ctx, im, fatal)
}

func newImporter(opts Options) (*importer, error) {
	if opts.Mapper == nil {
		return nil, optionError("no column mapper")
	}
	if keys := keysFor(opts.Kind); keys != nil {
		if opts.Key == "" {
			opts.Key = keys[0]
		}
		if !slices.Contains(keys, opts.Key) {
			return nil, optionError("--key %q: %s rows are keyed by %s", opts.Key, opts.Kind, strings.Join(keys, ", "))
		}
	}
	if opts.OnConflict == "" {
		opts.OnConflict = "fail"
	}
	if !slices.Contains(desk.ConflictPolicies, opts.OnConflict) {
		return nil, optionError("--on-conflict %q: use %s", opts.OnConflict, strings.Join(desk.ConflictPolicies, ", "))
	}
	for _, c := range []struct {
		name, v string
		ok      []string
	}{
		{"--account-key", opts.AccountKey, AccountRefs}, {"--contact-key", opts.ContactKey, ContactRefs},
	} {
		if c.v != "" && !slices.Contains(c.ok, c.v) {
			return nil, optionError("%s %q: use %s", c.name, c.v, strings.Join(c.ok, ", "))
		}
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	return &importer{opts: opts, maxRows: opts.BatchSize, memRows: opts.BatchSize, heap: sampleHeap, upsert: desk.Upsert{
		Key: opts.Key, OnConflict: opts.OnConflict, BlankClears: opts.BlankClears, Move: opts.Move,
		NoAutoAccount: opts.NoAutoAccount || opts.Key == "id",
	}}, nil
}

// checkColumns requires, up front, the columns without which no row could
// be imported: the key, and both sides of a link.
func (imp *importer) checkColumns(targets []string) error {
	var need []string
	switch imp.opts.Kind {
	case Links:
		need = []string{"account", "contact"}
	case Tickets:
		if !slices.Contains(targets, "contact") && !slices.Contains(targets, "contact_id") {
			need = []string{"contact"}
		}
		if imp.opts.Key == "id" {
			need = append(need, "id")
		}
	default:
		if imp.opts.Key != "email" { // rows without an email are simply new records
			need = []string{imp.opts.Key}
		}
	}
	for _, n := range need {
		if !slices.Contains(targets, n) {
			return &classified{class: ErrInput, msg: fmt.Sprintf("no column maps to %s, which an import of %s needs (--key %s)", n, imp.opts.Kind, imp.opts.Key),
				hint: fmt.Sprintf(`name the column with --map "Your Column=%s"`, n)}
		}
	}
	return nil
}

// batch is a run of mapped rows; err, on the last batch, is the error
// that ended reading.
type batch struct {
	rows   []*mapped
	offset int64
	err    error
}

// produce reads, maps and checks rows for duplicate keys in a goroutine,
// so that parsing overlaps the store's work, and hands them over in
// batches.
func (imp *importer) produce(ctx context.Context, src Reader, targets []string, stop <-chan struct{}) <-chan *batch {
	out := make(chan *batch, 1)
	keyField := imp.opts.Key
	if keyField == "none" || imp.opts.Kind == Links {
		keyField = ""
	}
	dd := newDedup(keyField)
	go func() {
		defer close(out)
		defer dd.close()
		b := &batch{}
		send := func() bool {
			b.offset = src.Offset()
			select {
			case out <- b:
				b = &batch{}
				return true
			case <-stop:
				return false
			case <-ctx.Done():
				return false
			}
		}
		for {
			row, err := src.Read()
			if err == nil {
				var m *mapped
				if m, err = imp.mapRow(row, targets); err == nil {
					if err = dd.check(m); err == nil {
						b.rows = append(b.rows, m)
					}
				}
			}
			if errors.Is(err, io.EOF) {
				send()
				return
			}
			if err != nil {
				b.err = err
				send()
				return
			}
			if len(b.rows) >= imp.opts.BatchSize && !send() {
				return
			}
		}
	}()
	return out
}
