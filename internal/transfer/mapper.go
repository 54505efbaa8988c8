package transfer

import (
	"fmt"
	"strings"
)

// MapOptions say how input columns map to fields.
type MapOptions struct {
	// Map renames columns: input column (compared ignoring case, spaces,
	// '_' and '-') → field. An empty field, or "-", drops the column.
	Map map[string]string
	// IgnoreUnknown drops columns that map to no field instead of failing.
	IgnoreUnknown bool
}

// A Mapper maps input column names to the fields of one kind. It caches
// what it resolved, for JSON Lines, where every line names its columns.
type Mapper struct {
	kind          Kind
	user          map[string]string // normalized input name → target ("" = drop)
	ignoreUnknown bool
	cache         map[string]string
}

// NewMapper checks the user's renames and returns a Mapper. A rename to a
// field that does not exist is an ErrOption error.
func NewMapper(kind Kind, opts MapOptions) (*Mapper, error) {
	if Columns(kind) == nil {
		return nil, optionError("unknown kind %q", kind)
	}
	m := &Mapper{kind: kind, user: map[string]string{}, ignoreUnknown: opts.IgnoreUnknown, cache: map[string]string{}}
	for from, to := range opts.Map {
		from, to = strings.TrimSpace(from), strings.TrimSpace(to)
		if from == "" {
			return nil, optionError("--map %q: the input column name is empty", from+"="+to)
		}
		target := ""
		if to != "" && to != "-" {
			t, ok := fieldTarget(kind, to)
			if !ok {
				return nil, optionError("--map %q: %q is not a column of %s (%s)", from+"="+to, to, kind, validColumns(kind))
			}
			target = t
		}
		m.user[normalize(from)] = target
	}
	return m, nil
}

// ParseMap parses --map values "From=to" into a MapOptions.Map.
func ParseMap(values []string) (map[string]string, error) {
	out := map[string]string{}
	for _, v := range values {
		from, to, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(from) == "" {
			return nil, optionError("--map %q: want \"Input Column=field\"", v)
		}
		out[from] = to
	}
	return out, nil
}

// Target returns the field a column maps to: "" with ok true for a column
// that is dropped (by the user's map, --ignore-unknown, or the errors
// file's "error" column), ok false for an unknown column.
func (m *Mapper) Target(name string) (target string, ok bool) {
	if t, hit := m.cache[name]; hit {
		return t, true
	}
	t, ok := m.resolve(name)
	if ok {
		m.cache[name] = t
	}
	return t, ok
}

func (m *Mapper) resolve(name string) (string, bool) {
	n := normalize(name)
	if t, ok := m.user[n]; ok {
		return t, true
	}
	if t, ok := fieldTarget(m.kind, name); ok {
		return t, true
	}
	if n == errorColumn || m.ignoreUnknown {
		return "", true
	}
	return "", false
}

// MapHeader maps a CSV header: the target of each column ("" = dropped).
// Every unknown column is named in one error, with the valid columns; two
// columns that map to the same field are an error too.
func (m *Mapper) MapHeader(header []string) ([]string, error) {
	targets := make([]string, len(header))
	var unknown []string
	owner := map[string]int{}
	for i, h := range header {
		t, ok := m.Target(h)
		if !ok {
			unknown = append(unknown, h)
			continue
		}
		targets[i] = t
		if t == "" {
			continue
		}
		if j, dup := owner[t]; dup {
			return nil, duplicateColumns(header[j], h, t)
		}
		owner[t] = i
	}
	if len(unknown) > 0 {
		return nil, unknownColumns(m.kind, unknown)
	}
	return targets, nil
}

func duplicateColumns(a, b, target string) error {
	if a == b {
		return &classified{class: ErrInput, msg: fmt.Sprintf("column %q appears twice", a)}
	}
	return &classified{class: ErrInput, msg: fmt.Sprintf("columns %q and %q both map to %s", a, b, target),
		hint: fmt.Sprintf(`drop one with --map "%s=-"`, b)}
}

// MergeMaps returns base's renames overridden by over's: an entry of over
// replaces the entry of base for the same input column, compared as
// columns are (ignoring case, spaces, '_' and '-'). It is how --map flags
// win over a profile's map.
func MergeMaps(base, over map[string]string) map[string]string {
	out := make(map[string]string, len(base)+len(over))
	shadowed := map[string]bool{}
	for k := range over {
		shadowed[normalize(k)] = true
	}
	for k, v := range base {
		if !shadowed[normalize(k)] {
			out[k] = v
		}
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}
