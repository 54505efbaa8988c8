package transfer

import (
	"bytes"
	"errors"
	"slices"

	"github.com/deskctl/deskctl/internal/store"
)

// overlay is a savepoint over a store transaction: it buffers the writes
// of one import row and shows them to that row's own reads (Get and Scan
// see base merged with the buffer). flush applies them to base when the
// row succeeded; a rejected row's overlay is dropped, and base — the
// batch's journaled transaction — never saw its writes.
//
// The alternative, running the batch until a row fails, rolling the whole
// batch transaction back and redoing it without that row, costs a redo of
// up to a batch per bad row: quadratic on a file with many bad rows. The
// overlay costs a comparison (or, past linearMax, a map lookup) and a copy
// per key written.
type overlay struct {
	base store.Tx
	// writes are the buffered writes in first-write order, one per key,
	// which flush keeps. A row writes a handful of keys, where comparing
	// them one by one beats hashing; past linearMax, index finds them.
	writes []store.Write
	index  map[string]int
	// buf holds the keys and values of writes: one allocation per row,
	// sized as the row before took (up to 64 KiB), rather than three per
	// write. A row's buffer is never reused, since what Get handed out
	// may outlive the row.
	buf []byte
}

const linearMax = 32

func newOverlay() *overlay { return &overlay{} }

// wrap is handed to desk.Tx.Within: it binds the overlay to the batch's
// transaction.
func (o *overlay) wrap(base store.Tx) store.Tx {
	o.base = base
	clear(o.writes) // drop the values for the collector
	o.writes = o.writes[:0]
	o.index = nil
	o.buf = make([]byte, 0, min(len(o.buf), 64<<10)) // one huge row does not size the next
	return o
}

// find returns the position of key's write, or -1.
func (o *overlay) find(key []byte) int {
	if o.index != nil {
		if i, ok := o.index[string(key)]; ok {
			return i
		}
		return -1
	}
	for i := range o.writes {
		if bytes.Equal(o.writes[i].Key, key) {
			return i
		}
	}
	return -1
}

func (o *overlay) Get(key []byte) ([]byte, error) {
	if i := o.find(key); i >= 0 {
		if o.writes[i].Deleted {
			return nil, store.ErrNotFound
		}
		return o.writes[i].Value, nil
	}
	return o.base.Get(key)
}

func (o *overlay) Put(key, value []byte) error {
	if len(key) == 0 {
		return errors.New("put: empty key")
	}
	if value == nil {
		value = []byte{}
	}
	o.set(key, o.keep(value), false)
	return nil
}

func (o *overlay) Delete(key []byte) error {
	o.set(key, nil, true)
	return nil
}

// keep copies b into the row's buffer; the copy's capacity ends with it,
// so that an append to it cannot run into the next.
func (o *overlay) keep(b []byte) []byte {
	n := len(o.buf)
	o.buf = append(o.buf, b...)
	return o.buf[n:len(o.buf):len(o.buf)]
}

func (o *overlay) set(key, value []byte, deleted bool) {
	if i := o.find(key); i >= 0 {
		o.writes[i].Value, o.writes[i].Deleted = value, deleted
		return
	}
	o.writes = append(o.writes, store.Write{Key: o.keep(key), Value: value, Deleted: deleted})
	switch {
	case o.index != nil:
		o.index[string(key)] = len(o.writes) - 1
	case len(o.writes) > linearMax:
		o.index = make(map[string]int, 2*len(o.writes))
		for i, p := range o.writes {
			o.index[string(p.Key)] = i
		}
	}
}

func (o *overlay) NextSequence(name string) (uint64, error) { return o.base.NextSequence(name) }

func (o *overlay) Writable() bool { return o.base.Writable() }

// Scan merges base's keys with the buffered ones, in order.
func (o *overlay) Scan(prefix []byte, opts store.ScanOptions, fn func(key, value []byte) error) error {
	var mine []store.Write
	for _, p := range o.writes {
		if bytes.HasPrefix(p.Key, prefix) {
			mine = append(mine, p)
		}
	}
	slices.SortFunc(mine, func(a, b store.Write) int { return bytes.Compare(a.Key, b.Key) })
	return store.ScanWith(o.base, prefix, opts, mine, fn)
}

// flush writes the buffered writes to base.
func (o *overlay) flush() error {
	for _, w := range o.writes {
		if err := w.Apply(o.base); err != nil {
			return err
		}
	}
	return nil
}
