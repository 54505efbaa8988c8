package desk

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The stored form of the records written in bulk — accounts, contacts,
// tickets and activity log entries — is a compact binary encoding rather
// than their JSON: a million accounts import several times faster and take
// a third of the space. A value starts with binMagic (JSON starts with
// '{'), then holds the fields that are set, each as a tag byte and its
// value:
//
//	string     uvarint length, bytes
//	id, count  uvarint
//	version    varint
//	list       uvarint count, strings
//	map        uvarint count, key and value strings, keys sorted
//	time       varint Unix seconds, uvarint nanoseconds<<1 | zoned,
//	           [varint offset in seconds east of UTC when zoned]
//
// Absent fields decode to their zero value, except for the defaults below;
// lists and maps decode to empty ones, so the JSON a user sees keeps every
// key ("domains": []). The updated time (and a log entry's time) is
// omitted when it equals the created time.
//
// Since schema 3 (binMagic 0x02) a value also leaves out what every record
// of a million would repeat: its id, which is its key's (decodeRecord takes
// it from there); a version of 1; an account's status when active and its
// CRM status when unmapped; and a log entry's account when the entry is an
// account's own. A log entry's entity and action are one byte each, from
// logEntities and logActions. Absent, those decode to these defaults.
// Values of schema 2 (binMagicV1) carry their id and every set field and
// still decode; so do JSON records, which stores written before the
// binary encoding hold. Either is rewritten in the current form when next
// changed. Other kinds (managers, notes, jobs) stay JSON.
//
// Tags are never reused: a new field gets a new tag, and a decoder meeting
// a tag it does not know reports the record as damaged.
const (
	binMagic   = 0x02
	binMagicV1 = 0x01
)

// binaryRecord is implemented by the records stored in binary.
type binaryRecord interface {
	appendBinary(b []byte) []byte
	decodeBinary(d *decoder) error
}

// Tags shared by every record: its stamp.
const (
	tagCreated = 60
	tagUpdated = 61
	tagVersion = 62
)

type encoder struct{ b []byte }

// appendString appends s as its length and its bytes.
func appendString[T ~string | ~[]byte](b []byte, s T) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func (e *encoder) str(tag byte, s string) {
	if s != "" {
		e.b = appendString(append(e.b, tag), s)
	}
}

// strOr writes a string field that decodes to def when absent: omitted
// when it is def, written even when empty otherwise.
func (e *encoder) strOr(tag byte, s, def string) {
	if s != def {
		e.b = appendString(append(e.b, tag), s)
	}
}

func (e *encoder) uint(tag byte, v uint64) {
	if v != 0 {
		e.b = binary.AppendUvarint(append(e.b, tag), v)
	}
}

func (e *encoder) strs(tag byte, list []string) {
	if len(list) != 0 {
		e.b = binary.AppendUvarint(append(e.b, tag), uint64(len(list)))
		for _, s := range list {
			e.b = appendString(e.b, s)
		}
	}
}

