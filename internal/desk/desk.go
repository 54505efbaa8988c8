package desk

import (
	"context"
	"sync"
	"time"

	"github.com/deskctl/deskctl/internal/store"
)

// Options configure the domain for one invocation.
type Options struct {
	// Actor is recorded in the activity log for every write.
	Actor string
	// Now returns the current time; nil means time.Now. Tests pin it.
	Now func() time.Time
	// FreeMailDomains never auto-associate a contact with an account
	// (rule 7). Nil means DefaultFreeMailDomains.
	FreeMailDomains []string
	// ManagersCanCreateTickets is the setting managers.can_create_tickets
	// (rule 11).
	ManagersCanCreateTickets bool
}

// Desk is the domain service: every read and write of accounts, contacts,
// tickets and managers goes through it, whichever command or importer
// performs it.
type Desk struct {
	store store.Store
	opts  Options

	freeMailOnce sync.Once
	freeMailKeys map[string]bool // see freeMail
}

// Open checks the store's schema version and returns the domain service. A
// writable store that is empty is initialised; an older schema is migrated;
// a newer one is refused with ErrSchemaTooNew.
func Open(ctx context.Context, s store.Store, opts Options) (*Desk, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	d := &Desk{store: s, opts: opts}
	if r, ok := s.(store.RoomReserver); ok {
		r.ReserveRoom(editedRecordPrefixes())
	}
	if err := d.checkSchema(ctx); err != nil {
		return nil, err
	}
	return d, nil
}

// Close closes the underlying store.
func (d *Desk) Close() error { return d.store.Close() }

// Store returns the underlying store, for maintenance commands (backup).
func (d *Desk) Store() store.Store { return d.store }
