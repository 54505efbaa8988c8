package bulk

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
)

// BenchmarkLoadScattered loads 100,000 index entries whose keys arrive in
// random order, 5,000 per transaction, each looked up first as an import
// does (a unique value must be free): straight into the store, and held
// then drained sorted in transactions of 8,192 keys.
//
//	go test ./internal/store/bulk -run '^$' -bench LoadScattered
func BenchmarkLoadScattered(b *testing.B) {
	const n, perTx = 100_000, 5000
	keys := make([][]byte, n)
	for i, v := range rand.New(rand.NewPCG(1, 1)).Perm(n) {
		keys[i] = fmt.Appendf(nil, "ix/account/name/company %08d", v)
	}
	val := binary.BigEndian.AppendUint64(nil, 42)
	load := func(b *testing.B, s store.Store, wrap func(store.Tx) store.Tx, after func(error) error) {
		for start := 0; start < n; start += perTx {
			err := s.Update(context.Background(), func(tx store.Tx) error {
				tx = wrap(tx)
				for _, k := range keys[start : start+perTx] {
					if _, err := tx.Get(k); err == nil {
						return fmt.Errorf("%s taken", k)
					}
					if err := tx.Put(k, val); err != nil {
						return err
					}
				}
				return nil
			})
			if err := after(err); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("straight", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			s := openStore(b)
			b.StartTimer()
			load(b, s, func(tx store.Tx) store.Tx { return tx }, func(err error) error { return err })
		}
	})
	b.Run("held", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			s := openStore(b)
			buf := New("ix/account/")
			b.StartTimer()
			load(b, s, func(tx store.Tx) store.Tx { return buf.Wrap(tx, nil) }, func(err error) error { buf.Done(err); return err })
			for empty := false; !empty; {
				err := s.Update(context.Background(), func(tx store.Tx) error {
					var err error
					empty, err = buf.Drain(tx, 8192)
					return err
				})
				buf.Done(err)
				if err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
