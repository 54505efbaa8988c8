package etcd

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"go.etcd.io/etcd/api/v3/mvccpb"
	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/deskctl/deskctl/internal/store"
)

// tx is one run of a View or Update function. Keys in its maps are full
// etcd keys, prefix included.
type tx struct {
	s        *Store
	ctx      context.Context
	writable bool

	// rev is the snapshot revision, taken by the first read.
	rev int64
	// writes are the buffered Puts and Deletes, one per key.
	writes map[string]write
	// size estimates the bytes of the commit request.
	size int
	// reads records, for an Update, the mod revision each key read had
	// in the snapshot (0: absent), and the key ranges scans covered.
	reads  map[string]int64
	ranges []keyRange
	// ahead holds the keys Get fetched ahead (ahead.go).
	ahead ahead
	// err is the first failure to talk to the cluster; stale says it was
	// a compacted snapshot, which a new attempt cures.
	err   error
	stale bool
}

type write struct {
	value string
	del   bool
}

// keyRange is [start, end) in etcd keys.
type keyRange struct{ start, end string }

func (s *Store) newTx(ctx context.Context, writable bool) *tx {
	t := &tx{s: s, ctx: ctx, writable: writable}
	if writable {
		t.writes = map[string]write{}
		t.reads = map[string]int64{}
	}
	return t
}

// Writable reports whether this is a read-write transaction.
func (t *tx) Writable() bool { return t.writable }

// Get returns the value at key: this transaction's own write if it made
// one, else the snapshot's.
func (t *tx) Get(key []byte) ([]byte, error) {
	if len(key) == 0 {
		return nil, store.ErrNotFound
	}
	kv, err := t.get(t.s.data + string(key))
	if err != nil {
		return nil, err
	}
	if kv == nil {
		return nil, store.ErrNotFound
	}
	if kv.Value == nil {
		return empty, nil
	}
	return kv.Value, nil
}

// get reads one etcd key through the write buffer; nil means absent.
func (t *tx) get(k string) (*mvccpb.KeyValue, error) {
	if w, ok := t.writes[k]; ok {
		if w.del {
			return nil, nil
		}
		return &mvccpb.KeyValue{Key: []byte(k), Value: []byte(w.value)}, nil
	}
	kv, err := t.lookup(k)
	if err != nil {
		return nil, err
	}
	if t.writable {
		var mod int64
		if kv != nil {
			mod = kv.ModRevision
		}
		t.reads[k] = mod
	}
	return kv, nil
}

// fetch runs one Get against the snapshot, taking the snapshot revision
// if this is the first read.
func (t *tx) fetch(k string, opts ...clientv3.OpOption) (*clientv3.GetResponse, error) {
	if t.err != nil {
		return nil, t.err
	}
	if t.rev > 0 {
		opts = append(opts, clientv3.WithRev(t.rev))
	}
	ctx, cancel := t.s.requestCtx(t.ctx)
	defer cancel()
	resp, err := t.s.client.Get(ctx, k, opts...)
	if err != nil {
		if errors.Is(err, rpctypes.ErrCompacted) {
			t.stale = true
			t.err = fmt.Errorf("etcd compacted revision %d while a transaction read it: %w", t.rev, store.ErrConflict)
		} else {
			t.err = t.s.clientError(t.ctx, ctx, err)
		}
		return nil, t.err
	}
	if t.rev == 0 {
		t.rev = resp.Header.Revision
	}
	return resp, nil
}

// Put buffers a write of value at key.
func (t *tx) Put(key, value []byte) error {
	if len(key) == 0 && t.writable {
		return errEmptyKey
	}
	return t.buffer(t.s.data+string(key), write{value: string(value)})
}

// Delete buffers the removal of key.
func (t *tx) Delete(key []byte) error {
	if len(key) == 0 && t.writable {
		return nil
	}
	return t.buffer(t.s.data+string(key), write{del: true})
}

// Per-item overhead of the protobuf encoding, rounded up, for the request
// size estimate.
const (
	opOverhead      = 24
	compareOverhead = 32
)

// buffer records a write, failing early once the commit could no longer
// fit the cluster's limits.
func (t *tx) buffer(k string, w write) error {
	if !t.writable {
		return store.ErrReadOnly
	}
	if old, ok := t.writes[k]; ok {
		t.size -= len(k) + len(old.value) + opOverhead
	}
	t.writes[k] = w
	t.size += len(k) + len(w.value) + opOverhead
	if n := len(t.writes); n > t.s.cfg.MaxTxnOps {
		return t.tooLarge(fmt.Sprintf("%d writes", n))
	}
	if t.size > t.s.cfg.MaxRequestBytes {
		return t.tooLarge(fmt.Sprintf("%d bytes of writes", t.size))
	}
	return nil
}

func (t *tx) tooLarge(what string) error {
	return fmt.Errorf("one update of %s exceeds the etcd limits of %d operations and %d bytes (the cluster's --max-txn-ops and --max-request-bytes, matched by the store config): %w",
		what, t.s.cfg.MaxTxnOps, t.s.cfg.MaxRequestBytes, store.ErrTooLarge)
}

// NextSequence reads, increments and buffers the counter of the named
// sequence, stored in decimal under the sequence prefix.
func (t *tx) NextSequence(name string) (uint64, error) {
	if !t.writable {
		return 0, store.ErrReadOnly
	}
	if name == "" {
		return 0, errEmptySequence
	}
	k := t.s.seq + name
	kv, err := t.get(k)
	if err != nil {
		return 0, err
	}
	var n uint64
	if kv != nil {
		if n, err = strconv.ParseUint(string(kv.Value), 10, 64); err != nil {
			return 0, fmt.Errorf("sequence %q holds %q: %w", name, kv.Value, store.ErrCorrupt)
		}
	}
	n++
	return n, t.buffer(k, write{value: strconv.FormatUint(n, 10)})
}
