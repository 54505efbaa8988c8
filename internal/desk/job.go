package desk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/journal"
)

// Import job statuses.
const (
	JobRunning    = "running"
	JobDone       = "done"
	JobFailed     = "failed"      // rows were rejected; nothing (or, with --continue-on-error, the valid rows) landed
	JobRolledBack = "rolled_back" // interrupted or killed; recovered to the state before it
	JobDryRun     = "dry_run"
)

// ImportJob is the record of one import (`import history`).
type ImportJob struct {
	ID         uint64            `json:"id"`
	Kind       string            `json:"kind"`
	File       string            `json:"file"`
	Options    map[string]string `json:"options"`
	Status     string            `json:"status"`
	StartedAt  time.Time         `json:"started_at"`
	FinishedAt *time.Time        `json:"finished_at"`
	Read       int               `json:"read"`
	Created    int               `json:"created"`
	Updated    int               `json:"updated"`
	Unchanged  int               `json:"unchanged"`
	Skipped    int               `json:"skipped"`
	Rejected   int               `json:"rejected"`
	Error      string            `json:"error"`
	Stamp
}

func (j *ImportJob) recordID() uint64      { return j.ID }
func (j *ImportJob) setRecordID(id uint64) { j.ID = id }
func (j *ImportJob) stamp() *Stamp         { return &j.Stamp }

var jobs = &entity[ImportJob, *ImportJob]{kind: "job"}

// Import is a running bulk import: many batches, each its own store
// transaction, that land as one unit. Every batch is journaled, so
// Rollback — or, after a crash, Recover on the next write open — undoes
// them all.
type Import struct {
	d    *Desk
	unit *journal.Unit
	Job  *ImportJob
}

// BeginImport records a running job and opens its journal unit.
// held bounds the index entries it holds back (see heldIndexBytes; 0 or
// less: heldIndexBytes).
func (d *Desk) BeginImport(ctx context.Context, job ImportJob, held int) (*Import, error) {
	now := d.now()
	job.Status, job.StartedAt = JobRunning, now
	if job.Options == nil {
		job.Options = map[string]string{}
	}
	// The job and its journal unit appear in one transaction: a process
	// killed right after it leaves a unit that recovery closes, never a job
	// stuck in "running".
	if err := d.store.Update(ctx, func(st store.Tx) error {
		if err := jobs.insert(st, &job, now); err != nil {
			return err
		}
		return journal.Mark(st, job.ID, "import "+job.Kind)
	}); err != nil {
		return nil, err
	}
	unit := journal.Attach(d.store, job.ID)
	if kind, ok := importedKinds[job.Kind]; ok {
		d.holdIndexes(unit, held, ixPrefix+kind+"/")
	}
	return &Import{d: d, unit: unit, Job: &job}, nil
}

// heldIndexBytes is how much of the index entries of the records it
// writes an import holds back and applies in key order (journal.Unit.Hold,
// package bulk): their keys arrive in the input's order, scattered over
// the index, and bbolt rewrites every page a transaction touches. A
// million accounts in shuffled order (bench/run.sh, medians of 3, when
// holding came in): 93.5 s before, 25.5 s with; in file order 26.1 s
// before, 22.6 s with; peak private memory 181 MiB (bench/RESULTS.md has
// today's figures). Past it they spill to a temporary file and are
// written once, merged, at the commit: an index loaded into an empty store
// is then packed full. A var for the tests, which shrink it.
var heldIndexBytes = HeldIndexBytes

// HeldIndexBytes is heldIndexBytes' value, for bench/floor to hold as an
// import does.
const HeldIndexBytes = 24 << 20

// holdIndexes makes unit hold back its index entries under prefixes, on a
// store that nobody else reads or writes while the unit runs; there it
// also journals the keys the unit appends as one undo record per prefix
// (journal.Unit.Tails): the records and log entries (ids come from
// sequences, so a load's new records all sort past the last one stored)
// and the held index entries (written sorted at the end, so past the last
// one in an empty index). A million accounts into an empty store: six
// million undo records fewer, and the 48 MB of journal pages they took,
// free once the import commits, no longer grow the file.
func (d *Desk) holdIndexes(unit *journal.Unit, held int, prefixes ...string) {
	if held <= 0 {
		held = heldIndexBytes
	}
	if x, ok := d.store.(store.Exclusive); ok && x.Exclusive() {
		unit.Hold(held, prefixes...)
		// Held index entries are journaled as they reach the store,
		// sorted: into an empty index they all land past its last key.
		unit.Tails(append(slices.Clone(appendedPrefixes), prefixes...)...)
	}
}

