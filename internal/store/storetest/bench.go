package storetest

import (
	"fmt"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
)

// Bench measures the operations deskctl leans on: point reads, small
// Updates, batch Updates and scans, each on a store from open holding
// 1,000 keys.
func Bench(b *testing.B, open Opener) {
	const keys = 1000
	key := func(i int) []byte { return fmt.Appendf(nil, "bench/%06d", i) }
	value := make([]byte, 200)
	fill := func(b *testing.B) store.Store {
		st := open(b)
		update(b, st, func(tx store.Tx) error {
			for i := range keys {
				if err := tx.Put(key(i), value); err != nil {
					return err
				}
			}
			return nil
		})
		return st
	}
	b.Run("Get", func(b *testing.B) {
		st := fill(b)
		i := 0
		for b.Loop() {
			view(b, st, func(tx store.Tx) error {
				_, err := tx.Get(key(i % keys))
				return err
			})
			i++
		}
	})
	b.Run("UpdateOnePut", func(b *testing.B) {
		st := fill(b)
		i := 0
		for b.Loop() {
			update(b, st, func(tx store.Tx) error { return tx.Put(key(i%keys), value) })
			i++
		}
	})
	b.Run("Update100Puts", func(b *testing.B) {
		st := fill(b)
		for b.Loop() {
			update(b, st, func(tx store.Tx) error {
				for i := range 100 {
					if err := tx.Put(key(i), value); err != nil {
						return err
					}
				}
				return nil
			})
		}
	})
	b.Run("Scan1000", func(b *testing.B) {
		st := fill(b)
		for b.Loop() {
			view(b, st, func(tx store.Tx) error {
				return tx.Scan([]byte("bench/"), store.ScanOptions{}, func(k, v []byte) error { return nil })
			})
		}
	})
}
