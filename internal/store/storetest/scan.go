package storetest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
)

func (s *suite) testOrdering(t *testing.T, st store.Store) {
	want := []string{
		"\x00", "\x00\x00", "\x00\x01", "\x00\xff", "0", "9", "A", "Z",
		"a", "a\x00", "a\xff", "ab", "abc", "b", "\x7f", "\x80", "\xfe\xff",
		"\xff", "\xff\x00", "\xff\xff", "\xff\xff\xff",
	}
	slices.Sort(want) // Go orders strings byte by byte, as the store must
	shuffled := slices.Clone(want)
	rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	// Two transactions, so both committed order and a mix of committed
	// and buffered writes are scanned.
	half := len(shuffled) / 2
	update(t, st, func(tx store.Tx) error {
		for _, k := range shuffled[:half] {
			if err := tx.Put([]byte(k), []byte(k)); err != nil {
				return err
			}
		}
		return nil
	})
	update(t, st, func(tx store.Tx) error {
		for _, k := range shuffled[half:] {
			if err := tx.Put([]byte(k), []byte(k)); err != nil {
				return err
			}
		}
		if got := scanKeys(t, tx, "", store.ScanOptions{}); !slices.Equal(got, want) {
			t.Errorf("Scan in Update = %q\nwant %q", got, want)
		}
		return nil
	})
	reversed := slices.Clone(want)
	slices.Reverse(reversed)
	view(t, st, func(tx store.Tx) error {
		if got := scanKeys(t, tx, "", store.ScanOptions{}); !slices.Equal(got, want) {
			t.Errorf("Scan = %q\nwant %q", got, want)
		}
		if got := scanKeys(t, tx, "", store.ScanOptions{Reverse: true}); !slices.Equal(got, reversed) {
			t.Errorf("Scan reversed = %q\nwant %q", got, reversed)
		}
		return nil
	})
}

func (s *suite) testPrefix(t *testing.T, st store.Store) {
	putAll(t, st,
		"ac", "", "acc", "", "acc/1", "", "acc/10", "", "acc/2", "",
		"acc2/1", "", "acd", "", "b", "",
	)
	cases := []struct {
		prefix string
		want   []string
	}{
		{"acc/", []string{"acc/1", "acc/10", "acc/2"}},
		{"acc", []string{"acc", "acc/1", "acc/10", "acc/2", "acc2/1"}},
		{"acc/1", []string{"acc/1", "acc/10"}},
		{"a", []string{"ac", "acc", "acc/1", "acc/10", "acc/2", "acc2/1", "acd"}},
		{"acc/3", nil},
		{"c", nil},
		{"", []string{"ac", "acc", "acc/1", "acc/10", "acc/2", "acc2/1", "acd", "b"}},
	}
	view(t, st, func(tx store.Tx) error {
		for _, c := range cases {
			if got := scanKeys(t, tx, c.prefix, store.ScanOptions{}); !slices.Equal(got, c.want) {
				t.Errorf("Scan(%q) = %q, want %q", c.prefix, got, c.want)
			}
			rev := slices.Clone(c.want)
			slices.Reverse(rev)
			if got := scanKeys(t, tx, c.prefix, store.ScanOptions{Reverse: true}); !slices.Equal(got, rev) {
				t.Errorf("Scan(%q) reversed = %q, want %q", c.prefix, got, rev)
			}
		}
		return nil
	})
}

// testAllFFPrefix covers prefixes with no upper bound (store.PrefixEnd is
// nil), where a backend must scan to the end of the keyspace.
func (s *suite) testAllFFPrefix(t *testing.T, st store.Store) {
	putAll(t, st, "\xfe", "", "\xff", "", "\xff\x00", "", "\xff\xff", "", "\xff\xff\x01", "")
	view(t, st, func(tx store.Tx) error {
		want := []string{"\xff\xff", "\xff\xff\x01"}
		if got := scanKeys(t, tx, "\xff\xff", store.ScanOptions{}); !slices.Equal(got, want) {
			t.Errorf("Scan(ffff) = %q, want %q", got, want)
		}
		want = []string{"\xff\xff\x01", "\xff\xff", "\xff\x00", "\xff"}
		if got := scanKeys(t, tx, "\xff", store.ScanOptions{Reverse: true}); !slices.Equal(got, want) {
			t.Errorf("Scan(ff) reversed = %q, want %q", got, want)
		}
		want = []string{"\xff\x00", "\xff"}
		if got := scanKeys(t, tx, "\xff", store.ScanOptions{Reverse: true, From: []byte("\xff\x00\x00")}); !slices.Equal(got, want) {
			t.Errorf("Scan(ff) reversed from ff0000 = %q, want %q", got, want)
		}
		return nil
	})
}

