package storetest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/store"
)

func (s *suite) testSequences(t *testing.T, st store.Store) {
	next := func(tx store.Tx, name string) uint64 {
		n, err := tx.NextSequence(name)
		if err != nil {
			t.Fatalf("NextSequence(%q): %v", name, err)
		}
		return n
	}
	var a1, a2, b1 uint64
	update(t, st, func(tx store.Tx) error {
		a1, a2, b1 = next(tx, "a"), next(tx, "a"), next(tx, "b")
		return nil
	})
	if a1 != 1 || a2 != 2 || b1 != 1 {
		t.Errorf("first values: a %d, %d; b %d; want 1, 2; 1", a1, a2, b1)
	}
	var a3 uint64
	update(t, st, func(tx store.Tx) error { a3 = next(tx, "a"); return nil })
	if a3 != 3 {
		t.Errorf("a in the next Update = %d, want 3", a3)
	}
	// A rolled-back value may be handed out again or skipped, but never
	// goes backwards past a committed one.
	_ = st.Update(t.Context(), func(tx store.Tx) error { next(tx, "a"); return errTest })
	var a4 uint64
	update(t, st, func(tx store.Tx) error { a4 = next(tx, "a"); return nil })
	if a4 <= a3 {
		t.Errorf("a after a rollback = %d, want > %d", a4, a3)
	}
}

func (s *suite) testSequencesOutsideKeyspace(t *testing.T, st store.Store) {
	update(t, st, func(tx store.Tx) error {
		_, err := tx.NextSequence("ticket")
		return err
	})
	view(t, st, func(tx store.Tx) error {
		if got := scanKeys(t, tx, "", store.ScanOptions{}); len(got) != 0 {
			t.Errorf("the keyspace shows %q after NextSequence", got)
		}
		if _, ok := get(t, tx, "ticket"); ok {
			t.Error("Get(ticket) sees the sequence")
		}
		return nil
	})
}

func (s *suite) testRollback(t *testing.T, st store.Store) {
	putAll(t, st, "a", "1", "b", "2")
	err := st.Update(t.Context(), func(tx store.Tx) error {
		for _, w := range []struct{ k, v string }{{"a", "changed"}, {"c", "new"}} {
			if err := tx.Put([]byte(w.k), []byte(w.v)); err != nil {
				return err
			}
		}
		if err := tx.Delete([]byte("b")); err != nil {
			return err
		}
		return errTest
	})
	if err != errTest {
		t.Fatalf("Update returned %v, want exactly fn's error", err)
	}
	s.wantAB12(t, st)
}

func (s *suite) testRollbackOnPanic(t *testing.T, st store.Store) {
	putAll(t, st, "a", "1", "b", "2")
	got := func() (r any) {
		defer func() { r = recover() }()
		_ = st.Update(t.Context(), func(tx store.Tx) error {
			_ = tx.Put([]byte("a"), []byte("changed"))
			_ = tx.Delete([]byte("b"))
			_ = tx.Put([]byte("c"), []byte("new"))
			panic("storetest: boom")
		})
		return nil
	}()
	if got != "storetest: boom" {
		t.Fatalf("recovered %v, want fn's own panic value", got)
	}
	s.wantAB12(t, st)
	// The store is usable after the panic: no lock was left behind.
	putAll(t, st, "d", "4")
}

// wantAB12 checks that the store holds exactly a=1, b=2.
func (s *suite) wantAB12(t *testing.T, st store.Store) {
	t.Helper()
	view(t, st, func(tx store.Tx) error {
		if got, want := scan(t, tx, "", store.ScanOptions{}), []string{"a=1", "b=2"}; !slices.Equal(got, want) {
			t.Errorf("after a rollback the store holds %q, want %q", got, want)
		}
		return nil
	})
}

func (s *suite) testReadOnlyTx(t *testing.T, st store.Store) {
	putAll(t, st, "a", "1")
	view(t, st, func(tx store.Tx) error {
		if tx.Writable() {
			t.Error("View's Tx says it is writable")
		}
		if err := tx.Put([]byte("a"), []byte("2")); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("Put in View: %v, want ErrReadOnly", err)
		}
		if err := tx.Delete([]byte("a")); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("Delete in View: %v, want ErrReadOnly", err)
		}
		if _, err := tx.NextSequence("s"); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("NextSequence in View: %v, want ErrReadOnly", err)
		}
		return nil
	})
	update(t, st, func(tx store.Tx) error {
		if !tx.Writable() {
			t.Error("Update's Tx says it is not writable")
		}
		return nil
	})
	view(t, st, func(tx store.Tx) error {
		if v, _ := get(t, tx, "a"); v != "1" {
			t.Errorf("a = %q after writes in a View, want 1", v)
		}
		return nil
	})
}

