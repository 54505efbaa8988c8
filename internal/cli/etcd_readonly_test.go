package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/etcd/etcdtest"
)

// snapshot returns the server's current revision and every key under
// prefix with its value and mod revision: what must not change while only
// readers run.
func snapshot(t *testing.T, srv *etcdtest.Server, prefix string) (int64, string) {
	t.Helper()
	c, err := clientv3.New(clientv3.Config{Endpoints: []string{srv.Endpoint}, DialTimeout: 5 * time.Second, Logger: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := c.Get(ctx, prefix, clientv3.WithPrefix())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, kv := range resp.Kvs {
		fmt.Fprintf(&b, "%q=%q@%d\n", kv.Key, kv.Value, kv.ModRevision)
	}
	return resp.Header.Revision, b.String()
}

// TestEtcdReadOnly checks the read-only opens on etcd: every read command
// works, on an empty dataset too, and none of them writes anything — not
// even the schema stamp of an empty dataset; a write through a store
// opened read-only is refused with store.ErrReadOnly.
func TestEtcdReadOnly(t *testing.T) {
	t.Parallel()
	srv := startEtcd(t, etcdtest.Config{})
	emptyURL := "etcd://" + srv.Endpoint + "/empty"
	reads := [][]string{
		{"account", "list"},
		{"account", "stats"},
		{"contact", "list", "-o", "jsonl"},
		{"ticket", "list", "-o", "csv"},
		{"manager", "list"},
		{"log", "-o", "jsonl"},
		{"import", "history"},
		{"export", "accounts"},
		{"export", "all"},
		{"db", "check"},
		{"db", "stats"},
	}

	// An empty dataset reads as empty, and stays absent.
	rev, _ := snapshot(t, srv, "")
	empty := newMachine(t, emptyURL)
	for _, args := range reads {
		empty.must(args...)
	}
	if after, keys := snapshot(t, srv, ""); after != rev || keys != "" {
		t.Errorf("reading an empty dataset wrote to etcd (revision %d -> %d):\n%s", rev, after, keys)
	}

	// A dataset with records: the reads of it change nothing.
	cfg := etcdConfig(srv, "acme")
	seed(t, cfg, createAccount("Acme", "acme.com"), createContact("ann@acme.com"),
		func(tx *desk.Tx) error {
			_, err := tx.CreateTicket(desk.TicketChange{Contact: "ann@acme.com", Set: []desk.FieldValue{{Field: "subject", Value: "Printer on fire"}}})
			return err
		})
	m := newMachine(t, cfg.String())
	rev, before := snapshot(t, srv, "")
	for _, args := range append(reads,
		[]string{"account", "show", "Acme"},
		[]string{"contact", "show", "ann@acme.com"},
		[]string{"contact", "tickets", "ann@acme.com"},
		[]string{"ticket", "show", "1"},
	) {
		m.must(args...)
	}
	if after, keys := snapshot(t, srv, ""); after != rev || keys != before {
		t.Errorf("read commands wrote to etcd (revision %d -> %d):\n%s\nthen\n%s", rev, after, before, keys)
	}

	// In process: the factory's read-only open reads, and refuses writes
	// at both levels, the store and the domain. (The configuration is
	// given, so nothing of the environment is read.)
	ios, _, _, _ := iostreams.Test()
	f := cmdutil.New(ios)
	f.Config = func() (*cmdutil.Config, error) {
		return &cmdutil.Config{Store: cfg.String(), Actor: "tester", Timeout: 5 * time.Second}, nil
	}
	ctx := context.Background()
	d, err := f.Desk(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	err = d.View(ctx, func(tx *desk.Tx) error {
		a, err := tx.Account("Acme")
		if err == nil && a.Name != "Acme" {
			err = fmt.Errorf("read account %q", a.Name)
		}
		return err
	})
	if err != nil {
		t.Errorf("read through a read-only open: %v", err)
	}
	called := false
	err = d.Store().Update(ctx, func(tx store.Tx) error { called = true; return tx.Put([]byte("k"), []byte("v")) })
	if !errors.Is(err, store.ErrReadOnly) || called {
		t.Errorf("store write through a read-only open: %v (function called: %v), want ErrReadOnly before anything runs", err, called)
	}
	_, err = d.Update(ctx, func(tx *desk.Tx) error {
		_, err := tx.CreateAccount(desk.AccountChange{Set: []desk.FieldValue{{Field: "name", Value: "Globex"}}})
		return err
	})
	if !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("domain write through a read-only open: %v, want ErrReadOnly", err)
	}
	if after, keys := snapshot(t, srv, ""); after != rev || keys != before {
		t.Errorf("refused writes changed etcd (revision %d -> %d)", rev, after)
	}
}