func (s *suite) testFrom(t *testing.T, st store.Store) {
	// Neighbours sit right below and above the range, and "p0" is the
	// first key past it (store.PrefixEnd("p/")).
	putAll(t, st, "o", "", "p", "", "p/a", "", "p/c", "", "p/e", "", "p0", "", "q", "")
	cases := []struct {
		from    string
		reverse bool
		want    []string
	}{
		{"", false, []string{"p/a", "p/c", "p/e"}},
		{"p/c", false, []string{"p/c", "p/e"}},
		{"p/b", false, []string{"p/c", "p/e"}},
		{"p/", false, []string{"p/a", "p/c", "p/e"}},
		{"a", false, []string{"p/a", "p/c", "p/e"}},
		{"p/e\x00", false, nil},
		{"p0", false, nil},
		{"z", false, nil},
		{"", true, []string{"p/e", "p/c", "p/a"}},
		{"p/c", true, []string{"p/c", "p/a"}},
		{"p/d", true, []string{"p/c", "p/a"}},
		{"p/a", true, []string{"p/a"}},
		{"p/", true, nil},
		{"a", true, nil},
		{"p0", true, []string{"p/e", "p/c", "p/a"}},
		{"q", true, []string{"p/e", "p/c", "p/a"}},
		{"z", true, []string{"p/e", "p/c", "p/a"}},
	}
	check := func(tx store.Tx) {
		for _, c := range cases {
			opts := store.ScanOptions{Reverse: c.reverse}
			if c.from != "" {
				opts.From = []byte(c.from)
			}
			if got := scanKeys(t, tx, "p/", opts); !slices.Equal(got, c.want) {
				t.Errorf("Scan(p/, From %q, Reverse %v) = %q, want %q", c.from, c.reverse, got, c.want)
			}
		}
	}
	view(t, st, func(tx store.Tx) error { check(tx); return nil })
	// The same answers when part of the range is buffered in an Update.
	update(t, st, func(tx store.Tx) error {
		if err := tx.Delete([]byte("p/c")); err != nil {
			return err
		}
		if err := tx.Put([]byte("p/c"), nil); err != nil {
			return err
		}
		check(tx)
		return nil
	})
}

func (s *suite) testStop(t *testing.T, st store.Store) {
	putAll(t, st, "k1", "", "k2", "", "k3", "", "k4", "")
	for _, reverse := range []bool{false, true} {
		view(t, st, func(tx store.Tx) error {
			var got []string
			err := tx.Scan([]byte("k"), store.ScanOptions{Reverse: reverse}, func(k, _ []byte) error {
				got = append(got, string(k))
				if len(got) == 2 {
					return store.ErrStop
				}
				return nil
			})
			if err != nil {
				t.Errorf("Scan stopped with ErrStop returned %v, want nil", err)
			}
			want := []string{"k1", "k2"}
			if reverse {
				want = []string{"k4", "k3"}
			}
			if !slices.Equal(got, want) {
				t.Errorf("Scan (reverse %v) visited %q before ErrStop, want %q", reverse, got, want)
			}
			return nil
		})
	}
}

func (s *suite) testCallbackError(t *testing.T, st store.Store) {
	putAll(t, st, "k1", "", "k2", "", "k3", "")
	var visited int
	err := st.View(t.Context(), func(tx store.Tx) error {
		visited = 0
		return tx.Scan([]byte("k"), store.ScanOptions{}, func(k, _ []byte) error {
			visited++
			return errTest
		})
	})
	if !errors.Is(err, errTest) {
		t.Errorf("View returned %v, want the callback's error", err)
	}
	if visited != 1 {
		t.Errorf("Scan went on for %d keys after an error", visited)
	}
	// Update returns fn's error unchanged.
	err = st.Update(t.Context(), func(tx store.Tx) error {
		return tx.Scan([]byte("k"), store.ScanOptions{}, func(k, _ []byte) error { return errTest })
	})
	if err != errTest {
		t.Errorf("Update returned %v, want exactly the callback's error", err)
	}
}

