package desk

import (
	"context"
	"time"

	"github.com/deskctl/deskctl/internal/store"
)

// Tx is one domain transaction. Every operation of the product is a method
// of Tx, so the single-record commands, the importers and any future entry
// point run the same validation and the same rule. Obtain one with
// Desk.Update or Desk.View; it is only valid inside that function.
type Tx struct {
	st     store.Tx
	d      *Desk
	now    time.Time
	events []Event
}

// Event is a committed change, handed to hooks after the commit.
type Event struct {
	Name   string // "account.created", "contact.associated", ...
	ID     uint64
	Time   time.Time
	Before any // the record before an update or delete, or nil
	After  any // the record after a create or update, or nil
}

// Update runs fn in one read-write transaction: everything fn writes lands
// together, or — when fn returns an error — nothing does. It returns the
// events of the committed writes.
func (d *Desk) Update(ctx context.Context, fn func(*Tx) error) ([]Event, error) {
	var events []Event
	err := d.store.Update(ctx, func(st store.Tx) error {
		tx := &Tx{st: st, d: d, now: d.now()}
		if err := fn(tx); err != nil {
			return err
		}
		events = tx.events
		return nil
	})
	if err != nil {
		return nil, err
	}
	return events, nil
}

// View runs fn in a read-only transaction over a consistent snapshot.
func (d *Desk) View(ctx context.Context, fn func(*Tx) error) error {
	return d.store.View(ctx, func(st store.Tx) error {
		return fn(&Tx{st: st, d: d, now: d.now()})
	})
}

func (d *Desk) now() time.Time { return d.opts.Now().UTC().Truncate(time.Second) }

// Now is the transaction's timestamp, the same for every record it writes.
func (tx *Tx) Now() time.Time { return tx.now }
