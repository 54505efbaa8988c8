package output

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// A record is printed from its JSON encoding: it is marshalled once, and
// the top-level object is then split into members without decoding the
// values. This keeps the struct's key order, costs no reflection beyond the
// one json.Marshal, and lets json and jsonl copy value bytes unchanged.

// member is one key/value pair of a JSON object.
type member struct {
	key []byte // unescaped key
	raw []byte // the key as it appears in the JSON, with quotes
	val []byte // the value's JSON text
}

// object holds the members of a record; it is reused between records.
type object struct {
	members []member
}

// parse splits data, the compact JSON encoding of an object, into members.
// The slices alias data.
func (o *object) parse(data []byte) error {
	o.members = o.members[:0]
	return eachMember(data, func(m member) error {
		o.members = append(o.members, m)
		return nil
	})
}

// keys returns the record's field names in order.
func (o *object) keys() []string {
	ks := make([]string, len(o.members))
	for i, m := range o.members {
		ks[i] = string(m.key)
	}
	return ks
}

// lookup finds a top-level member. Records of one type have their keys in
// the same order, so the column remembers the position it was found at.
func (o *object) lookup(c *column) (member, bool) {
	if c.hint < len(o.members) && string(o.members[c.hint].key) == c.key {
		return o.members[c.hint], true
	}
	for i, m := range o.members {
		if string(m.key) == c.key {
			c.hint = i
			return m, true
		}
	}
	return member{}, false
}

// value returns the JSON text a column selects, or nil when the record
// has no such field (or no such custom field).
func (o *object) value(c *column) []byte {
	m, ok := o.lookup(c)
	if !ok {
		return nil
	}
	if !c.nested {
		return m.val
	}
	var found []byte
	_ = eachMember(m.val, func(sub member) error {
		if string(sub.key) == c.sub {
			found = sub.val
		}
		return nil
	})
	return found
}

var errSyntax = fmt.Errorf("%w: malformed json", ErrNotObject)

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] == '"'
// and whether it contains escapes.
func skipString(b []byte, i int) (int, bool, error) {
	esc := false
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			esc = true
			j++
		case '"':
			return j + 1, esc, nil
		}
	}
	return 0, false, errSyntax
}

// skipValue returns the index after the JSON value starting at b[i].
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errSyntax
	}
	switch b[i] {
	case '"':
		j, _, err := skipString(b, i)
		return j, err
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, _, err := skipString(b, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errSyntax
	}
	j := i
	for j < len(b) && !isDelim(b[j]) {
		j++
	}
	if j == i {
		return 0, errSyntax
	}
	return j, nil
}

// isDelim reports whether c ends a number or literal.
func isDelim(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

// unquote returns the text of a JSON string literal.
func unquote(lit []byte, esc bool) ([]byte, error) {
	if !esc {
		return lit[1 : len(lit)-1], nil
	}
	var s string
	if err := json.Unmarshal(lit, &s); err != nil {
		return nil, err
	}
	return []byte(s), nil
}

// eachMember calls fn for each member of the JSON object data. A value
// that is not an object (null, for a nil map) has no members.
func eachMember(data []byte, fn func(member) error) error {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return nil
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return errSyntax
		}
		end, esc, err := skipString(data, i)
		if err != nil {
			return err
		}
		m := member{raw: data[i:end]}
		if m.key, err = unquote(m.raw, esc); err != nil {
			return err
		}
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return errSyntax
		}
		start := skipSpace(data, i+1)
		if i, err = skipValue(data, start); err != nil {
			return err
		}
		m.val = data[start:i]
		if err := fn(m); err != nil {
			return err
		}
		i = skipSpace(data, i)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
			continue
		}
		if i < len(data) && data[i] == '}' {
			return nil
		}
		return errSyntax
	}
}

// eachElement calls fn for each element of the JSON array data.
func eachElement(data []byte, fn func([]byte)) error {
	i := skipSpace(data, 1)
	if i < len(data) && data[i] == ']' {
		return nil
	}
	for {
		start := i
		end, err := skipValue(data, start)
		if err != nil {
			return err
		}
		fn(data[start:end])
		i = skipSpace(data, end)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
			continue
		}
		if i < len(data) && data[i] == ']' {
			return nil
		}
		return errSyntax
	}
}

// cell renders a JSON value as the text of a table or CSV cell: a string
// as is, a number as its JSON text, true/false, null as empty, an array of
// scalars joined with ";", an object as "k=v;k2=v2" sorted by key. Values
// nested deeper than that are shown as compact JSON.
func cell(v []byte) string {
	if len(v) == 0 {
		return ""
	}
	switch v[0] {
	case '"':
		_, esc, err := skipString(v, 0)
		if err != nil {
			return string(v)
		}
		s, err := unquote(v, esc)
		if err != nil {
			return string(v)
		}
		return string(s)
	case 'n':
		return ""
	case '[':
		var parts []string
		if err := eachElement(v, func(e []byte) {
			parts = append(parts, scalarCell(e))
		}); err != nil {
			return string(v)
		}
		return strings.Join(parts, ";")
	case '{':
		var pairs [][2]string
		if err := eachMember(v, func(m member) error {
			pairs = append(pairs, [2]string{string(m.key), scalarCell(m.val)})
			return nil
		}); err != nil {
			return string(v)
		}
		sort.Slice(pairs, func(i, j int) bool { return pairs[i][0] < pairs[j][0] })
		var b strings.Builder
		for i, p := range pairs {
			if i > 0 {
				b.WriteByte(';')
			}
			b.WriteString(p[0])
			b.WriteByte('=')
			b.WriteString(p[1])
		}
		return b.String()
	}
	return string(v)
}

// scalarCell renders an element of an array or object: scalars as cells,
// nested arrays and objects as compact JSON.
func scalarCell(v []byte) string {
	if len(v) > 0 && (v[0] == '[' || v[0] == '{') {
		return string(v)
	}
	return cell(v)
}