func (e *encoder) fields(tag byte, m map[string]string) {
	if len(m) == 0 {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.b = binary.AppendUvarint(append(e.b, tag), uint64(len(m)))
	for _, k := range keys {
		e.b = appendString(appendString(e.b, k), m[k])
	}
}

// appendTime encodes t (see the format above).
func appendTime(b []byte, t time.Time) []byte {
	b = binary.AppendVarint(b, t.Unix())
	_, off := t.Zone()
	zoned := t.Location() != time.UTC
	n := uint64(t.Nanosecond()) << 1
	if zoned {
		n |= 1
	}
	b = binary.AppendUvarint(b, n)
	if zoned {
		b = binary.AppendVarint(b, int64(off))
	}
	return b
}

func (e *encoder) time(tag byte, t time.Time) {
	if !t.IsZero() {
		e.b = append(e.b, tag)
		e.b = appendTime(e.b, t)
	}
}

// sameTime reports whether two times encode alike.
func sameTime(a, b time.Time) bool {
	var x, y [32]byte
	return string(appendTime(x[:0], a)) == string(appendTime(y[:0], b))
}

func (e *encoder) stamp(s *Stamp) {
	e.time(tagCreated, s.CreatedAt)
	if !sameTime(s.UpdatedAt, s.CreatedAt) {
		e.time(tagUpdated, s.UpdatedAt)
	}
	if s.Version != 1 { // absent: 1
		e.b = binary.AppendVarint(append(e.b, tagVersion), s.Version)
	}
}

// code writes s as its code in codes (a uvarint: one byte for the first
// 127) under codeTag, or as a string under strTag when it has none.
func (e *encoder) code(codeTag, strTag byte, s string, codes []string) {
	if i := slices.Index(codes, s); i > 0 {
		e.b = binary.AppendUvarint(append(e.b, codeTag), uint64(i))
		return
	}
	e.str(strTag, s)
}

// decoder reads one binary record. Strings are cut from one copy of the
// whole record (src), one allocation per record.
type decoder struct {
	src     string
	pos     int
	err     error
	v1      bool // a schema 2 value: no defaults (see binMagicV1)
	updated bool // the record had an updated time of its own
	version bool // the record had a version of its own
}

var errBinary = errors.New("malformed binary record")

func (d *decoder) more() bool { return d.err == nil && d.pos < len(d.src) }

func (d *decoder) tag() byte {
	t := d.src[d.pos]
	d.pos++
	return t
}

func (d *decoder) uvarint() uint64 {
	var v uint64
	var shift uint
	for d.err == nil {
		if d.pos >= len(d.src) || shift > 63 {
			d.err = errBinary
			return 0
		}
		c := d.src[d.pos]
		d.pos++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
		shift += 7
	}
	return 0
}

func (d *decoder) varint() int64 {
	u := d.uvarint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

func (d *decoder) str() string {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.src)-d.pos) {
		d.err = errBinary
		return ""
	}
	s := d.src[d.pos : d.pos+int(n)]
	d.pos += int(n)
	return s
}

func (d *decoder) strs() []string {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.src)-d.pos) {
		d.err = errBinary
		return nil
	}
	out := make([]string, 0, n)
	for range n {
		out = append(out, d.str())
	}
	return out
}

func (d *decoder) fields() map[string]string {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.src)-d.pos) {
		d.err = errBinary
		return nil
	}
	m := make(map[string]string, n)
	for range n {
		k := d.str()
		m[k] = d.str()
	}
	return m
}

func (d *decoder) time() time.Time {
	sec := d.varint()
	n := d.uvarint()
	t := time.Unix(sec, int64(n>>1))
	if n&1 != 0 {
		return t.In(time.FixedZone("", int(d.varint())))
	}
	return t.UTC()
}

// stamp decodes a stamp field; it reports false for other tags.
func (d *decoder) stamp(tag byte, s *Stamp) bool {
	switch tag {
	case tagCreated:
		s.CreatedAt = d.time()
	case tagUpdated:
		s.UpdatedAt, d.updated = d.time(), true
	case tagVersion:
		s.Version, d.version = d.varint(), true
	default:
		return false
	}
	return true
}

// finish checks the end of a record and fills the updated time.
func (d *decoder) finish(s *Stamp) error {
	if d.err != nil {
		return d.err
	}
	if !d.updated {
		s.UpdatedAt = s.CreatedAt
	}
	if !d.version && !d.v1 {
		s.Version = 1
	}
	return nil
}

// omitted reports whether a field with a default (encoder.strOr) was left
// out of the value, which then means the default; seen is whether it was
// read. Schema 2 values have no defaults.
func (d *decoder) omitted(seen bool) bool { return !seen && !d.v1 }

// code reads a one-byte code of codes.
func (d *decoder) code(codes []string) string {
	c := d.uvarint()
	if c == 0 || c >= uint64(len(codes)) {
		if d.err == nil {
			d.err = fmt.Errorf("%w: unknown code %d", errBinary, c)
		}
		return ""
	}
	return codes[c]
}

