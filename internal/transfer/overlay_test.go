package transfer

import (
	"context"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt/bolttest"
	"github.com/deskctl/deskctl/internal/store/storetest"
)

// overlayStore runs every write transaction through an overlay flushed at
// the end, so the store conformance suite checks that a savepoint reads
// and scans exactly like the transaction it wraps.
type overlayStore struct{ store.Store }

func (s overlayStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		ov := newOverlay()
		if err := fn(ov.wrap(tx)); err != nil {
			return err
		}
		return ov.flush()
	})
}

func TestOverlayConformance(t *testing.T) {
	storetest.Run(t, func(t testing.TB) store.Store { return overlayStore{bolttest.Open(t)} })
}
