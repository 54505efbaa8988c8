package desk

// What bulk import and export (package transfer) need from the domain and
// nothing else: a savepoint for one import row, the normal form of upsert
// keys, creates that keep a row's id, and the raw dump and restore of a
// whole store (`export all` / `import all`).

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/journal"
)

// Within runs fn on a Tx whose store transaction is wrap(tx's own). An
// importer wraps it in a write buffer that it flushes only when fn
// succeeds: a savepoint, so that a rejected row leaves no write behind in
// its batch. fn's events are kept only when it succeeds.
func (tx *Tx) Within(wrap func(store.Tx) store.Tx, fn func(*Tx) error) error {
	sub := &Tx{st: wrap(tx.st), d: tx.d, now: tx.now}
	if err := fn(sub); err != nil {
		return err
	}
	tx.events = append(tx.events, sub.events...)
	return nil
}

// ImportKey returns the form under which the store compares values of the
// upsert key (--key name, email, external_id, id, employee_id, login): two
// rows whose keys give the same ImportKey name the same record. It returns
// "" for a blank or invalid value, which names no record.
func ImportKey(key, value string) string {
	switch key {
	case "name":
		return foldName(value)
	case "email":
		_, k, err := NormalizeEmail("email", value)
		if err != nil {
			return ""
		}
		return k
	case "id":
		n, err := parseImportID(value)
		if err != nil {
			return ""
		}
		return strconv.FormatUint(n, 10)
	case "login":
		return fold(strings.TrimSpace(value))
	}
	return strings.TrimSpace(value)
}

// CreateTicketWithID creates a ticket that keeps the given id (an import
// with --key id into a store that lacks it). It is CreateTicket with the
// id chosen by the caller.
func (tx *Tx) CreateTicketWithID(id uint64, ch TicketChange) (*TicketView, error) {
	if id == 0 {
		return nil, invalid("id", "is required")
	}
	return tx.createTicket(id, ch)
}

// CreateManagerWithID creates a manager that keeps the given id.
func (tx *Tx) CreateManagerWithID(id uint64, c ManagerChange) (*Manager, error) {
	if id == 0 {
		return nil, invalid("id", "is required")
	}
	return tx.createManager(id, c)
}

// dumper is the type-erased view of an entity that Dump and Restore use.
type dumper interface {
	dump(st store.Tx, fn func(raw []byte) error) error
	restore(st store.Tx, raw []byte) error
}

// DumpKinds are the record kinds of a whole-store dump, in the order
// `export all` writes them.
var DumpKinds = []string{"manager", "account", "contact", "ticket", "note", "log", "job"}

var dumpers = map[string]dumper{
	"manager": managers, "account": accounts, "contact": contacts, "ticket": tickets,
	"note": notes, "log": logEntries, "job": jobs,
}

func (e *entity[T, P]) dump(st store.Tx, fn func(raw []byte) error) error {
	return st.Scan(recordPrefix(e.kind), store.ScanOptions{}, func(k, v []byte) error {
		raw, err := storedJSON[T](bytesID(k), v)
		if err != nil {
			return fmt.Errorf("%w: %s record: %v", store.ErrCorrupt, e.kind, err)
		}
		return fn(raw)
	})
}

func (e *entity[T, P]) restore(st store.Tx, raw []byte) error {
	rec := new(T)
	if err := json.Unmarshal(raw, rec); err != nil {
		return invalid(e.kind, "%v", err)
	}
	if P(rec).recordID() == 0 {
		return invalid("id", "%s record without an id", e.kind)
	}
	if P(rec).stamp().Version < 1 {
		return invalid("version", "%s %d has version %d", e.kind, P(rec).recordID(), P(rec).stamp().Version)
	}
	return e.insertWithID(st, rec)
}

// Dump calls fn with the JSON of every record of a kind (one of
// DumpKinds), in id order: the stored JSON, or the JSON of a record
// stored in binary (codec.go), the same bytes either way. raw is only
// valid during the call.
func (tx *Tx) Dump(kind string, fn func(raw []byte) error) error {
	d, ok := dumpers[kind]
	if !ok {
		return invalid("type", "%q is not a record kind (%s)", kind, strings.Join(DumpKinds, ", "))
	}
	return d.dump(tx.st, fn)
}

// Restore stores one record of a dump as it was: id, version, timestamps.
// Indexes are written and unique values checked as for any write; no log
// entry is added (the log is itself restored). References between records
// are not checked here, since a dump lists them in any order: run
// Desk.Check once every record is in.
func (tx *Tx) Restore(kind string, raw []byte) error {
	d, ok := dumpers[kind]
	if !ok {
		return invalid("type", "%q is not a record kind (%s)", kind, strings.Join(DumpKinds, ", "))
	}
	return d.restore(tx.st, raw)
}

// Counters calls fn with the last id handed out for each kind.
func (tx *Tx) Counters(fn func(kind string, last uint64) error) error {
	return tx.st.Scan([]byte(seqPrefix), store.ScanOptions{}, func(k, v []byte) error {
		return fn(string(k[len(seqPrefix):]), bytesID(v))
	})
}

// RestoreCounter raises a kind's id counter to last, so that the next
// create continues where the dumped store would have.
func (tx *Tx) RestoreCounter(kind string, last uint64) error {
	if _, ok := dumpers[kind]; !ok {
		return invalid("kind", "%q is not a record kind (%s)", kind, strings.Join(DumpKinds, ", "))
	}
	_, err := nextID(tx.st, kind, last)
	return err
}

// restoreUnit is the journal unit of a restore. Import journal units are
// numbered by job id; a restore has no job (it brings the dumped store's
// own jobs back, ids included), so it takes an id no job ever gets.
const restoreUnit = math.MaxUint64

// A RestoreJob loads a dump into an empty store in journaled batches that
// land as one unit, like an Import, but records no job of its own.
type RestoreJob struct {
	d    *Desk
	unit *journal.Unit
}

// BeginRestore checks that the store has never been written (no record,
// index, counter or journal) and opens the restore's journal unit.
func (d *Desk) BeginRestore(ctx context.Context) (*RestoreJob, error) {
	var used string
	err := d.store.View(ctx, func(st store.Tx) error {
		for _, p := range []string{recPrefix, ixPrefix, seqPrefix, "journal/"} {
			err := st.Scan([]byte(p), store.ScanOptions{}, func(k, _ []byte) error {
				used = p
				return store.ErrStop
			})
			if err != nil || used != "" {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if used != "" {
		return nil, conflict("the store is not empty (it holds %s... keys): a whole-store import restores only into a new store", used)
	}
	unit, err := journal.Begin(ctx, d.store, restoreUnit, "import all")
	if err != nil {
		return nil, err
	}
	d.holdIndexes(unit, 0, ixPrefix)
	return &RestoreJob{d: d, unit: unit}, nil
}

// Batch runs fn in one journaled transaction of the restore.
func (r *RestoreJob) Batch(ctx context.Context, fn func(*Tx) error) error {
	return r.unit.Update(ctx, func(st store.Tx) error {
		return fn(&Tx{st: st, d: r.d, now: r.d.now()})
	})
}

// Flush writes the index entries the restore holds back (see
// heldIndexBytes), so that a check of the store before Commit sees them.
func (r *RestoreJob) Flush(ctx context.Context) error { return r.unit.Flush(ctx) }

// Commit lands the restore.
func (r *RestoreJob) Commit(ctx context.Context) error { return r.unit.Commit(ctx, nil) }

// Rollback undoes every batch of the restore.
func (r *RestoreJob) Rollback(ctx context.Context) error { return r.unit.Rollback(ctx, nil) }
