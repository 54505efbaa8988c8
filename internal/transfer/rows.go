package transfer

import (
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"

	"github.com/deskctl/deskctl/internal/desk"
)

// mapped is one input row turned into what the domain takes.
type mapped struct {
	row     *Row
	targets []string // the field of each of row.Values ("" = dropped)
	set     []desk.FieldValue
	id      string // the id column (tickets, managers: not a settable field)
	account string // links: the account reference
	contact string // links, tickets: the contact reference
	err     error  // rejected before reaching the store
}

// column returns the 1-based column of the row that maps to field, or 0.
func (m *mapped) column(field string) int {
	if i := slices.Index(m.targets, field); i >= 0 {
		return i + 1
	}
	if field == "fields" { // a custom field's name was rejected
		if i := slices.IndexFunc(m.targets, func(t string) bool { return len(t) > 6 && t[:6] == "field." }); i >= 0 {
			return i + 1
		}
	}
	return 0
}

// value returns the cell of the column that maps to field.
func (m *mapped) value(field string) (string, bool) {
	if i := slices.Index(m.targets, field); i >= 0 {
		return m.row.Values[i], true
	}
	return "", false
}

// rowError positions a rejection of m: the field the domain named (or the
// reference the importer resolved) and the column it came from.
func (m *mapped) rowError(err error) *RowError {
	var re *RowError
	if errors.As(err, &re) {
		return re
	}
	e := &RowError{Line: m.row.Line, Err: err}
	var fe *desk.FieldError
	var ref *refError
	switch {
	case errors.As(err, &fe):
		e.Field = fe.Field
	case errors.As(err, &ref):
		e.Field = ref.field
	}
	if e.Field != "" {
		e.Column = m.column(e.Field)
	}
	return e
}

// refError ties an error resolving a reference to the column it came from.
type refError struct {
	field string
	err   error
}

func (e *refError) Error() string { return e.err.Error() }
func (e *refError) Unwrap() error { return e.err }

// mapRow turns a row into a mapped row. targets are the CSV header's, nil
// for JSON Lines (each row then names its own columns). An unknown JSON
// Lines column is an error for the whole input (as it is for a CSV
// header), unless the mapper ignores unknown columns.
func (imp *importer) mapRow(row *Row, targets []string) (*mapped, error) {
	m := &mapped{row: row, targets: targets}
	if row.Err != nil {
		m.err = row.Err
		return m, nil
	}
	if targets == nil {
		m.targets = make([]string, len(row.Names))
		owner := map[string]string{}
		for i, name := range row.Names {
			t, ok := imp.opts.Mapper.Target(name)
			if !ok {
				return nil, fmt.Errorf("line %d: %w", row.Line, unknownColumns(imp.opts.Kind, []string{name}))
			}
			if prev, dup := owner[t]; dup && t != "" {
				m.err = &RowError{Line: row.Line, Err: duplicateColumns(prev, name, t)}
				return m, nil
			}
			owner[t] = name
			m.targets[i] = t
		}
	}
	m.set = make([]desk.FieldValue, 0, len(m.targets))
	for i, t := range m.targets {
		v := row.Values[i]
		switch {
		case t == "":
		case !imp.opts.BlankClears && strings.TrimSpace(v) == "":
			// A blank cell is a value not given: the default on create,
			// the stored value kept on update (without --blank clear).
		case t == "id" && (imp.opts.Kind == Tickets || imp.opts.Kind == Managers):
			m.id = v
		case t == "account" && imp.opts.Kind == Links:
			m.account = v
		case t == "contact":
			m.contact = v
		default:
			m.set = append(m.set, desk.FieldValue{Field: t, Value: v})
		}
	}
	return m, nil
}

// dedup rejects a row whose key already appeared in the file. It keeps a
// 64-bit hash of each key's normal form (desk.ImportKey) and the line it
// was first seen on (firstLines: in memory up to a million keys, then in
// sorted runs in a temporary file). Two different keys share a hash with
// probability about n²/2⁶⁵ (3·10⁻⁸ for a million rows); such a row would
// be reported as a duplicate of the other line, never silently merged.
type dedup struct {
	field string // the key field; "" turns dedup off
	seed  maphash.Seed
	seen  *firstLines
}

func newDedup(field string) *dedup {
	return &dedup{field: field, seed: maphash.MakeSeed(), seen: newFirstLines(defaultMemKeys, defaultStride)}
}

// check rejects m if its key appeared before; an error is the key file's
// (the import cannot go on).
func (d *dedup) check(m *mapped) error {
	if d.field == "" || m.err != nil {
		return nil
	}
	v, ok := m.value(d.field)
	if !ok {
		return nil
	}
	key := desk.ImportKey(d.field, v)
	if key == "" {
		return nil
	}
	h := maphash.String(d.seed, key)
	first, dup, err := d.seen.first(h)
	if err != nil {
		return err
	}
	if !dup {
		return d.seen.add(h, uint32(m.row.Line))
	}
	m.err = &RowError{Line: m.row.Line, Column: m.column(d.field), Field: d.field,
		Err: &classified{class: desk.ErrInvalid, msg: fmt.Sprintf(
			"the same %s as line %d: a key may appear only once in a file", d.field, first)}}
	return nil
}

// close removes the key file, if any.
func (d *dedup) close() { d.seen.close() }

// FieldValues maps one row with a CSV header's targets (see
// Mapper.MapHeader) into field values: what an import hands the domain.
// It is exposed for benchmarks and tests of the mapping.
func FieldValues(row *Row, targets []string) []desk.FieldValue {
	out := make([]desk.FieldValue, 0, len(targets))
	for i, t := range targets {
		if t != "" && i < len(row.Values) {
			out = append(out, desk.FieldValue{Field: t, Value: row.Values[i]})
		}
	}
	return out
}
