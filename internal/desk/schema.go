package desk

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/journal"
)

// SchemaVersion is the layout this deskctl writes. Bump it with a migration
// in migrations when the key layout or the record encoding changes.
const SchemaVersion = 3

// OldestDumpSchema is the oldest schema whose dumps (`export all`) this
// deskctl restores: a dump holds the records' JSON, which schema 3 left as
// schema 2 had it.
const OldestDumpSchema = 2

// rewritesNothingSince is the first schema whose migrations read and
// rewrite nothing: they run even with an import open (see migrate), so
// that a store is never written in this schema's forms while it still
// says it is older — an older deskctl would read it.
const rewritesNothingSince = 2

// migrations[v] upgrades a store from schema v to v+1, in one transaction.
var migrations = map[int]func(store.Tx) error{
	// 2: accounts and contacts tally their custom field names.
	1: func(tx store.Tx) error {
		if err := accounts.buildTallies(tx); err != nil {
			return err
		}
		return contacts.buildTallies(tx)
	},
	// 3: records in the compact binary form (codec.go) and unique index
	// entries holding the owner's id without leading zeros (ownerBytes).
	// Both readers still read the schema 2 forms, so nothing is
	// rewritten: values take the new forms when next written. The version
	// is what keeps a deskctl that cannot read them from trying.
	2: func(store.Tx) error { return nil },
}

// checkSchema reads the stored schema version. An empty store is stamped
// with the current version (when writable); an older one is migrated
// (when writable, and once no import is left open: see migrate); a newer
// one is refused. An older store that stays as it is — opened read-only,
// or with an import to roll back first — is read in its own layout: every
// schema since 1 is readable (tallies: see hasTallies).
func (d *Desk) checkSchema(ctx context.Context) error {
	var have int
	err := d.store.View(ctx, func(tx store.Tx) error {
		var err error
		have, err = readSchema(tx)
		return err
	})
	if err != nil {
		return err
	}
	switch {
	case have == SchemaVersion:
		return nil
	case have > SchemaVersion:
		return schemaTooNew(have)
	}
	if err := d.migrate(ctx); err != nil && !errors.Is(err, store.ErrReadOnly) {
		return err
	}
	return nil
}

// migrate stamps an empty store with SchemaVersion and upgrades an older
// one, in one transaction. It leaves a store of schema 1 with an open
// import (one a killed process left, which Recover rolls back and then
// calls migrate) as it is: the migration to 2 must not count rows that
// are about to be rolled back. Later ones rewrite nothing and run at once.
func (d *Desk) migrate(ctx context.Context) error {
	return d.store.Update(ctx, func(tx store.Tx) error {
		have, err := readSchema(tx)
		switch {
		case err != nil:
			return err
		case have == SchemaVersion:
			return nil
		case have > SchemaVersion:
			return schemaTooNew(have)
		}
		if have > 0 && have < rewritesNothingSince {
			if open, err := journal.NeedsRecovery(tx); err != nil || open {
				return err
			}
		}
		for v := have; v < SchemaVersion && v > 0; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migrating the store from schema %d: %w", v, err)
			}
		}
		return tx.Put([]byte(schemaKey), []byte(strconv.Itoa(SchemaVersion)))
	})
}

func schemaTooNew(have int) error {
	return fmt.Errorf("%w: the store has schema %d, this deskctl reads up to %d; upgrade deskctl", ErrSchemaTooNew, have, SchemaVersion)
}

// hasTallies reports whether the store keeps tallies (schema 2 on): an
// older store not yet migrated has none, and its readers count instead.
func hasTallies(tx store.Tx) (bool, error) {
	have, err := readSchema(tx)
	return have >= 2, err
}

func readSchema(tx store.Tx) (int, error) {
	raw, err := tx.Get([]byte(schemaKey))
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	v, err := strconv.Atoi(string(raw))
	if err != nil || v < 1 {
		return 0, fmt.Errorf("%w: schema version %q", store.ErrCorrupt, raw)
	}
	return v, nil
}
