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

func join(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
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

func recordPrefix(kind string) []byte { return []byte(recPrefix + kind + "/") }

func recordKey(kind string, id uint64) []byte { return join(recordPrefix(kind), idBytes(id)) }

func indexPrefix(kind, index string) []byte { return []byte(ixPrefix + kind + "/" + index + "/") }

func uniqueKey(kind, index string, value []byte) []byte {
	return join(indexPrefix(kind, index), value)
}

// multiPrefix is the prefix of every entry of one value of a non-unique index.
func multiPrefix(kind, index string, value []byte) []byte {
	return join(indexPrefix(kind, index), value, []byte{0})
}

func multiKey(kind, index string, value []byte, id uint64) []byte {
	return join(multiPrefix(kind, index, value), idBytes(id))
}