// appendedPrefixes are where a load's new keys sort past every stored one:
// the records of the kinds rows create (ids from a sequence) and the log's
// index by account (keyed by account id, then log id).
var appendedPrefixes = []string{
	string(recordPrefix(accounts.kind)), string(recordPrefix(contacts.kind)),
	string(recordPrefix(tickets.kind)), string(recordPrefix(notes.kind)),
	string(recordPrefix(managers.kind)), string(recordPrefix(logEntries.kind)),
	string(indexPrefix(logEntries.kind, "account")),
}

// importedKinds maps an import's kind to the entity whose indexes it
// fills (a restore holds them all).
var importedKinds = map[string]string{
	"accounts": accounts.kind,
	"contacts": contacts.kind,
	"links":    contacts.kind,
	"tickets":  tickets.kind,
	"managers": managers.kind,
}

// Batch runs fn in one journaled transaction of the import. Events are not
// returned: an import reports once, when it finishes.
func (im *Import) Batch(ctx context.Context, fn func(*Tx) error) error {
	return im.unit.Update(ctx, func(st store.Tx) error {
		return fn(&Tx{st: st, d: im.d, now: im.d.now()})
	})
}

// Commit lands the import: the job's final counts and status are written in
// the transaction that closes the unit.
func (im *Import) Commit(ctx context.Context, status string) error {
	return im.unit.Commit(ctx, im.finish(status))
}

// Rollback undoes every batch and records the job with the given status.
func (im *Import) Rollback(ctx context.Context, status string) error {
	return im.unit.Rollback(ctx, im.finish(status))
}

func (im *Import) finish(status string) func(store.Tx) error {
	return func(st store.Tx) error {
		old, err := jobs.get(st, im.Job.ID)
		if err != nil {
			return err
		}
		now := im.d.now()
		im.Job.Status, im.Job.FinishedAt = status, &now
		return jobs.update(st, old, im.Job, now)
	}
}

// NeedsRecovery reports whether an interrupted import must be rolled back
// (or cleaned up) before the store is read.
func (d *Desk) NeedsRecovery(ctx context.Context) (bool, error) {
	var needs bool
	err := d.store.View(ctx, func(st store.Tx) error {
		var err error
		needs, err = journal.NeedsRecovery(st)
		return err
	})
	return needs, err
}

// Recover rolls back every import left open by a process that died or was
// interrupted, and marks its job rolled_back; then it migrates an older
// store, which Open leaves alone while an import is open. Call it only
// while holding the write lock (bbolt) — which guarantees the importer is
// gone.
func (d *Desk) Recover(ctx context.Context) error {
	if err := d.rollBackImports(ctx); err != nil {
		return err
	}
	return d.migrate(ctx)
}

func (d *Desk) rollBackImports(ctx context.Context) error {
	return journal.Recover(ctx, d.store, func(st store.Tx, id uint64) error {
		old, err := jobs.get(st, id)
		if errors.Is(err, ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		j := *old
		now := d.now()
		j.Status, j.FinishedAt = JobRolledBack, &now
		if j.Error == "" {
			j.Error = "interrupted: rolled back when the store was next opened"
		}
		return jobs.update(st, old, &j, now)
	})
}

// ImportJobs calls fn for each import job, newest first.
func (tx *Tx) ImportJobs(limit int, fn func(*ImportJob) error) error {
	n := 0
	err := jobs.scan(tx.st, 0, true, func(j *ImportJob) error {
		if err := fn(j); err != nil {
			return err
		}
		if n++; limit > 0 && n >= limit {
			return store.ErrStop
		}
		return nil
	})
	if errors.Is(err, store.ErrStop) {
		return nil
	}
	return err
}

// ImportJob returns one import job.
func (tx *Tx) ImportJob(id uint64) (*ImportJob, error) {
	j, err := jobs.get(tx.st, id)
	if errors.Is(err, ErrNotFound) {
		return nil, notFound("import job %d not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("import job %d: %w", id, err)
	}
	return j, nil
}
