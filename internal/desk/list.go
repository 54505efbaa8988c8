package desk

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/deskctl/deskctl/internal/store"
)

// ContactFilter selects contacts for list and export.
type ContactFilter struct {
	Account   string // contacts of this account
	NoAccount bool   // only contacts without an account
	Search    string // case-insensitive substring of name or email
	After     uint64
	Limit     int
	Reverse   bool
}

// ListContacts calls fn for each selected contact in id order.
func (tx *Tx) ListContacts(f ContactFilter, fn func(*Contact) error) error {
	search := foldName(f.Search)
	n := 0
	emit := func(c *Contact) error {
		if (f.NoAccount && c.AccountID != 0) || (search != "" &&
			!strings.Contains(foldName(c.Name), search) && !strings.Contains(fold(c.Email), search)) {
			return nil
		}
		if err := fn(c); err != nil {
			return err
		}
		if n++; f.Limit > 0 && n >= f.Limit {
			return store.ErrStop
		}
		return nil
	}
	var err error
	if f.Account != "" {
		var id uint64
		if id, err = tx.AccountID(f.Account); err != nil {
			return err
		}
		err = tx.AccountContacts(id, func(c *Contact) error {
			if f.After != 0 && c.ID <= f.After {
				return nil
			}
			return emit(c)
		})
	} else {
		err = contacts.scan(tx.st, f.After, f.Reverse, emit)
	}
	if errors.Is(err, store.ErrStop) {
		return nil
	}
	return err
}

// LogFilter selects activity log entries.
type LogFilter struct {
	Account string // entries about this account (its own, its contacts', tickets', notes')
	Entity  string // account, contact, ticket, manager, note
	Since   time.Time
	After   uint64
	Limit   int
}

// ListLog calls fn for each selected log entry, oldest first.
func (tx *Tx) ListLog(f LogFilter, fn func(*LogEntry) error) error {
	n := 0
	emit := func(e *LogEntry) error {
		if (!f.Since.IsZero() && e.Time.Before(f.Since)) || (f.Entity != "" && e.Entity != f.Entity) {
			return nil
		}
		if err := fn(e); err != nil {
			return err
		}
		if n++; f.Limit > 0 && n >= f.Limit {
			return store.ErrStop
		}
		return nil
	}
	var err error
	if f.Account != "" {
		id, aerr := tx.AccountID(f.Account)
		if errors.Is(aerr, ErrNotFound) && isDigits(f.Account) {
			id, aerr = strconv.ParseUint(f.Account, 10, 64) // a deleted account keeps its history
		}
		if aerr != nil {
			return aerr
		}
		err = logEntries.ids(tx.st, "account", idBytes(id), func(lid uint64) error {
			if lid <= f.After {
				return nil
			}
			e, err := logEntries.get(tx.st, lid)
			if err != nil {
				return err
			}
			return emit(e)
		})
	} else {
		err = logEntries.scan(tx.st, f.After, false, emit)
	}
	if errors.Is(err, store.ErrStop) {
		return nil
	}
	return err
}
