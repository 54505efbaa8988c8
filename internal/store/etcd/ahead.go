package etcd

import (
	"sort"
	"strings"

	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// Every Get that misses asks the cluster for the key and the keys after it,
// at the snapshot revision, and keeps them: a transaction that reads many
// keys in order — db check, an import checking and journaling every key it
// writes — then finds most of them already fetched, and a read into an
// empty stretch (every key of an import into a new dataset) learns that the
// whole stretch is empty. A round trip costs far more than the extra keys:
// db check of 24,000 records made 82,600 of them before, and 230 since.
//
// The read-ahead starts small, so a command that reads a handful of
// scattered keys fetches little it does not use, and doubles with every
// miss once a fetched-ahead key has been used. The cache stops growing at
// maxAheadBytes; reads then go one key at a time.
const (
	firstAhead    = 8
	maxAhead      = 1024
	maxAheadBytes = 64 << 20
)

// ahead is the read-ahead cache of one transaction. Everything in it is at
// the transaction's snapshot revision, which never changes, so nothing in
// it goes stale.
type ahead struct {
	kvs map[string]*mvccpb.KeyValue
	// known are the stretches of keys fetched completely, sorted and
	// disjoint: a key in one of them that is not in kvs is absent.
	known []keyRange
	bytes int
	size  int64 // keys to ask for on the next miss
	used  bool  // a fetched-ahead key has been read
}

// find returns the stretch of known that holds k, or -1.
func (a *ahead) find(k string) int {
	i := sort.Search(len(a.known), func(i int) bool { return a.known[i].end > k })
	if i < len(a.known) && a.known[i].start <= k {
		return i
	}
	return -1
}

// add records that [start, end) was fetched, with kvs in it.
func (a *ahead) add(start, end string, kvs []*mvccpb.KeyValue) {
	if a.kvs == nil {
		a.kvs = map[string]*mvccpb.KeyValue{}
	}
	for _, kv := range kvs {
		a.kvs[string(kv.Key)] = kv
		a.bytes += len(kv.Key) + len(kv.Value)
	}
	// Splice [start, end) into known, merging the stretches it overlaps
	// or touches.
	lo := sort.Search(len(a.known), func(i int) bool { return a.known[i].end >= start })
	hi := lo
	for hi < len(a.known) && a.known[hi].start <= end {
		start, end = min(start, a.known[hi].start), max(end, a.known[hi].end)
		hi++
	}
	a.known = append(a.known[:lo], append([]keyRange{{start, end}}, a.known[hi:]...)...)
}

// lookup returns the snapshot's value of the etcd key k (nil: absent),
// from the cache or from the cluster with read-ahead.
func (t *tx) lookup(k string) (*mvccpb.KeyValue, error) {
	a := &t.ahead
	if a.find(k) >= 0 {
		a.used = true
		return a.kvs[k], nil
	}
	if a.bytes >= maxAheadBytes {
		resp, err := t.fetch(k)
		if err != nil || len(resp.Kvs) == 0 {
			return nil, err
		}
		return resp.Kvs[0], nil
	}
	switch {
	case a.size == 0:
		a.size = firstAhead
	case a.used:
		a.size = min(2*a.size, maxAhead)
	}
	// Read ahead within the area of k only: the keyspace or the
	// sequences.
	area := t.s.data
	if strings.HasPrefix(k, t.s.seq) {
		area = t.s.seq
	}
	end := prefixEnd(area)
	resp, err := t.fetch(k, clientv3.WithRange(end), clientv3.WithLimit(a.size))
	if err != nil {
		return nil, err
	}
	if n := len(resp.Kvs); resp.More && n > 0 {
		end = string(resp.Kvs[n-1].Key) + "\x00"
	}
	a.add(k, end, resp.Kvs)
	return a.kvs[k], nil
}
