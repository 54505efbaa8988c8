package transfer

import (
	"bytes"
	"errors"
	"sort"

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
// overlay costs a map operation per key written.
type overlay struct {
	base   store.Tx
	writes map[string]pending
	order  []string // keys in first-write order, for a deterministic flush
}

type pending struct {
	value   []byte
	deleted bool
}

func newOverlay() *overlay { return &overlay{writes: map[string]pending{}} }

// wrap is handed to desk.Tx.Within: it binds the overlay to the batch's
// transaction.
func (o *overlay) wrap(base store.Tx) store.Tx {
	o.base = base
	clear(o.writes)
	o.order = o.order[:0]
	return o
}

func (o *overlay) Get(key []byte) ([]byte, error) {
	if p, ok := o.writes[string(key)]; ok {
		if p.deleted {
			return nil, store.ErrNotFound
		}
		return p.value, nil
	}
	return o.base.Get(key)
}

func (o *overlay) Put(key, value []byte) error {
	if len(key) == 0 {
		return errors.New("put: empty key")
	}
	o.set(key, pending{value: bytes.Clone(value)})
	return nil
}

func (o *overlay) Delete(key []byte) error {
	o.set(key, pending{deleted: true})
	return nil
}

func (o *overlay) set(key []byte, p pending) {
	if p.value == nil && !p.deleted {
		p.value = []byte{}
	}
	k := string(key)
	if _, ok := o.writes[k]; !ok {
		o.order = append(o.order, k)
	}
	o.writes[k] = p
}

func (o *overlay) NextSequence(name string) (uint64, error) { return o.base.NextSequence(name) }

func (o *overlay) Writable() bool { return o.base.Writable() }

// Scan merges base's keys with the buffered ones, in order.
func (o *overlay) Scan(prefix []byte, opts store.ScanOptions, fn func(key, value []byte) error) error {
	var mine []string
	for k := range o.writes {
		if !bytes.HasPrefix([]byte(k), prefix) {
			continue
		}
		if opts.From != nil && ((!opts.Reverse && k < string(opts.From)) || (opts.Reverse && k > string(opts.From))) {
			continue
		}
		mine = append(mine, k)
	}
	if len(mine) == 0 {
		return o.base.Scan(prefix, opts, fn)
	}
	sort.Strings(mine)
	if opts.Reverse {
		for i, j := 0, len(mine)-1; i < j; i, j = i+1, j-1 {
			mine[i], mine[j] = mine[j], mine[i]
		}
	}
	before := func(a, b string) bool { return (a < b) != opts.Reverse && a != b }
	stopped := false
	call := func(k, v []byte) error {
		err := fn(k, v)
		if errors.Is(err, store.ErrStop) {
			stopped = true
		}
		return err
	}
	emit := func(k string) error {
		p := o.writes[k]
		if p.deleted {
			return nil
		}
		return call([]byte(k), p.value)
	}
	i := 0
	err := o.base.Scan(prefix, opts, func(k, v []byte) error {
		for i < len(mine) && before(mine[i], string(k)) {
			if err := emit(mine[i]); err != nil {
				return err
			}
			i++
		}
		if i < len(mine) && mine[i] == string(k) {
			i++
			return emit(string(k))
		}
		return call(k, v)
	})
	if err != nil || stopped {
		return err
	}
	for ; i < len(mine); i++ {
		if err := emit(mine[i]); err != nil {
			if errors.Is(err, store.ErrStop) {
				return nil
			}
			return err
		}
	}
	return nil
}

// flush writes the buffered writes to base.
func (o *overlay) flush() error {
	for _, k := range o.order {
		p := o.writes[k]
		var err error
		if p.deleted {
			err = o.base.Delete([]byte(k))
		} else {
			err = o.base.Put([]byte(k), p.value)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
