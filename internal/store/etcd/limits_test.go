package etcd_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/etcd"
	"github.com/deskctl/deskctl/internal/store/etcd/etcdtest"
)

// puts writes n keys of size bytes each in one Update.
func puts(n, size int) func(tx store.Tx) error {
	return func(tx store.Tx) error {
		for i := range n {
			if err := tx.Put(fmt.Appendf(nil, "k/%05d", i), make([]byte, size)); err != nil {
				return err
			}
		}
		return nil
	}
}

// reads reads n missing keys, then writes one.
func reads(n int) func(tx store.Tx) error {
	return func(tx store.Tx) error {
		for i := range n {
			if _, err := tx.Get(fmt.Appendf(nil, "r/%05d", i)); !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		return tx.Put([]byte("k/00000"), nil)
	}
}

// TestTooLarge checks the limits the client enforces before sending: an
// Update over them fails whole with ErrTooLarge, naming the limits.
func TestTooLarge(t *testing.T) {
	cfg := config()
	cfg.MaxTxnOps, cfg.MaxRequestBytes = 0, 0 // etcd's defaults
	s := open(t, cfg, store.Options{})
	cases := []struct {
		name string
		fn   func(tx store.Tx) error
		ok   bool
	}{
		{"128 writes", puts(128, 10), true},
		{"129 writes", puts(129, 10), false},
		{"128 reads", reads(128), true},
		{"129 reads", reads(129), false},
		{"1 MiB", puts(1, 1<<20), true},
		{"2 MiB", puts(2, 1<<20), false},
	}
	for _, c := range cases {
		err := s.Update(context.Background(), c.fn)
		switch {
		case c.ok && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case !c.ok && (!errors.Is(err, store.ErrTooLarge) || !strings.Contains(err.Error(), "--max-txn-ops")):
			t.Errorf("%s: %v, want ErrTooLarge naming the limits", c.name, err)
		}
	}
	// The failed Updates wrote nothing; the good ones wrote k/00000..127.
	err := s.View(context.Background(), func(tx store.Tx) error {
		n := 0
		err := tx.Scan([]byte("k/"), store.ScanOptions{}, func(k, v []byte) error { n++; return nil })
		if n != 128 {
			t.Errorf("%d keys after the Updates, want 128", n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestServerLimits checks that a cluster's own refusal, when the client is
// configured with higher limits than the cluster has, is ErrTooLarge too.
func TestServerLimits(t *testing.T) {
	srv := etcdtest.Start(t, etcdtest.Config{})
	cfg := etcd.Config{Endpoints: []string{srv.Endpoint}, Prefix: "acme", MaxTxnOps: 1000, MaxRequestBytes: 8 << 20}
	s := open(t, cfg, store.Options{})
	for name, fn := range map[string]func(store.Tx) error{
		"200 writes": puts(200, 10),
		"200 reads":  reads(200),
		"2 MiB":      puts(2, 1<<20),
	} {
		if err := s.Update(context.Background(), fn); !errors.Is(err, store.ErrTooLarge) {
			t.Errorf("%s: %v, want ErrTooLarge", name, err)
		}
	}
}
