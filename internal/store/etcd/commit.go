package etcd

import (
	"errors"
	"fmt"
	"slices"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/deskctl/deskctl/internal/store"
)

// commit applies the buffered writes in one etcd Txn, guarded by the read
// set: every key read must still have the mod revision it had in the
// snapshot (0 for a key that was absent), and no key in a scanned range
// may have been written after the snapshot. It reports false when a guard
// failed, that is when another writer got in between.
//
// A range guard compares the mod revision of every key in the range with
// the snapshot revision, so it catches keys changed and keys added since;
// keys deleted since leave nothing to compare, which is why the keys a
// scan visited are in the read set too.
func (t *tx) commit() (bool, error) {
	if len(t.writes) == 0 {
		return true, nil // nothing to apply: the snapshot was consistent
	}
	size := 64
	cmps := make([]clientv3.Cmp, 0, len(t.reads)+len(t.ranges))
	for k, mod := range t.reads {
		cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(k), "=", mod))
		size += len(k) + compareOverhead
	}
	for _, r := range mergeRanges(t.ranges) {
		cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(r.start), "<", t.rev+1).WithRange(r.end))
		size += len(r.start) + len(r.end) + compareOverhead
	}
	ops := make([]clientv3.Op, 0, len(t.writes))
	for k, w := range t.writes {
		if w.del {
			ops = append(ops, clientv3.OpDelete(k))
		} else {
			ops = append(ops, clientv3.OpPut(k, w.value))
		}
	}
	if n := len(ops); n > t.s.cfg.MaxTxnOps {
		return false, t.tooLarge(fmt.Sprintf("%d writes", n))
	}
	if n := len(cmps); n > t.s.cfg.MaxTxnOps {
		return false, t.tooLarge(fmt.Sprintf("%d writes guarded by %d read checks", len(ops), n))
	}
	if size += t.size; size > t.s.cfg.MaxRequestBytes {
		return false, t.tooLarge(fmt.Sprintf("about %d bytes", size))
	}
	ctx, cancel := t.s.requestCtx(t.ctx)
	defer cancel()
	resp, err := t.s.client.Txn(ctx).If(cmps...).Then(ops...).Commit()
	if err != nil {
		err = t.s.clientError(t.ctx, ctx, err)
		if errors.Is(err, store.ErrBusy) {
			err = fmt.Errorf("etcd at %s did not confirm the commit within %v, so it may or may not have been applied: %w",
				t.s.endpoints(), t.s.cfg.RequestTimeout, store.ErrBusy)
		}
		return false, err
	}
	return resp.Succeeded, nil
}

// mergeRanges sorts ranges and joins those that overlap or touch, so each
// stretch of keys costs one compare.
func mergeRanges(rs []keyRange) []keyRange {
	if len(rs) < 2 {
		return rs
	}
	rs = slices.Clone(rs)
	slices.SortFunc(rs, func(a, b keyRange) int {
		switch {
		case a.start < b.start:
			return -1
		case a.start > b.start:
			return 1
		}
		return 0
	})
	out := rs[:1]
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if r.start <= last.end {
			last.end = max(last.end, r.end)
			continue
		}
		out = append(out, r)
	}
	return out
}
