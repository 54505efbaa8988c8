package store_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
)

// TestBehindGetValueOutlivesLaterWrites: a value a Get answered from a
// recent write stays intact, within the transaction, while other keys are
// written and read (the contract: valid until its key is next written).
func TestBehindGetValueOutlivesLaterWrites(t *testing.T) {
	s := &behindStore{Store: openBolt(t)}
	want := bytes.Repeat([]byte("v"), 100)
	err := s.Update(context.Background(), func(tx store.Tx) error {
		if err := tx.Put([]byte("rec/kept"), want); err != nil {
			return err
		}
		got, err := tx.Get([]byte("rec/kept"))
		if err != nil {
			return err
		}
		for i := range 2000 {
			if _, err := tx.Get([]byte("rec/none")); err == nil { // waits
				t.Fatal("rec/none found")
			}
			if err := tx.Put(fmt.Appendf(nil, "rec/o/%05d", i), bytes.Repeat([]byte("x"), 100)); err != nil {
				return err
			}
		}
		if !bytes.Equal(got, want) {
			t.Errorf("value read back changed to %.20q…", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