func (s *suite) testReadYourWrites(t *testing.T, st store.Store) {
	putAll(t, st, "a", "1", "b", "2", "c", "3", "e", "5")
	update(t, st, func(tx store.Tx) error {
		for _, w := range []struct{ k, v string }{{"b", "20"}, {"d", "4"}, {"0", "0"}, {"f", "6"}} {
			if err := tx.Put([]byte(w.k), []byte(w.v)); err != nil {
				return err
			}
		}
		for _, k := range []string{"c", "f", "missing"} {
			if err := tx.Delete([]byte(k)); err != nil {
				return err
			}
		}
		if v, ok := get(t, tx, "b"); !ok || v != "20" {
			t.Errorf("Get(b) = %q, %v after Put; want 20", v, ok)
		}
		if _, ok := get(t, tx, "c"); ok {
			t.Error("Get(c) found a key deleted in this transaction")
		}
		want := []string{"0=0", "a=1", "b=20", "d=4", "e=5"}
		if got := scan(t, tx, "", store.ScanOptions{}); !slices.Equal(got, want) {
			t.Errorf("Scan = %q, want %q", got, want)
		}
		want = []string{"d=4", "b=20", "a=1", "0=0"}
		if got := scan(t, tx, "", store.ScanOptions{Reverse: true, From: []byte("d")}); !slices.Equal(got, want) {
			t.Errorf("Scan reversed from d = %q, want %q", got, want)
		}
		want = []string{"b=20", "d=4", "e=5"}
		if got := scan(t, tx, "", store.ScanOptions{From: []byte("b")}); !slices.Equal(got, want) {
			t.Errorf("Scan from b = %q, want %q", got, want)
		}
		return nil
	})
	view(t, st, func(tx store.Tx) error {
		want := []string{"0=0", "a=1", "b=20", "d=4", "e=5"}
		if got := scan(t, tx, "", store.ScanOptions{}); !slices.Equal(got, want) {
			t.Errorf("Scan after commit = %q, want %q", got, want)
		}
		return nil
	})
}

// testWritesDuringScan writes next to the scanned range from inside the
// callback, which the contract allows: the scan still visits every key of
// its range once, in order.
func (s *suite) testWritesDuringScan(t *testing.T, st store.Store) {
	var want []string
	kv := []string{"a/10", "", "a/20", "", "c/10", ""}
	for i := range 40 {
		want = append(want, fmt.Sprintf("b/%02d", i))
		kv = append(kv, want[i], "")
	}
	putAll(t, st, kv...)
	for _, reverse := range []bool{false, true} {
		err := st.Update(t.Context(), func(tx store.Tx) error {
			// A write first, so that bbolt already holds the leaf as a node.
			if err := tx.Put([]byte("a/15"), nil); err != nil {
				return err
			}
			var got []string
			err := tx.Scan([]byte("b/"), store.ScanOptions{Reverse: reverse}, func(k, _ []byte) error {
				got = append(got, string(k))
				n := len(got)
				if err := tx.Put(fmt.Appendf(nil, "a/%02d", n), nil); err != nil {
					return err
				}
				if err := tx.Put(fmt.Appendf(nil, "c/%02d", n), nil); err != nil {
					return err
				}
				if n == 5 {
					_ = tx.Delete([]byte("a/10"))
					_ = tx.Delete([]byte("c/10"))
				}
				return nil
			})
			if err != nil {
				return err
			}
			w := slices.Clone(want)
			if reverse {
				slices.Reverse(w)
			}
			if !slices.Equal(got, w) {
				t.Errorf("Scan (reverse %v) with writes beside it visited %q\nwant %q", reverse, got, w)
			}
			return errTest
		})
		if err != errTest {
			t.Fatalf("Update: %v", err)
		}
	}
}
