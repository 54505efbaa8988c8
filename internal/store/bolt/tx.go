package bolt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/deskctl/deskctl/internal/store"
)

// empty is handed out for empty values, which bbolt may return as nil.
var empty = []byte{}

// Fill factors of group buckets (see doc.go, "Groups"). A group written
// only at its end in a transaction — records under ids from a sequence,
// the activity log, journal chunks — packs its pages full, or nearly
// (roomyFill) where ReserveRoom said values grow later; any other write
// puts it back to bbolt's default, which leaves room in pages that random
// inserts split.
const (
	appendFill = 1.0
	roomyFill  = 0.97
	randomFill = bbolt.DefaultFillPercent
)

// tx is a store.Tx over one bbolt transaction. kv and seq are nil in a
// read-only transaction on a file that has no buckets yet; groups is nil
// there and in files of the flat layout.
type tx struct {
	btx    *bbolt.Tx
	kv     *bbolt.Bucket
	seq    *bbolt.Bucket
	groups *bbolt.Bucket
	path   string
	// roomy are the group prefixes given to ReserveRoom.
	roomy [][]byte
	// err is the first damage met; it fails the transaction even when fn
	// ignores it, so a damaged page is never committed over.
	err error
	// writes counts Puts and Deletes, so that Scan notices writes made by
	// its callback.
	writes int
	// open caches the group buckets used in this transaction.
	open map[string]*group
	// kvCursor is Get's cursor over kv.
	kvCursor *bbolt.Cursor
}

// group is one group bucket as this transaction uses it.
type group struct {
	b      *bbolt.Bucket
	cursor *bbolt.Cursor // Get's
	// appendOnly holds while every Put of the transaction went past the
	// bucket's last key.
	appendOnly bool
	// last is at or past the bucket's last key: loaded on first use and
	// moved by every Put past it (a Delete leaves it, which only makes
	// KnownAbsent answer false more often).
	lastKnown bool
	last      []byte
}

// guard turns a bbolt panic inside one operation into store.ErrCorrupt.
// Operations that call back into user code must not be guarded as a
// whole, or the user's panics would be taken for damage.
func (t *tx) guard(err *error) {
	if r := recover(); r != nil {
		t.err = corruptError(t.path, r)
		*err = t.err
	}
}

// groupLen returns the length of key's group prefix — through its second
// '/' — or 0 when it has fewer than two.
func groupLen(key []byte) int {
	first := bytes.IndexByte(key, '/')
	if first < 0 {
		return 0
	}
	second := bytes.IndexByte(key[first+1:], '/')
	if second < 0 {
		return 0
	}
	return first + 1 + second + 1
}

// route says where key lives: in group key[:n] under key[n:] (n > 0), or
// in kv under key itself (n == 0). A key that is exactly a group prefix
// lives in kv, since bbolt keys cannot be empty.
func (t *tx) route(key []byte) int {
	if t.groups == nil {
		return 0
	}
	if n := groupLen(key); n < len(key) {
		return n
	}
	return 0
}

// group returns the group bucket name, creating it when create is set, or
// nil when it does not exist.
func (t *tx) group(name []byte, create bool) (*group, error) {
	if g, ok := t.open[string(name)]; ok {
		return g, nil
	}
	b := t.groups.Bucket(name)
	if b == nil {
		if !create {
			return nil, nil
		}
		var err error
		if b, err = t.groups.CreateBucket(name); err != nil {
			return nil, fmt.Errorf("create group %q: %w", name, err)
		}
	}
	g := &group{b: b, appendOnly: true}
	if t.btx.Writable() {
		b.FillPercent = appendFill
		for _, p := range t.roomy {
			if bytes.HasPrefix(name, p) {
				b.FillPercent = roomyFill
			}
		}
	}
	if t.open == nil {
		t.open = map[string]*group{}
	}
	t.open[string(name)] = g
	return g, nil
}

// past reports whether suffix sorts after every key of the bucket.
func (g *group) past(suffix []byte) bool {
	if !g.lastKnown {
		k, _ := g.b.Cursor().Last()
		g.last, g.lastKnown = append(g.last[:0], k...), true
	}
	return len(g.last) == 0 || bytes.Compare(suffix, g.last) > 0
}

