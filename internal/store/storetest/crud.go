package storetest

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
)

func (s *suite) testGetPutDelete(t *testing.T, st store.Store) {
	view(t, st, func(tx store.Tx) error {
		if _, err := tx.Get([]byte("a")); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get on an empty store: err = %v, want ErrNotFound", err)
		}
		return nil
	})
	putAll(t, st, "a", "1", "b", "2")
	putAll(t, st, "a", "one")
	update(t, st, func(tx store.Tx) error {
		if err := tx.Delete([]byte("b")); err != nil {
			return err
		}
		// Deleting a missing key is not an error.
		return tx.Delete([]byte("never-written"))
	})
	view(t, st, func(tx store.Tx) error {
		if v, ok := get(t, tx, "a"); !ok || v != "one" {
			t.Errorf("Get(a) = %q, %v; want \"one\", true", v, ok)
		}
		if _, ok := get(t, tx, "b"); ok {
			t.Error("Get(b) found a deleted key")
		}
		return nil
	})
}

func (s *suite) testEmptyValues(t *testing.T, st store.Store) {
	update(t, st, func(tx store.Tx) error {
		if err := tx.Put([]byte("nil"), nil); err != nil {
			return err
		}
		if err := tx.Put([]byte("empty"), []byte{}); err != nil {
			return err
		}
		// Within the writing transaction too.
		if v, err := tx.Get([]byte("nil")); err != nil || len(v) != 0 {
			t.Errorf("Get(nil) in its Update = %q, %v; want empty, nil", v, err)
		}
		return nil
	})
	view(t, st, func(tx store.Tx) error {
		for _, k := range []string{"nil", "empty"} {
			v, err := tx.Get([]byte(k))
			if err != nil || len(v) != 0 {
				t.Errorf("Get(%s) = %q, %v; want empty, nil", k, v, err)
			}
		}
		if got := scan(t, tx, "", store.ScanOptions{}); !slices.Equal(got, []string{"empty=", "nil="}) {
			t.Errorf("Scan = %q, want [empty= nil=]", got)
		}
		return nil
	})
}

func (s *suite) testEmptyKey(t *testing.T, st store.Store) {
	err := st.Update(context.Background(), func(tx store.Tx) error {
		return tx.Put(nil, []byte("v"))
	})
	if err == nil {
		t.Error("Put with an empty key succeeded")
	}
	view(t, st, func(tx store.Tx) error {
		if _, err := tx.Get(nil); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get(empty) err = %v, want ErrNotFound", err)
		}
		if got := scanKeys(t, tx, "", store.ScanOptions{}); len(got) != 0 {
			t.Errorf("store holds %q after a failed Put", got)
		}
		return nil
	})
}

func (s *suite) testBinary(t *testing.T, st store.Store) {
	keys := [][]byte{
		{0x00}, {0x00, 0x00}, {0xff}, {0xff, 0xff}, {0x00, 0xff, 0x00},
		{'a', 0x00, 'b'}, {0xff, 0x00},
	}
	value := bytes.Repeat([]byte{0x00, 0xff, 0x7f, 0x80, '\n'}, 20000)
	update(t, st, func(tx store.Tx) error {
		for _, k := range keys {
			if err := tx.Put(k, append(value[:len(value):len(value)], k...)); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, st, func(tx store.Tx) error {
		for _, k := range keys {
			v, err := tx.Get(k)
			if err != nil {
				t.Errorf("Get(%x): %v", k, err)
			} else if want := append(value[:len(value):len(value)], k...); !bytes.Equal(v, want) {
				t.Errorf("Get(%x): %d bytes differ from the %d written", k, len(v), len(want))
			}
		}
		return nil
	})
}

func (s *suite) testPutCopies(t *testing.T, st store.Store) {
	buf := []byte("original")
	key := []byte("k")
	update(t, st, func(tx store.Tx) error {
		if err := tx.Put(key, buf); err != nil {
			return err
		}
		// Callers may reuse their buffers once Put returns.
		copy(buf, "XXXXXXXX")
		key[0] = 'z'
		if v, ok := get(t, tx, "k"); !ok || v != "original" {
			t.Errorf("Get(k) in Update after reusing the buffer = %q, %v", v, ok)
		}
		return nil
	})
	view(t, st, func(tx store.Tx) error {
		if v, ok := get(t, tx, "k"); !ok || v != "original" {
			t.Errorf("Get(k) after reusing the buffer = %q, %v", v, ok)
		}
		return nil
	})
}

// testAbsenceHint: a backend that implements store.AbsenceHinter never
// calls a present key absent — committed, written in the same transaction,
// or deleted and written again — whatever the key's shape. Backends
// without the hint pass trivially.
func (s *suite) testAbsenceHint(t *testing.T, st store.Store) {
	keys := []string{"a", "rec/x/1", "rec/x/5", "rec/x/9", "rec/y/", "ix/x/name/m", "seq/x", "rec/z/\xff\xff"}
	for _, k := range keys {
		putAll(t, st, k, "v")
	}
	update(t, st, func(tx store.Tx) error {
		h, ok := tx.(store.AbsenceHinter)
		if !ok {
			return nil // nothing to hold to its word
		}
		present := slices.Clone(keys)
		check := func(when string) {
			t.Helper()
			for _, k := range present {
				if h.KnownAbsent([]byte(k)) {
					t.Errorf("%s: KnownAbsent(%q) = true for a present key", when, k)
				}
			}
		}
		check("committed keys")
		for _, k := range []string{"rec/x/7", "rec/x/91", "rec/new/1", "ix/x/name/a", "b", "rec/z/\xff\xff\xff"} {
			if err := tx.Put([]byte(k), []byte("w")); err != nil {
				return err
			}
			present = append(present, k)
			check("after Put " + k)
		}
		if err := tx.Delete([]byte("rec/x/91")); err != nil {
			return err
		}
		if err := tx.Put([]byte("rec/x/91"), []byte("again")); err != nil {
			return err
		}
		check("after Delete and Put")
		return nil
	})
}
