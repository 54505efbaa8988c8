package etcd_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/etcd"
	"github.com/deskctl/deskctl/internal/store/etcd/etcdtest"
	"github.com/deskctl/deskctl/internal/store/storetest"
)

// Limits of the shared test server, raised so that the suite's large
// transaction fits, as a team's cluster would for big merges.
const (
	bigTxnOps   = 50000
	bigRequest  = 16 << 20
	testTimeout = 5 * time.Second
)

// server is shared by the tests of this package; every store gets a
// dataset prefix of its own on it.
var server *etcdtest.Server

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "deskctl-etcd-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	server, err = etcdtest.New(dir, etcdtest.Config{MaxTxnOps: bigTxnOps, MaxRequestBytes: bigRequest})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	server.Close()
	os.RemoveAll(dir)
	os.Exit(code)
}

var datasets atomic.Int64

// config returns the configuration of a new, empty dataset on server.
//
// The retries are all but unbounded: the tests hammer one key from several
// goroutines to check that no update is lost, and on a loaded two-core
// machine a writer can lose more than DefaultMaxRetries races in a row.
// TestGiveUp checks the bound itself.
func config() etcd.Config {
	return etcd.Config{
		Endpoints:       []string{server.Endpoint},
		Prefix:          fmt.Sprintf("test/%d", datasets.Add(1)),
		MaxTxnOps:       bigTxnOps,
		MaxRequestBytes: bigRequest,
		MaxRetries:      1000,
	}
}

// open connects to cfg's dataset and closes the client when the test ends.
func open(t testing.TB, cfg etcd.Config, opts store.Options) *etcd.Store {
	t.Helper()
	if opts.Timeout == 0 {
		opts.Timeout = testTimeout
	}
	s, err := etcd.Open(context.Background(), cfg, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	cfgs := map[store.Store]etcd.Config{}
	var mu sync.Mutex
	openNew := func(t testing.TB) store.Store {
		cfg := config()
		s := open(t, cfg, store.Options{})
		mu.Lock()
		cfgs[s] = cfg
		mu.Unlock()
		return s
	}
	storetest.Run(t, openNew, storetest.WithReopen(func(t testing.TB, s store.Store) store.Store {
		mu.Lock()
		cfg := cfgs[s]
		mu.Unlock()
		if err := s.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		return open(t, cfg, store.Options{})
	}))
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(t testing.TB) store.Store { return open(t, config(), store.Options{}) })
}

func put(t *testing.T, s store.Store, kv ...string) {
	t.Helper()
	err := s.Update(context.Background(), func(tx store.Tx) error {
		for i := 0; i+1 < len(kv); i += 2 {
			if err := tx.Put([]byte(kv[i]), []byte(kv[i+1])); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func TestReadOnly(t *testing.T) {
	cfg := config()
	put(t, open(t, cfg, store.Options{}), "a", "1")
	ro := open(t, cfg, store.Options{ReadOnly: true})
	called := false
	err := ro.Update(context.Background(), func(store.Tx) error { called = true; return nil })
	if !errors.Is(err, store.ErrReadOnly) || called {
		t.Errorf("Update on a read-only store: %v (fn called: %v), want ErrReadOnly", err, called)
	}
	err = ro.View(context.Background(), func(tx store.Tx) error {
		_, err := tx.Get([]byte("a"))
		return err
	})
	if err != nil {
		t.Errorf("View on a read-only store: %v", err)
	}
}

func TestUnreachable(t *testing.T) {
	cfg := etcd.Config{Endpoints: []string{"127.0.0.1:1"}, Prefix: "acme"}
	start := time.Now()
	_, err := etcd.Open(context.Background(), cfg, store.Options{Timeout: 200 * time.Millisecond})
	if !errors.Is(err, store.ErrBusy) || !strings.Contains(err.Error(), "cannot reach etcd at 127.0.0.1:1") {
		t.Errorf("Open of an unreachable cluster: %v, want ErrBusy saying it cannot reach it", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Open took %v with a 200ms timeout", d)
	}
}

// TestUnreachableWithUser: with a user name the client logs in as it
// connects, and says nothing of why it could not; Open still does.
func TestUnreachableWithUser(t *testing.T) {
	cfg := etcd.Config{Endpoints: []string{"127.0.0.1:1"}, Prefix: "acme", Username: "desk", Password: "pw"}
	_, err := etcd.Open(context.Background(), cfg, store.Options{Timeout: 200 * time.Millisecond})
	if !errors.Is(err, store.ErrBusy) || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("Open of an unreachable cluster, with a user: %v, want ErrBusy saying why", err)
	}
}

// TestDatasetsApart checks that prefixes keep datasets apart, even when
// one prefix starts with the other.
func TestDatasetsApart(t *testing.T) {
	base := config()
	other := base
	other.Prefix = base.Prefix + "2"
	a, b := open(t, base, store.Options{}), open(t, other, store.Options{})
	put(t, a, "k", "a")
	put(t, b, "k", "b", "2k", "b")
	err := a.View(context.Background(), func(tx store.Tx) error {
		var keys []string
		err := tx.Scan(nil, store.ScanOptions{}, func(k, v []byte) error {
			keys = append(keys, string(k)+"="+string(v))
			return nil
		})
		if len(keys) != 1 || keys[0] != "k=a" {
			t.Errorf("dataset %s holds %q, want [k=a]", base.Prefix, keys)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTLS connects to a server that requires client certificates.
func TestTLS(t *testing.T) {
	srv := etcdtest.Start(t, etcdtest.Config{TLS: true})
	cfg := etcd.Config{
		Endpoints: []string{srv.Endpoint},
		Prefix:    "acme",
		CAFile:    srv.TLS.CAFile,
		CertFile:  srv.TLS.ClientCert,
		KeyFile:   srv.TLS.ClientKey,
	}
	s := open(t, cfg, store.Options{})
	put(t, s, "k", "v")

	cfg.CertFile, cfg.KeyFile = "", ""
	_, err := etcd.Open(context.Background(), cfg, store.Options{Timeout: 300 * time.Millisecond})
	// The transport error varies with timing ("certificate required",
	// "broken pipe"): only the mapping is checked.
	if !errors.Is(err, store.ErrBusy) {
		t.Errorf("Open without a client certificate: %v, want ErrBusy", err)
	}
}
