package desk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/deskctl/deskctl/internal/store"
)

// CheckReport is the result of Check: what was walked and what is wrong.
type CheckReport struct {
	Records  map[string]int `json:"records"`
	Problems []string       `json:"problems"`
}

// OK reports whether no problem was found.
func (r *CheckReport) OK() bool { return len(r.Problems) == 0 }

func (r *CheckReport) add(format string, args ...any) {
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// checker is the type-erased view of an entity that Check walks.
type checker interface {
	checkIndexes(tx store.Tx, r *CheckReport) error
}

// Check walks the whole store and verifies every index and every clause of
// the rule: each index entry points at a live record carrying that value,
// each record is indexed, every reference points at a live record, and no
// parent chain has a cycle. It is `db check`, and the tests run it after
// every write.
func (d *Desk) Check(ctx context.Context) (*CheckReport, error) {
	r := &CheckReport{Records: map[string]int{}}
	err := d.store.View(ctx, func(st store.Tx) error {
		for _, c := range []checker{accounts, managers, contacts, tickets, notes, logEntries, jobs} {
			if err := c.checkIndexes(st, r); err != nil {
				return err
			}
		}
		return checkRefs(st, r)
	})
	sort.Strings(r.Problems)
	return r, err
}

func (e *entity[T, P]) checkIndexes(tx store.Tx, r *CheckReport) error {
	counts := e.newCounts()
	err := tx.Scan(recordPrefix(e.kind), store.ScanOptions{}, func(k, v []byte) error {
		id := bytesID(k)
		r.Records[e.kind]++
		rec, err := e.decode(id, v)
		if err != nil {
			r.add("%s %d: undecodable record: %v", e.kind, id, err)
			return nil
		}
		if P(rec).recordID() != id {
			r.add("%s %d: record carries id %d", e.kind, id, P(rec).recordID())
		}
		e.countInto(counts, rec)
		for _, ix := range e.indexes {
			for _, val := range ix.values(rec) {
				got, err := tx.Get(e.indexKey(ix, val, id))
				switch {
				case errors.Is(err, store.ErrNotFound):
					r.add("%s %d: missing %s index entry %q", e.kind, id, ix.name, printable(val))
				case err != nil:
					return err
				case ix.unique && ownerID(got) != id:
					r.add("%s %d: %s index entry %q points at %d", e.kind, id, ix.name, printable(val), ownerID(got))
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	tallied, err := hasTallies(tx)
	if err != nil {
		return err
	}
	// A store from before tallies is read as it is: nothing to check.
	for i := 0; tallied && i < len(e.tallies); i++ {
		if err := e.checkTally(tx, e.tallies[i], counts[i], r); err != nil {
			return err
		}
	}
	for _, ix := range e.indexes {
		prefix := indexPrefix(e.kind, ix.name)
		err := tx.Scan(prefix, store.ScanOptions{}, func(k, v []byte) error {
			val, id := k[len(prefix):], ownerID(v)
			if !ix.unique {
				if len(val) < 9 || val[len(val)-9] != 0 {
					r.add("%s %s index: malformed entry %q", e.kind, ix.name, printable(k))
					return nil
				}
				val, id = val[:len(val)-9], bytesID(val)
			}
			raw, err := tx.Get(recordKey(e.kind, id))
			if errors.Is(err, store.ErrNotFound) {
				r.add("%s %s index entry %q points at missing %s %d", e.kind, ix.name, printable(val), e.kind, id)
				return nil
			} else if err != nil {
				return err
			}
			rec, err := e.decode(id, raw)
			if err != nil {
				return nil // reported by the record walk
			}
			if !containsBytes(ix.values(rec), val) {
				r.add("%s %s index entry %q points at %s %d, which does not carry it", e.kind, ix.name, printable(val), e.kind, id)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// checkTally compares the stored tally t with the counts the records
// carry.
func (e *entity[T, P]) checkTally(tx store.Tx, t tally[T], want map[string]uint64, r *CheckReport) error {
	prefix := indexPrefix(e.kind, t.name)
	err := tx.Scan(prefix, store.ScanOptions{}, func(k, v []byte) error {
		val := string(k[len(prefix):])
		if len(v) != 8 || bytesID(v) == 0 {
			r.add("%s %s tally %q: malformed count %x", e.kind, t.name, printable([]byte(val)), v)
		} else if have := bytesID(v); have != want[val] {
			r.add("%s %s tally %q is %d, but %d %s records carry it", e.kind, t.name, printable([]byte(val)), have, want[val], e.kind)
		}
		delete(want, val)
		return nil
	})
	for val, n := range want {
		r.add("%s %s tally %q is missing, but %d %s records carry it", e.kind, t.name, printable([]byte(val)), n, e.kind)
	}
	return err
}

// checkRefs verifies the references between records: the rule's clauses.
func checkRefs(tx store.Tx, r *CheckReport) error {
	exists := func(kind string, id Ref) bool {
		_, err := tx.Get(recordKey(kind, uint64(id)))
		return err == nil
	}
	parents := map[uint64]uint64{}
	if err := accounts.scan(tx, 0, false, func(a *Account) error {
		parents[a.ID] = uint64(a.ParentID)
		if a.ParentID != 0 && !exists("account", a.ParentID) {
			r.add("account %d: parent account %d does not exist", a.ID, a.ParentID)
		}
		if a.ManagerID != 0 && !exists("manager", a.ManagerID) {
			r.add("account %d: manager %d does not exist", a.ID, a.ManagerID)
		}
		return nil
	}); err != nil {
		return err
	}
	for id := range parents {
		seen := map[uint64]bool{}
		for p := id; p != 0; p = parents[p] {
			if seen[p] {
				r.add("account %d: its parent chain has a cycle", id)
				break
			}
			seen[p] = true
		}
	}
	if err := contacts.scan(tx, 0, false, func(c *Contact) error {
		if c.AccountID != 0 && !exists("account", c.AccountID) {
			r.add("contact %d: account %d does not exist", c.ID, c.AccountID)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := tickets.scan(tx, 0, false, func(t *Ticket) error {
		if !exists("contact", t.ContactID) {
			r.add("ticket %d: contact %d does not exist (a ticket needs a live contact)", t.ID, t.ContactID)
		}
		return nil
	}); err != nil {
		return err
	}
	return notes.scan(tx, 0, false, func(n *Note) error {
		if !exists("account", n.AccountID) {
			r.add("note %d: account %d does not exist", n.ID, n.AccountID)
		}
		return nil
	})
}

func printable(b []byte) string {
	if bytes.ContainsFunc(b, func(r rune) bool { return r < 0x20 }) {
		return fmt.Sprintf("%x", b)
	}
	return string(b)
}
