package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
)

// Opener returns a new, empty store and registers its Close with
// t.Cleanup.
type Opener func(t testing.TB) store.Store

// Reopener returns a store over the same data as s. It may close s; the
// suite does not use s afterwards. It registers the new store's Close with
// t.Cleanup.
type Reopener func(t testing.TB, s store.Store) store.Store

// Option changes what Run exercises.
type Option func(*suite)

// WithReopen lets Run check that data and sequences survive closing and
// opening the store again.
func WithReopen(reopen Reopener) Option {
	return func(s *suite) { s.reopen = reopen }
}

// suite is one run of the conformance tests against a backend.
type suite struct {
	open   Opener
	reopen Reopener
}

// Run runs the conformance suite against the backend that open creates.
func Run(t *testing.T, open Opener, opts ...Option) {
	s := &suite{open: open}
	for _, o := range opts {
		o(s)
	}
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"GetPutDelete", s.testGetPutDelete},
		{"EmptyValues", s.testEmptyValues},
		{"EmptyKey", s.testEmptyKey},
		{"BinaryKeysAndValues", s.testBinary},
		{"PutCopiesValue", s.testPutCopies},
		{"AbsenceHint", s.testAbsenceHint},
		{"Ordering", s.testOrdering},
		{"Prefix", s.testPrefix},
		{"AllFFPrefix", s.testAllFFPrefix},
		{"From", s.testFrom},
		{"Stop", s.testStop},
		{"CallbackError", s.testCallbackError},
		{"WritesDuringScan", s.testWritesDuringScan},
		{"ReadYourWrites", s.testReadYourWrites},
		{"Sequences", s.testSequences},
		{"SequencesOutsideKeyspace", s.testSequencesOutsideKeyspace},
		{"Rollback", s.testRollback},
		{"RollbackOnPanic", s.testRollbackOnPanic},
		{"ReadOnlyTx", s.testReadOnlyTx},
		{"CanceledContext", s.testCanceledContext},
		{"UncommittedInvisible", s.testUncommittedInvisible},
		{"Snapshot", s.testSnapshot},
		{"ConcurrentCounters", s.testConcurrentCounters},
		{"WriteSkew", s.testWriteSkew},
		{"LargeTransaction", s.testLargeTransaction},
		{"Reopen", s.testReopen},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, s.open(t))
		})
	}
}

// errTest is returned by test functions to force a rollback.
var errTest = errors.New("storetest: rollback please")

func update(t testing.TB, st store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := st.Update(context.Background(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func view(t testing.TB, st store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := st.View(context.Background(), fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// putAll writes key/value pairs given as alternating strings.
func putAll(t testing.TB, st store.Store, kv ...string) {
	t.Helper()
	update(t, st, func(tx store.Tx) error {
		for i := 0; i+1 < len(kv); i += 2 {
			if err := tx.Put([]byte(kv[i]), []byte(kv[i+1])); err != nil {
				return err
			}
		}
		return nil
	})
}

// get returns the value at key and whether it exists, failing the test on
// any error but store.ErrNotFound.
func get(t testing.TB, tx store.Tx, key string) (string, bool) {
	t.Helper()
	v, err := tx.Get([]byte(key))
	if errors.Is(err, store.ErrNotFound) {
		return "", false
	}
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	return string(v), true
}

// scan returns the keys and values a Scan visits, as "key=value" strings.
func scan(t testing.TB, tx store.Tx, prefix string, opts store.ScanOptions) []string {
	t.Helper()
	var got []string
	err := tx.Scan([]byte(prefix), opts, func(k, v []byte) error {
		got = append(got, string(k)+"="+string(v))
		return nil
	})
	if err != nil {
		t.Fatalf("Scan(%q): %v", prefix, err)
	}
	return got
}

// scanKeys is scan without the values.
func scanKeys(t testing.TB, tx store.Tx, prefix string, opts store.ScanOptions) []string {
	t.Helper()
	var got []string
	err := tx.Scan([]byte(prefix), opts, func(k, _ []byte) error {
		got = append(got, string(k))
		return nil
	})
	if err != nil {
		t.Fatalf("Scan(%q): %v", prefix, err)
	}
	return got
}