func (d *decoder) unknown(tag byte) error {
	if d.err != nil {
		return d.err
	}
	return fmt.Errorf("%w: unknown field tag %d", errBinary, tag)
}

// encodeRecord returns the stored form of rec.
func encodeRecord(rec any) ([]byte, error) {
	if br, ok := rec.(binaryRecord); ok {
		return br.appendBinary(make([]byte, 0, 256)), nil
	}
	return json.Marshal(rec)
}

// isBinary reports whether raw is a binary record, of either schema.
func isBinary(raw []byte) bool {
	return len(raw) > 0 && (raw[0] == binMagic || raw[0] == binMagicV1)
}

// decodeRecord fills rec, stored under id, from its stored form, binary
// or JSON.
func decodeRecord(id uint64, raw []byte, rec any) error {
	if !isBinary(raw) {
		return json.Unmarshal(raw, rec)
	}
	br, ok := rec.(binaryRecord)
	if !ok {
		return fmt.Errorf("%w: binary value for a JSON record", errBinary)
	}
	if err := br.decodeBinary(&decoder{src: string(raw), pos: 1, v1: raw[0] == binMagicV1}); err != nil {
		return err
	}
	// A schema 2 value carries its own id, which Check compares with the
	// key; a current one's id is the key's.
	if r, ok := rec.(record); ok && (r.recordID() == 0 || raw[0] == binMagic) {
		r.setRecordID(id)
	}
	return nil
}

// storedJSON returns the JSON form of the value stored under id of kind T,
// for dumps: the stored JSON itself, or the JSON of the decoded binary
// record.
func storedJSON[T any](id uint64, raw []byte) ([]byte, error) {
	if !isBinary(raw) {
		return raw, nil
	}
	rec := new(T)
	if err := decodeRecord(id, raw, rec); err != nil {
		return nil, err
	}
	return json.Marshal(rec)
}

// Account: tags 1–19.
func (a *Account) appendBinary(b []byte) []byte {
	e := encoder{append(b, binMagic)}
	e.str(2, a.Name)
	e.strs(3, a.Domains)
	e.str(4, a.ExternalID)
	e.strOr(5, a.Status, StatusActive)
	e.uint(6, uint64(a.ParentID))
	e.uint(7, uint64(a.ManagerID))
	e.str(8, a.Phone)
	e.str(9, a.Email)
	e.str(10, a.Website)
	e.str(11, a.Description)
	e.strs(12, a.Tags)
	e.fields(13, a.Fields)
	e.str(14, a.CRMID)
	e.strOr(15, a.CRMStatus, crmUnmapped)
	e.str(16, a.LogoURL)
	e.str(17, a.SlackChannel)
	e.stamp(&a.Stamp)
	return e.b
}

func (a *Account) decodeBinary(d *decoder) error {
	var status, crmStatus bool
	for d.more() {
		switch tag := d.tag(); tag {
		case 1:
			a.ID = d.uvarint()
		case 2:
			a.Name = d.str()
		case 3:
			a.Domains = d.strs()
		case 4:
			a.ExternalID = d.str()
		case 5:
			a.Status, status = d.str(), true
		case 6:
			a.ParentID = Ref(d.uvarint())
		case 7:
			a.ManagerID = Ref(d.uvarint())
		case 8:
			a.Phone = d.str()
		case 9:
			a.Email = d.str()
		case 10:
			a.Website = d.str()
		case 11:
			a.Description = d.str()
		case 12:
			a.Tags = d.strs()
		case 13:
			a.Fields = d.fields()
		case 14:
			a.CRMID = d.str()
		case 15:
			a.CRMStatus, crmStatus = d.str(), true
		case 16:
			a.LogoURL = d.str()
		case 17:
			a.SlackChannel = d.str()
		default:
			if !d.stamp(tag, &a.Stamp) {
				return d.unknown(tag)
			}
		}
	}
	if d.omitted(status) {
		a.Status = StatusActive
	}
	if d.omitted(crmStatus) {
		a.CRMStatus = crmUnmapped
	}
	if a.Domains == nil {
		a.Domains = []string{}
	}
	if a.Tags == nil {
		a.Tags = []string{}
	}
	if a.Fields == nil {
		a.Fields = map[string]string{}
	}
	return d.finish(&a.Stamp)
}

