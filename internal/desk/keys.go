package desk

import "encoding/binary"

// Key layout. Every key lives in the store's one flat, ordered keyspace, so
// both backends hold the same layout byte for byte:
//
//	meta/schema                   schema version (decimal text)
//	rec/<kind>/<id>               a record, <id> 8-byte big-endian
//	ix/<kind>/<index>/<value>     unique index entry → id (ownerBytes)
//	ix/<kind>/<index>/<value>\x00<id>   non-unique index entry → empty
//	ix/<kind>/<tally>/<value>     records carrying value (8-byte count)
//	seq/<kind>                    last id handed out for a kind
//
// Ids are big-endian so that key order is id order and `--after ID` is a
// seek. Index values never contain 0x00 (validation rejects control
// characters), which keeps the separator of non-unique entries unambiguous.
const (
	schemaKey = "meta/schema"
	recPrefix = "rec/"
	ixPrefix  = "ix/"
	seqPrefix = "seq/"
)

func idBytes(id uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], id)
	return b[:]
}

func bytesID(b []byte) uint64 {
	if len(b) < 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b[len(b)-8:])
}

// ownerBytes is the value of a unique index entry: the owning record's id,
// big-endian without its leading zero bytes — 3 bytes for a million
// records where idBytes takes 8, on millions of entries. Schema 2 wrote
// all 8 bytes; ownerID reads both.
func ownerBytes(id uint64) []byte {
	b := idBytes(id)
	n := 0
	for n < len(b)-1 && b[n] == 0 {
		n++
	}
	return b[n:]
}

// ownerID reads a unique index entry's value; 0 when it is not one.
func ownerID(b []byte) uint64 {
	if len(b) == 0 || len(b) > 8 {
		return 0
	}
	var id uint64
	for _, c := range b {
		id = id<<8 | uint64(c)
	}
	return id
}

// editedRecordPrefixes are the record prefixes of the kinds whose records
// are rewritten after they are created — and grow then, by an update time
// and a version at least: every kind but the activity log, which is only
// appended to. A store that packs appended keys leaves room beside them.
func editedRecordPrefixes() [][]byte {
	var out [][]byte
	for _, kind := range DumpKinds {
		if kind != logEntries.kind {
			out = append(out, recordPrefix(kind))
		}
	}
	return out
}

// Keys are built in one allocation each: an import makes several per row.

func recordPrefix(kind string) []byte {
	return appendRecordPrefix(make([]byte, 0, len(recPrefix)+len(kind)+1), kind)
}

func appendRecordPrefix(b []byte, kind string) []byte {
	b = append(append(b, recPrefix...), kind...)
	return append(b, '/')
}

func recordKey(kind string, id uint64) []byte {
	b := appendRecordPrefix(make([]byte, 0, len(recPrefix)+len(kind)+9), kind)
	return binary.BigEndian.AppendUint64(b, id)
}

func indexPrefix(kind, index string) []byte { return indexKey(kind, index, 0) }

// indexKey returns the prefix of index with room for extra more bytes.
func indexKey(kind, index string, extra int) []byte {
	b := make([]byte, 0, len(ixPrefix)+len(kind)+len(index)+2+extra)
	b = append(append(b, ixPrefix...), kind...)
	b = append(append(b, '/'), index...)
	return append(b, '/')
}

func uniqueKey(kind, index string, value []byte) []byte {
	return append(indexKey(kind, index, len(value)), value...)
}

// multiPrefix is the prefix of every entry of one value of a non-unique index.
func multiPrefix(kind, index string, value []byte) []byte {
	return append(append(indexKey(kind, index, len(value)+1), value...), 0)
}

func multiKey(kind, index string, value []byte, id uint64) []byte {
	b := append(append(indexKey(kind, index, len(value)+9), value...), 0)
	return binary.BigEndian.AppendUint64(b, id)
}