func (s *suite) testCanceledContext(t *testing.T, st store.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	called := false
	fn := func(tx store.Tx) error { called = true; return tx.Put([]byte("a"), nil) }
	if err := st.Update(ctx, fn); !errors.Is(err, context.Canceled) {
		t.Errorf("Update with a canceled context: %v, want context.Canceled", err)
	}
	if err := st.View(ctx, func(store.Tx) error { called = true; return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("View with a canceled context: %v, want context.Canceled", err)
	}
	if called {
		t.Error("a function ran under a canceled context")
	}
}

// testUncommittedInvisible holds an Update open while a View looks.
func (s *suite) testUncommittedInvisible(t *testing.T, st store.Store) {
	putAll(t, st, "a", "1")
	written, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	done := make(chan error, 1)
	go func() {
		done <- st.Update(context.Background(), func(tx store.Tx) error {
			if err := tx.Put([]byte("a"), []byte("2")); err != nil {
				return err
			}
			if err := tx.Put([]byte("b"), []byte("2")); err != nil {
				return err
			}
			once.Do(func() { close(written); <-release })
			return nil
		})
	}()
	<-written
	view(t, st, func(tx store.Tx) error {
		if got, want := scan(t, tx, "", store.ScanOptions{}), []string{"a=1"}; !slices.Equal(got, want) {
			t.Errorf("a View sees %q during an Update, want %q", got, want)
		}
		return nil
	})
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("Update: %v", err)
	}
	view(t, st, func(tx store.Tx) error {
		if got, want := scan(t, tx, "", store.ScanOptions{}), []string{"a=2", "b=2"}; !slices.Equal(got, want) {
			t.Errorf("after the commit a View sees %q, want %q", got, want)
		}
		return nil
	})
}

// testSnapshot starts an Update while a View is open. The Update may
// commit during the View (etcd) or wait for it (bbolt remaps the file);
// either way the View keeps seeing the data it started with.
func (s *suite) testSnapshot(t *testing.T, st store.Store) {
	putAll(t, st, "a", "1")
	done := make(chan error, 1)
	view(t, st, func(tx store.Tx) error {
		if v, _ := get(t, tx, "a"); v != "1" {
			t.Errorf("a = %q, want 1", v)
		}
		go func() {
			done <- st.Update(context.Background(), func(tx store.Tx) error {
				if err := tx.Put([]byte("a"), []byte("2")); err != nil {
					return err
				}
				return tx.Put([]byte("b"), []byte("2"))
			})
		}()
		select {
		case err := <-done:
			done <- err
		case <-time.After(200 * time.Millisecond):
		}
		if got, want := scan(t, tx, "", store.ScanOptions{}), []string{"a=1"}; !slices.Equal(got, want) {
			t.Errorf("the View sees %q after a concurrent commit, want %q", got, want)
		}
		if _, ok := get(t, tx, "b"); ok {
			t.Error("the View sees b, written after it started")
		}
		return nil
	})
	if err := <-done; err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func (s *suite) testReopen(t *testing.T, st store.Store) {
	if s.reopen == nil {
		t.Skip("the backend gave no WithReopen")
	}
	putAll(t, st, "a", "1", "b\x00\xff", "2")
	update(t, st, func(tx store.Tx) error {
		for range 3 {
			if _, err := tx.NextSequence("seq"); err != nil {
				return err
			}
		}
		return nil
	})
	st = s.reopen(t, st)
	view(t, st, func(tx store.Tx) error {
		if got, want := scan(t, tx, "", store.ScanOptions{}), []string{"a=1", "b\x00\xff=2"}; !slices.Equal(got, want) {
			t.Errorf("after a reopen the store holds %q, want %q", got, want)
		}
		return nil
	})
	update(t, st, func(tx store.Tx) error {
		n, err := tx.NextSequence("seq")
		if err == nil && n != 4 {
			t.Errorf("NextSequence after a reopen = %d, want 4", n)
		}
		return err
	})
}