// Contact: tags 1–19.
func (c *Contact) appendBinary(b []byte) []byte {
	e := encoder{append(b, binMagic)}
	e.str(2, c.Name)
	e.str(3, c.Email)
	e.str(4, c.Phone)
	e.str(5, c.Mobile)
	e.str(6, c.Title)
	e.str(7, c.ExternalID)
	e.fields(8, c.Fields)
	e.uint(9, uint64(c.AccountID))
	e.stamp(&c.Stamp)
	return e.b
}

func (c *Contact) decodeBinary(d *decoder) error {
	for d.more() {
		switch tag := d.tag(); tag {
		case 1:
			c.ID = d.uvarint()
		case 2:
			c.Name = d.str()
		case 3:
			c.Email = d.str()
		case 4:
			c.Phone = d.str()
		case 5:
			c.Mobile = d.str()
		case 6:
			c.Title = d.str()
		case 7:
			c.ExternalID = d.str()
		case 8:
			c.Fields = d.fields()
		case 9:
			c.AccountID = Ref(d.uvarint())
		default:
			if !d.stamp(tag, &c.Stamp) {
				return d.unknown(tag)
			}
		}
	}
	if c.Fields == nil {
		c.Fields = map[string]string{}
	}
	return d.finish(&c.Stamp)
}

// Ticket: tags 1–19.
func (t *Ticket) appendBinary(b []byte) []byte {
	e := encoder{append(b, binMagic)}
	e.str(2, t.Subject)
	e.str(3, t.Description)
	e.str(4, t.Status)
	e.str(5, t.Priority)
	e.uint(6, uint64(t.ContactID))
	e.stamp(&t.Stamp)
	return e.b
}

func (t *Ticket) decodeBinary(d *decoder) error {
	for d.more() {
		switch tag := d.tag(); tag {
		case 1:
			t.ID = d.uvarint()
		case 2:
			t.Subject = d.str()
		case 3:
			t.Description = d.str()
		case 4:
			t.Status = d.str()
		case 5:
			t.Priority = d.str()
		case 6:
			t.ContactID = Ref(d.uvarint())
		default:
			if !d.stamp(tag, &t.Stamp) {
				return d.unknown(tag)
			}
		}
	}
	return d.finish(&t.Stamp)
}

// logEntities and logActions give the one-byte codes of a log entry's
// entity and action (tags 10 and 11; 0 is no code). Codes are never
// reused or reordered; a value not listed is stored as a string (tags 4
// and 6).
var (
	logEntities = []string{"", "account", "contact", "ticket", "note", "manager"}
	logActions  = []string{"", "created", "updated", "deleted", "associated", "disassociated", "hook_failed"}
)

// LogEntry: tags 1–19. A change is its field, before and after, in one
// tag-8 value each.
func (l *LogEntry) appendBinary(b []byte) []byte {
	e := encoder{append(b, binMagic)}
	if !sameTime(l.Time, l.CreatedAt) {
		e.time(2, l.Time)
	}
	e.str(3, l.Actor)
	e.code(10, 4, l.Entity, logEntities)
	e.uint(5, l.EntityID)
	e.code(11, 6, l.Action, logActions)
	switch {
	case l.Entity == "account" && uint64(l.AccountID) == l.EntityID:
		// An account's own entry: the default.
	case l.Entity == "account" && l.AccountID == 0:
		e.b = binary.AppendUvarint(append(e.b, 7), 0) // not the default: written
	default:
		e.uint(7, uint64(l.AccountID))
	}
	for _, c := range l.Changes {
		e.b = appendString(appendString(appendString(append(e.b, 8), c.Field), c.Before), c.After)
	}
	e.str(9, l.Detail)
	e.stamp(&l.Stamp)
	return e.b
}