// noteWrite keeps last and g's fill factor right for a Put of suffix.
func (g *group) noteWrite(suffix []byte) {
	if g.past(suffix) {
		g.last = append(g.last[:0], suffix...)
		return
	}
	if g.appendOnly {
		g.appendOnly = false
		g.b.FillPercent = randomFill
	}
}

// KnownAbsent answers for keys of a group past its last key, or of a
// group that does not exist; it implements store.AbsenceHinter.
func (t *tx) KnownAbsent(key []byte) (absent bool) {
	if t.err != nil || t.kv == nil {
		return false
	}
	n := t.route(key)
	if n == 0 {
		return false
	}
	defer func() {
		if recover() != nil { // damage: let the lookup meet and report it
			absent = false
		}
	}()
	g, err := t.group(key[:n], false)
	if err != nil {
		return false
	}
	return g == nil || g.past(key[n:])
}

// Writable reports whether this is a read-write transaction.
func (t *tx) Writable() bool { return t.btx.Writable() }

// Get returns the value at key, or store.ErrNotFound.
func (t *tx) Get(key []byte) (v []byte, err error) {
	if t.err != nil {
		return nil, t.err
	}
	if t.kv == nil {
		return nil, store.ErrNotFound
	}
	defer t.guard(&err)
	// A cursor, not Bucket.Get: Get answers nil both for a missing key and
	// for an empty value written in this transaction. One per bucket for
	// the transaction: a Seek searches from the root whatever the cursor
	// did before, and a new cursor costs allocations on every lookup.
	if t.kvCursor == nil {
		t.kvCursor = t.kv.Cursor()
	}
	c, k := t.kvCursor, key
	if n := t.route(key); n > 0 {
		g, err := t.group(key[:n], false)
		if err != nil || g == nil {
			return nil, store.ErrNotFound
		}
		if g.cursor == nil {
			g.cursor = g.b.Cursor()
		}
		c, k = g.cursor, key[n:]
	}
	got, v := c.Seek(k)
	if got == nil || !bytes.Equal(got, k) {
		return nil, store.ErrNotFound
	}
	if v == nil {
		v = empty
	}
	return v, nil
}

// Put stores a copy of value at key.
func (t *tx) Put(key, value []byte) (err error) {
	if err := t.writable(); err != nil {
		return err
	}
	if len(key) == 0 {
		return errEmptyKey
	}
	defer t.guard(&err)
	v := append(make([]byte, 0, len(value)), value...)
	t.writes++
	b, k := t.kv, key
	if n := t.route(key); n > 0 {
		g, err := t.group(key[:n], true)
		if err != nil {
			return err
		}
		b, k = g.b, key[n:]
		g.noteWrite(k)
	}
	if err := b.Put(k, v); err != nil {
		return fmt.Errorf("put: %w", err)
	}
	return nil
}

// Delete removes key; a missing key is not an error.
func (t *tx) Delete(key []byte) (err error) {
	if err := t.writable(); err != nil {
		return err
	}
	if len(key) == 0 {
		return nil
	}
	defer t.guard(&err)
	t.writes++
	b, k := t.kv, key
	if n := t.route(key); n > 0 {
		g, err := t.group(key[:n], false)
		if err != nil || g == nil {
			return err
		}
		b, k = g.b, key[n:]
	}
	if err := b.Delete(k); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	return nil
}

// NextSequence increments the named sequence and returns its new value.
func (t *tx) NextSequence(name string) (n uint64, err error) {
	if err := t.writable(); err != nil {
		return 0, err
	}
	if name == "" {
		return 0, errEmptySequence
	}
	defer t.guard(&err)
	k := []byte(name)
	if v := t.seq.Get(k); v != nil {
		if len(v) != 8 {
			t.err = fmt.Errorf("store %s: sequence %q holds %d bytes, not 8: %w", t.path, name, len(v), store.ErrCorrupt)
			return 0, t.err
		}
		n = binary.BigEndian.Uint64(v)
	}
	n++
	if err := t.seq.Put(k, binary.BigEndian.AppendUint64(nil, n)); err != nil {
		return 0, fmt.Errorf("sequence %q: %w", name, err)
	}
	return n, nil
}

func (t *tx) writable() error {
	if t.err != nil {
		return t.err
	}
	if !t.btx.Writable() {
		return store.ErrReadOnly
	}
	return nil
}

