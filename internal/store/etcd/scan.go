package etcd

import (
	"errors"
	"slices"

	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/deskctl/deskctl/internal/store"
)

// Scan pages grow from firstPage to maxPage keys: most scans stop
// early or cover a few keys, and a reverse page costs the server the whole
// rest of the range (etcd sorts before it limits).
const (
	firstPage = 64
	maxPage   = 4096
)

// empty is handed out for empty values, which come back from etcd as nil.
var empty = []byte{}

// Scan visits the keys with prefix in order, merging the snapshot with this
// transaction's buffered writes. In an Update it records the part of the
// range it visited, so that the commit fails if another writer changed,
// added or removed a key there.
func (t *tx) Scan(prefix []byte, opts store.ScanOptions, fn func(key, value []byte) error) error {
	if t.err != nil {
		return t.err
	}
	lo := t.s.data + string(prefix)
	hi := prefixEnd(lo)
	if opts.From != nil {
		from := t.s.data + string(opts.From)
		if !opts.Reverse {
			lo = max(lo, from)
		} else {
			hi = min(hi, from+"\x00")
		}
	}
	if lo >= hi {
		return nil
	}
	sc := &scanner{t: t, start: lo, end: hi, lo: lo, hi: hi, reverse: opts.Reverse, page: firstPage}
	sc.local = t.bufferedIn(lo, hi, opts.Reverse)
	err := sc.run(fn)
	if t.writable && t.err == nil {
		t.ranges = append(t.ranges, sc.visited())
	}
	if errors.Is(err, store.ErrStop) {
		return nil
	}
	return err
}

// bufferedIn returns the buffered keys in [lo, hi), in scan order.
func (t *tx) bufferedIn(lo, hi string, reverse bool) []string {
	var keys []string
	for k := range t.writes {
		if lo <= k && k < hi {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	if reverse {
		slices.Reverse(keys)
	}
	return keys
}

// scanner merges the snapshot, fetched page by page, with the buffered
// writes.
type scanner struct {
	t          *tx
	start, end string // the scan's range
	lo, hi     string // the part of it not fetched yet
	reverse    bool
	page       int64

	remote    []*mvccpb.KeyValue // the rest of the current page
	exhausted bool               // no page left to fetch
	local     []string           // buffered keys not visited yet

	// last is the last key handed to fn; stopped says fn ended the scan.
	last    string
	stopped bool
}

// run calls fn for every key, in order.
func (sc *scanner) run(fn func(key, value []byte) error) error {
	n := len(sc.t.s.data)
	for {
		if len(sc.remote) == 0 && !sc.exhausted {
			if err := sc.fill(); err != nil {
				return err
			}
		}
		var r *mvccpb.KeyValue
		var l string
		if len(sc.remote) > 0 {
			r = sc.remote[0]
		}
		if len(sc.local) > 0 {
			l = sc.local[0]
		}
		var key, value []byte
		switch {
		case r == nil && l == "":
			return nil
		case l != "" && (r == nil || !sc.before(string(r.Key), l)):
			// The buffered write wins over the snapshot's key.
			sc.local = sc.local[1:]
			if r != nil && string(r.Key) == l {
				sc.remote = sc.remote[1:]
			}
			w := sc.t.writes[l]
			if w.del {
				continue
			}
			key, value = []byte(l), []byte(w.value)
		default:
			sc.remote = sc.remote[1:]
			key, value = r.Key, r.Value
			if sc.t.writable {
				sc.t.reads[string(key)] = r.ModRevision
			}
		}
		if value == nil {
			value = empty
		}
		sc.last = string(key)
		if err := fn(key[n:], value); err != nil {
			sc.stopped = true
			return err
		}
	}
}

// before reports whether key a comes before key b in scan order.
func (sc *scanner) before(a, b string) bool {
	if sc.reverse {
		return a > b
	}
	return a < b
}

// fill fetches the next page of the snapshot.
func (sc *scanner) fill() error {
	opts := []clientv3.OpOption{clientv3.WithRange(sc.hi), clientv3.WithLimit(sc.page)}
	if sc.reverse {
		opts = append(opts, clientv3.WithSort(clientv3.SortByKey, clientv3.SortDescend))
	}
	resp, err := sc.t.fetch(sc.lo, opts...)
	if err != nil {
		return err
	}
	sc.remote = resp.Kvs
	if n := len(resp.Kvs); n > 0 {
		last := string(resp.Kvs[n-1].Key)
		if sc.reverse {
			sc.hi = last
		} else {
			sc.lo = last + "\x00"
		}
	}
	sc.exhausted = !resp.More || sc.lo >= sc.hi
	sc.page = min(2*sc.page, maxPage)
	return nil
}

// visited returns the part of the range the scan showed to fn: all of it,
// or up to the key where fn stopped it.
func (sc *scanner) visited() keyRange {
	switch {
	case !sc.stopped:
		return keyRange{sc.start, sc.end}
	case sc.reverse:
		return keyRange{sc.last, sc.end}
	default:
		return keyRange{sc.start, sc.last + "\x00"}
	}
}

// prefixEnd is store.PrefixEnd for strings. Every key of a dataset has the
// dataset's prefix, so the end is never empty here.
func prefixEnd(prefix string) string {
	return string(store.PrefixEnd([]byte(prefix)))
}