func (l *LogEntry) decodeBinary(d *decoder) error {
	hasTime, account := false, false
	for d.more() {
		switch tag := d.tag(); tag {
		case 1:
			l.ID = d.uvarint()
		case 2:
			l.Time, hasTime = d.time(), true
		case 3:
			l.Actor = d.str()
		case 4:
			l.Entity = d.str()
		case 5:
			l.EntityID = d.uvarint()
		case 6:
			l.Action = d.str()
		case 7:
			l.AccountID, account = Ref(d.uvarint()), true
		case 10:
			l.Entity = d.code(logEntities)
		case 11:
			l.Action = d.code(logActions)
		case 8:
			c := Change{Field: d.str()}
			c.Before = rawJSON(d.str())
			c.After = rawJSON(d.str())
			l.Changes = append(l.Changes, c)
		case 9:
			l.Detail = d.str()
		default:
			if !d.stamp(tag, &l.Stamp) {
				return d.unknown(tag)
			}
		}
	}
	if !hasTime {
		l.Time = l.CreatedAt
	}
	if l.Entity == "account" && d.omitted(account) {
		l.AccountID = Ref(l.EntityID)
	}
	if l.Changes == nil {
		l.Changes = []Change{}
	}
	return d.finish(&l.Stamp)
}

// rawJSON returns a change's stored JSON value; a missing one (nil in the
// record that was encoded) stays nil.
func rawJSON(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
}

// wire is how a field's value is laid out in the binary form, which is
// all a reader of the stored bytes needs to step over it.
type wire byte

const (
	wireNumber wire = iota + 1 // uvarint (or zigzag varint)
	wireString                 // length, bytes
	wireList                   // count, then that many strings
	wireMap                    // count, then that many key and value strings
	wireTime                   // seconds, nanoseconds<<1|zoned, [zone offset]
)

// accountWire gives the layout of each tag of the binary account encoded
// above (codec_test.go has contacts', for the test of eachRawString).
func accountWire(tag byte) wire {
	switch tag {
	case 1, 6, 7:
		return wireNumber
	case 3, 12:
		return wireList
	case 13:
		return wireMap
	case 2, 4, 5, 8, 9, 10, 11, 14, 15, 16, 17:
		return wireString
	}
	return stampWire(tag)
}

// stampWire gives the layout of the stamp's tags, and 0 (a tag this
// version does not know: the record must be decoded) for any other.
func stampWire(tag byte) wire {
	switch tag {
	case tagCreated, tagUpdated:
		return wireTime
	case tagVersion:
		return wireNumber
	}
	return 0
}