// Scan calls fn for the keys with prefix, in order, from opts.From. The
// keys live in two ordered streams, kv's own keys and the groups one after
// the other (whose order is the keys' order: see doc.go), which Scan
// merges.
func (t *tx) Scan(prefix []byte, opts store.ScanOptions, fn func(key, value []byte) error) error {
	if t.err != nil {
		return t.err
	}
	if t.kv == nil {
		return nil
	}
	streams := []stream{&plainStream{c: t.kv.Cursor(), reverse: opts.Reverse}}
	if t.groups != nil {
		streams = append(streams, &groupStream{t: t, gc: t.groups.Cursor(), reverse: opts.Reverse})
	}
	// The first key to visit, and whether it is itself included.
	var bound []byte
	inclusive := true
	if !opts.Reverse {
		bound = opts.From
		if bound == nil || bytes.Compare(bound, prefix) < 0 {
			bound = prefix
		}
	} else {
		if opts.From != nil && bytes.Compare(opts.From, prefix) < 0 {
			return nil // every key with prefix is above From
		}
		end := store.PrefixEnd(prefix)
		switch {
		case opts.From != nil && (end == nil || bytes.Compare(opts.From, end) < 0):
			bound = opts.From
		case end != nil:
			bound, inclusive = end, false
		}
		// bound nil: from the very last key.
	}
	if err := t.seek(streams, bound, inclusive); err != nil {
		return err
	}
	for {
		s := t.pick(streams, opts.Reverse)
		if s == nil {
			return nil
		}
		k, v := s.current()
		if !bytes.HasPrefix(k, prefix) {
			return nil // keys are in order: no later one has prefix either
		}
		if v == nil {
			v = empty
		}
		writes := t.writes
		if err := fn(k, v); err != nil {
			if errors.Is(err, store.ErrStop) {
				return nil
			}
			return err
		}
		var err error
		if t.writes != writes {
			// A write in the same leaf shifts the positions a bbolt
			// cursor keeps, so after the callback wrote, even outside
			// the scanned range, plain stepping could visit a key twice
			// or skip one: look the place up again.
			err = t.seek(streams, k, false)
		} else {
			err = t.step(s)
		}
		if err != nil {
			return err
		}
	}
}

// seek positions every stream on its first key at or past bound (in the
// scan's direction; past it only when inclusive is false).
func (t *tx) seek(streams []stream, bound []byte, inclusive bool) (err error) {
	defer t.guard(&err)
	for _, s := range streams {
		s.seek(bound, inclusive)
	}
	return nil
}

func (t *tx) step(s stream) (err error) {
	defer t.guard(&err)
	s.step()
	return nil
}

// pick returns the stream whose current key comes first in the scan's
// direction, or nil when all are done. A key lives in one stream only.
func (t *tx) pick(streams []stream, reverse bool) stream {
	var best stream
	var bestKey []byte
	for _, s := range streams {
		k, _ := s.current()
		if k == nil {
			continue
		}
		if best == nil || (bytes.Compare(k, bestKey) < 0) != reverse {
			best, bestKey = s, k
		}
	}
	return best
}

// stream is one ordered source of (whole) keys.
type stream interface {
	seek(bound []byte, inclusive bool)
	step()
	// current returns the key and value the stream is on; a nil key
	// when it is done.
	current() (k, v []byte)
}

// plainStream walks kv's own keys.
type plainStream struct {
	c       *bbolt.Cursor
	reverse bool
	k, v    []byte
}

func (s *plainStream) current() ([]byte, []byte) { return s.k, s.v }

func (s *plainStream) seek(bound []byte, inclusive bool) {
	if !s.reverse {
		s.k, s.v = s.c.Seek(bound)
		if !inclusive && s.k != nil && bytes.Equal(s.k, bound) {
			s.k, s.v = s.c.Next()
		}
		return
	}
	if bound == nil {
		s.k, s.v = s.c.Last()
		return
	}
	s.k, s.v = s.c.Seek(bound)
	switch {
	case s.k == nil:
		s.k, s.v = s.c.Last()
	case !inclusive || !bytes.Equal(s.k, bound):
		s.k, s.v = s.c.Prev()
	}
}

func (s *plainStream) step() {
	if s.reverse {
		s.k, s.v = s.c.Prev()
	} else {
		s.k, s.v = s.c.Next()
	}
}

// groupStream walks the keys of the group buckets, group after group.
type groupStream struct {
	t       *tx
	gc      *bbolt.Cursor // over t.groups
	reverse bool
	name    []byte        // the current group
	c       *bbolt.Cursor // over the current group; nil when done
	suffix  []byte
	v       []byte
	key     []byte // name + suffix
	arena   []byte // backing store of the keys handed out
}

