package journal

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/deskctl/deskctl/internal/store"
)

// journaledTx records the previous value of every key it writes.
type journaledTx struct {
	store.Tx
	unit uint64
	seq  uint64
}

// Undo record flags.
const (
	wasAbsent  = 0
	wasPresent = 1
)

func (t *journaledTx) Put(key, value []byte) error {
	if err := t.remember(key); err != nil {
		return err
	}
	return t.Tx.Put(key, value)
}

func (t *journaledTx) Delete(key []byte) error {
	if err := t.remember(key); err != nil {
		return err
	}
	return t.Tx.Delete(key)
}

func (t *journaledTx) remember(key []byte) error {
	old, err := t.Tx.Get(key)
	flag := byte(wasPresent)
	if errors.Is(err, store.ErrNotFound) {
		flag, old = wasAbsent, nil
	} else if err != nil {
		return err
	}
	rec := make([]byte, 0, 1+binary.MaxVarintLen64+len(key)+len(old))
	rec = append(rec, flag)
	rec = binary.AppendUvarint(rec, uint64(len(key)))
	rec = append(rec, key...)
	rec = append(rec, old...)
	t.seq++
	return t.Tx.Put(binary.BigEndian.AppendUint64(undoUnitPrefix(t.unit), t.seq), rec)
}

// undo applies one undo record.
func undo(tx store.Tx, rec []byte) error {
	if len(rec) < 2 {
		return errors.New("short undo record")
	}
	n, w := binary.Uvarint(rec[1:])
	start := 1 + w
	if w <= 0 || uint64(len(rec)-start) < n {
		return fmt.Errorf("malformed undo record")
	}
	key, old := rec[start:start+int(n)], rec[start+int(n):]
	if rec[0] == wasAbsent {
		return tx.Delete(key)
	}
	return tx.Put(key, old)
}
