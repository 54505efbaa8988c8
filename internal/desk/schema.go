package desk

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/deskctl/deskctl/internal/store"
)

// SchemaVersion is the layout this deskctl writes. Bump it with a migration
// in migrations when the key layout or the record encoding changes.
const SchemaVersion = 2

// migrations[v] upgrades a store from schema v to v+1, in one transaction.
var migrations = map[int]func(store.Tx) error{
	// 2: accounts and contacts tally their custom field names.
	1: func(tx store.Tx) error {
		if err := accounts.buildTallies(tx); err != nil {
			return err
		}
		return contacts.buildTallies(tx)
	},
}

// checkSchema reads the stored schema version. An empty store is stamped
// with the current version (when writable); an older one is migrated; a
// newer one is refused.
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
		return fmt.Errorf("%w: the store has schema %d, this deskctl reads up to %d; upgrade deskctl", ErrSchemaTooNew, have, SchemaVersion)
	}
	err = d.store.Update(ctx, func(tx store.Tx) error {
		have, err := readSchema(tx)
		if err != nil {
			return err
		}
		for v := have; v < SchemaVersion && v > 0; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migrating the store from schema %d: %w", v, err)
			}
		}
		return tx.Put([]byte(schemaKey), []byte(strconv.Itoa(SchemaVersion)))
	})
	if errors.Is(err, store.ErrReadOnly) && have == 0 {
		return nil // an empty store opened read-only reads as empty
	}
	if errors.Is(err, store.ErrReadOnly) {
		return fmt.Errorf("%w: the store has schema %d and needs a migration to %d: run any write command once with write access to it", ErrSchemaOld, have, SchemaVersion)
	}
	return err
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