func (s *groupStream) current() ([]byte, []byte) {
	if s.c == nil || s.suffix == nil {
		return nil, nil
	}
	if s.key == nil {
		// Keys handed out stay valid until the transaction ends, as the
		// contract says: they are cut from an arena that is never
		// overwritten, only replaced when full.
		n := len(s.name) + len(s.suffix)
		if cap(s.arena)-len(s.arena) < n {
			s.arena = make([]byte, 0, max(4096, n))
		}
		start := len(s.arena)
		s.arena = append(append(s.arena, s.name...), s.suffix...)
		s.key = s.arena[start:len(s.arena):len(s.arena)]
	}
	return s.key, s.v
}

// enter makes the group the cursor gc is on (name, or nil) the current
// one, positioned by at.
func (s *groupStream) enter(name []byte, at func(c *bbolt.Cursor) ([]byte, []byte)) {
	s.key = nil
	if name == nil {
		s.c, s.suffix = nil, nil
		return
	}
	b := s.t.groups.Bucket(name)
	if b == nil { // not a bucket: nothing else lives in groups
		s.c, s.suffix = nil, nil
		return
	}
	s.name, s.c = name, b.Cursor()
	s.suffix, s.v = at(s.c)
}

func first(c *bbolt.Cursor) ([]byte, []byte) { return c.First() }
func last(c *bbolt.Cursor) ([]byte, []byte)  { return c.Last() }

// skipEmpty moves on to the next group while the current one has no key
// left.
func (s *groupStream) skipEmpty() {
	for s.c != nil && s.suffix == nil {
		if s.reverse {
			name, _ := s.gc.Prev()
			s.enter(name, last)
		} else {
			name, _ := s.gc.Next()
			s.enter(name, first)
		}
	}
}

func (s *groupStream) seek(bound []byte, inclusive bool) {
	if s.reverse {
		s.seekReverse(bound, inclusive)
	} else {
		s.seekForward(bound, inclusive)
	}
	s.skipEmpty()
}

func (s *groupStream) seekForward(bound []byte, inclusive bool) {
	n := groupLen(bound)
	if n == 0 || n == len(bound) {
		// Every key of a group named at or after bound is past it.
		name, _ := s.gc.Seek(bound)
		s.enter(name, first)
		return
	}
	name, _ := s.gc.Seek(bound[:n])
	if name == nil || !bytes.Equal(name, bound[:n]) {
		s.enter(name, first) // the group after bound's own, which is missing
		return
	}
	suffix := bound[n:]
	s.enter(name, func(c *bbolt.Cursor) ([]byte, []byte) {
		k, v := c.Seek(suffix)
		if !inclusive && k != nil && bytes.Equal(k, suffix) {
			k, v = c.Next()
		}
		return k, v
	})
}

func (s *groupStream) seekReverse(bound []byte, inclusive bool) {
	if bound == nil {
		name, _ := s.gc.Last()
		s.enter(name, last)
		return
	}
	n := groupLen(bound)
	if n == 0 || n == len(bound) {
		// Every key of a group named before bound is below it, and
		// every key of one named at or after it is past it.
		s.enterBefore(bound)
		return
	}
	name, _ := s.gc.Seek(bound[:n])
	if name == nil || !bytes.Equal(name, bound[:n]) {
		s.enterBefore(bound[:n])
		return
	}
	suffix := bound[n:]
	s.enter(name, func(c *bbolt.Cursor) ([]byte, []byte) {
		k, v := c.Seek(suffix)
		switch {
		case k == nil:
			return c.Last()
		case !inclusive || !bytes.Equal(k, suffix):
			return c.Prev()
		}
		return k, v
	})
}

// enterBefore enters the last group named before name, at its last key.
func (s *groupStream) enterBefore(name []byte) {
	k, _ := s.gc.Seek(name)
	if k == nil {
		k, _ = s.gc.Last()
	} else {
		k, _ = s.gc.Prev()
	}
	s.enter(k, last)
}

func (s *groupStream) step() {
	if s.c == nil {
		return
	}
	s.key = nil
	if s.reverse {
		s.suffix, s.v = s.c.Prev()
	} else {
		s.suffix, s.v = s.c.Next()
	}
	s.skipEmpty()
}
