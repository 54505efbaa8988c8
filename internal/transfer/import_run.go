package transfer

import (
	"context"
	"errors"
	"fmt"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
)

// RejectSink receives the rejected rows of an import (the --errors file).
type RejectSink interface {
	Reject(row *Row, reason string) error
}

// tally is what one batch did; it is added to the job only once the
// batch's transaction has committed (a backend may run the batch function
// more than once).
type tally struct {
	created, updated, unchanged, skipped int
	rejected                             []*RowError
	rows                                 []*mapped // the rejected rows, parallel to rejected
}

func (t *tally) count(o desk.Outcome) {
	switch o {
	case desk.Created:
		t.created++
	case desk.Updated:
		t.updated++
	case desk.Unchanged:
		t.unchanged++
	case desk.Skipped:
		t.skipped++
	}
}

// isRowError reports whether err rejects a row rather than failing the
// import: the domain's classified errors.
func isRowError(err error) bool {
	return errors.Is(err, desk.ErrInvalid) || errors.Is(err, desk.ErrConflict) || errors.Is(err, desk.ErrNotFound)
}

// run applies one batch in journaled transactions of at most imp.maxRows
// rows, and as many as the heap allows (imp.memRows). A backend that caps
// a transaction's size (etcd: 128 operations by default) answers
// store.ErrTooLarge, which rolls that transaction back: the cap is halved
// and the same rows run again, and later batches keep the smaller cap.
// (Such a backend never holds index entries back: a failed transaction
// that held some would lose the import; see journal.Unit.Hold.)
func (imp *importer) run(ctx context.Context, im *desk.Import, b *batch) error {
	rows := b.rows
	for len(rows) > 0 {
		n := min(len(rows), imp.maxRows, imp.memRows)
		err := imp.runChunk(ctx, im, &batch{rows: rows[:n], offset: b.offset})
		if errors.Is(err, store.ErrTooLarge) && n > 1 {
			imp.maxRows = max(n/2, 1)
			continue
		}
		if err != nil {
			return err
		}
		rows = rows[n:]
	}
	if imp.opts.Progress != nil {
		imp.opts.Progress(imp.res.Job.Read, b.offset)
	}
	return nil
}

// runChunk applies rows in one journaled transaction. Each row runs in a
// savepoint (overlay): a rejected row's writes are dropped, the others'
// land with the batch.
func (imp *importer) runChunk(ctx context.Context, im *desk.Import, b *batch) error {
	var t tally
	var heap uint64
	ov := newOverlay()
	err := im.Batch(ctx, func(tx *desk.Tx) error {
		t = tally{}
		for _, m := range b.rows {
			if m.err != nil {
				t.rejected, t.rows = append(t.rejected, m.rowError(m.err)), append(t.rows, m)
				continue
			}
			var o desk.Outcome
			err := tx.Within(ov.wrap, func(sub *desk.Tx) (err error) {
				o, err = imp.apply(sub, m)
				return err
			})
			switch {
			case err == nil:
				if err := ov.flush(); err != nil {
					return err
				}
				t.count(o)
			case isRowError(err):
				t.rejected, t.rows = append(t.rejected, m.rowError(err)), append(t.rows, m)
			default:
				return fmt.Errorf("line %d: %w", m.row.Line, err)
			}
		}
		heap = imp.heap()
		return nil
	})
	if err != nil {
		return err
	}
	imp.fitRows(heap)
	j := imp.res.Job
	j.Read += len(b.rows)
	j.Created += t.created
	j.Updated += t.updated
	j.Unchanged += t.unchanged
	j.Skipped += t.skipped
	j.Rejected += len(t.rejected)
	for i, re := range t.rejected {
		if len(imp.res.Rejected) < MaxListed {
			imp.res.Rejected = append(imp.res.Rejected, re)
		}
		if imp.opts.Errors != nil {
			if err := imp.opts.Errors.Reject(t.rows[i].row, re.Reason()); err != nil {
				return fmt.Errorf("writing the errors file: %w", err)
			}
		}
	}
	return nil
}

// finish commits or rolls back the import and says why.
func (imp *importer) finish(ctx context.Context, im *desk.Import, fatal error) error {
	j := imp.res.Job
	// Rolling back must complete even after Ctrl-C.
	bg := context.WithoutCancel(ctx)
	rollback := func(status, why string) error {
		j.Error = why
		if err := im.Rollback(bg, status); err != nil {
			return fmt.Errorf("%w (job %d): %w", ErrNotRolledBack, j.ID, err)
		}
		return nil
	}
	switch {
	case ctx.Err() != nil:
		if err := rollback(desk.JobRolledBack, "interrupted"); err != nil {
			return err
		}
		return ctx.Err()
	case fatal != nil:
		if err := rollback(desk.JobFailed, fatal.Error()); err != nil {
			return errors.Join(fatal, err)
		}
		return fatal
	case imp.opts.DryRun:
		if err := rollback(desk.JobDryRun, ""); err != nil {
			return err
		}
		if j.Rejected > 0 {
			return imp.rejected("dry run: %d of %d rows would be rejected (job %d)", j.Rejected, j.Read, j.ID)
		}
		return nil
	case j.Rejected > 0 && !imp.opts.ContinueOnError:
		msg := fmt.Sprintf("%d of %d rows rejected", j.Rejected, j.Read)
		if err := rollback(desk.JobFailed, msg); err != nil {
			return err
		}
		return imp.rejected("%s; nothing was imported (job %d)", msg, j.ID)
	case j.Rejected > 0:
		j.Error = fmt.Sprintf("%d of %d rows rejected", j.Rejected, j.Read)
		if err := im.Commit(bg, desk.JobFailed); err != nil {
			return err
		}
		return imp.rejected("%s; the other rows were imported (job %d)", j.Error, j.ID)
	}
	return im.Commit(bg, desk.JobDone)
}

func (imp *importer) rejected(format string, args ...any) error {
	hint := "the errors file holds the rejected rows with the reason in its error column"
	if imp.opts.Errors == nil {
		hint = "write the rejected rows to a file with --errors FILE, fix them and import that file"
	}
	if !imp.opts.ContinueOnError && !imp.opts.DryRun {
		hint += "; or land the valid rows with --continue-on-error"
	}
	return &classified{class: ErrRejected, msg: fmt.Sprintf(format, args...), hint: hint}
}