// eachRawString calls fn with every string a binary record holds (a field
// at its default is not held: see binMagic) — its
// tag, its index within the field (a map's keys at even indexes, values at
// odd ones) and its bytes, which alias raw — without decoding the record,
// until fn returns false. ok is false when raw is not a well-formed binary
// record (a JSON one): the caller decodes it instead.
func eachRawString(raw []byte, wireOf func(tag byte) wire, fn func(tag byte, i int, b []byte) bool) (ok bool) {
	if !isBinary(raw) {
		return false
	}
	pos := 1
	uvarint := func() (uint64, bool) {
		v, n := binary.Uvarint(raw[pos:])
		if n <= 0 {
			return 0, false
		}
		pos += n
		return v, true
	}
	str := func() ([]byte, bool) {
		n, ok := uvarint()
		if !ok || n > uint64(len(raw)-pos) {
			return nil, false
		}
		b := raw[pos : pos+int(n)]
		pos += int(n)
		return b, true
	}
	for pos < len(raw) {
		tag := raw[pos]
		pos++
		switch wireOf(tag) {
		case wireNumber:
			if _, ok := uvarint(); !ok {
				return false
			}
		case wireString:
			b, ok := str()
			if !ok {
				return false
			}
			if !fn(tag, 0, b) {
				return true
			}
		case wireList, wireMap:
			n, ok := uvarint()
			if !ok || n > uint64(len(raw)) {
				return false
			}
			if wireOf(tag) == wireMap {
				n *= 2
			}
			for i := range int(n) {
				b, ok := str()
				if !ok {
					return false
				}
				if !fn(tag, i, b) {
					return true
				}
			}
		case wireTime:
			if _, ok := uvarint(); !ok { // seconds (zigzag)
				return false
			}
			n, ok := uvarint()
			if !ok {
				return false
			}
			if n&1 != 0 {
				if _, ok := uvarint(); !ok { // zone offset
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// rawString returns the string field at tag of a binary record without
// decoding it; found is false when the record lacks the field, ok false
// when raw is not a well-formed binary record.
func rawString(raw []byte, wireOf func(byte) wire, tag byte) (s []byte, found, ok bool) {
	ok = eachRawString(raw, wireOf, func(t byte, _ int, b []byte) bool {
		if t == tag {
			s, found = b, true
		}
		return !found
	})
	return s, found, ok
}

// rawAccountStatus returns a stored account's status without decoding
// it; ok is false when raw is not a well-formed binary account.
func rawAccountStatus(raw []byte) (status string, ok bool) {
	s, found, ok := rawString(raw, accountWire, 5)
	switch {
	case !ok:
		return "", false
	case found:
		return string(s), true
	case raw[0] == binMagicV1:
		return "", true
	}
	return StatusActive, true
}

// accountSearchRaw reports whether a stored account's name, one of its
// domains or its email contains needle (folded, as foldName leaves it),
// reading the binary form without decoding the record: a search over a
// million accounts allocates nothing for the ones that do not match. ok
// is false when raw is not a well-formed binary account (a JSON record):
// the caller decodes it instead.
func accountSearchRaw(raw []byte, needle string) (found, ok bool) {
	ok = eachRawString(raw, accountWire, func(tag byte, _ int, b []byte) bool {
		found = (tag == 2 && nameContains(b, needle)) || (tag == 9 && emailContains(b, needle)) ||
			(tag == 3 && bytes.Contains(b, []byte(needle)))
		return !found
	})
	return found && ok, ok
}

// nameContains is strings.Contains(foldName(name), needle) without the
// allocations for the common case, an ASCII name already squeezed (as
// stored names are), where folding is lower-casing.
func nameContains(name []byte, needle string) bool {
	if !plainASCII(name, true) {
		return strings.Contains(foldName(string(name)), needle)
	}
	return asciiContainsLower(name, needle)
}

// emailContains is strings.Contains(fold(email), needle), the
// same way.
func emailContains(email []byte, needle string) bool {
	if !plainASCII(email, false) {
		return strings.Contains(fold(string(email)), needle)
	}
	return asciiContainsLower(email, needle)
}

// plainASCII reports whether b is printable ASCII and, with squeezed,
// has no leading, trailing or doubled space: text that case folding
// lower-cases and space squeezing leaves as it is.
func plainASCII[T string | []byte](b T, squeezed bool) bool {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c < 0x20 || c >= 0x7f {
			return false
		}
		if squeezed && c == ' ' && (i == 0 || i == len(b)-1 || b[i-1] == ' ') {
			return false
		}
	}
	return true
}

// asciiContainsLower reports whether the lower-cased ASCII text contains
// needle. A needle with anything but ASCII cannot match folded ASCII.
func asciiContainsLower(text []byte, needle string) bool {
	if needle == "" {
		return true
	}
outer:
	for i := 0; i+len(needle) <= len(text); i++ {
		for j := 0; j < len(needle); j++ {
			c := text[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != needle[j] {
				continue outer
			}
		}
		return true
	}
	return false
}
