package output

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Format is an output format, the value of -o/--output.
type Format string

// The output formats. The zero Format means FormatTable.
const (
	FormatTable Format = "table" // aligned columns for people; buffered
	FormatJSON  Format = "json"  // a pretty-printed JSON array (or object for One)
	FormatJSONL Format = "jsonl" // one compact JSON object per line
	FormatCSV   Format = "csv"   // RFC 4180 CSV with a header row
)

// Formats lists the valid formats in the order help texts show them.
var Formats = []Format{FormatTable, FormatJSON, FormatJSONL, FormatCSV}

// ParseFormat parses the value of -o/--output, ignoring case and
// surrounding spaces. The error wraps ErrUnknownFormat and lists the valid
// values.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	for _, v := range Formats {
		if f == v {
			return f, nil
		}
	}
	return "", fmt.Errorf("%w %q\nvalid formats: %s", ErrUnknownFormat, s, formatList())
}

func formatList() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// Options say how records are printed. They are the values of the
// -o, --fields, --no-header and --jq flags.
type Options struct {
	// Format is the output format; the zero value means FormatTable.
	Format Format

	// Fields are the columns to show, in this order (--fields). Empty means
	// the caller's default columns for table and csv, and every field of the
	// record for json and jsonl. A name "fields.X" (or "field.X") selects
	// key X of the record's custom-fields object "fields".
	Fields []string

	// NoHeader drops the header row of table and csv output (--no-header).
	NoHeader bool

	// JQ is a jq expression applied to json or jsonl output (--jq). It is
	// an error with any other format.
	JQ string

	// Color asks for coloured output. It is accepted and ignored for now.
	Color bool

	// Available, when set, is every field name the records can have.
	// Fields and the default columns are then checked against it when the
	// writer is created (so a typo fails even for an empty list) instead of
	// against the first record, and a record that lacks one of them prints
	// null (json) or an empty cell. Leave it nil to check the first record.
	Available []string
}

// format returns the effective format, applying the zero-value default.
func (o Options) format() Format {
	if o.Format == "" {
		return FormatTable
	}
	return o.Format
}

// validate checks the format, the --jq combination and the shape of Fields.
func (o Options) validate() error {
	f := o.format()
	if _, err := ParseFormat(string(f)); err != nil {
		return err
	}
	if o.JQ != "" && f != FormatJSON && f != FormatJSONL {
		return fmt.Errorf("%w, not %s", ErrJQFormat, f)
	}
	seen := make(map[string]bool, len(o.Fields))
	for _, name := range o.Fields {
		c := parseColumn(name)
		if c.key == "" || (c.nested && c.sub == "") {
			return fmt.Errorf("%w %q", ErrUnknownField, name)
		}
		if seen[c.id()] {
			return fmt.Errorf("%w %q", ErrDuplicateField, name)
		}
		seen[c.id()] = true
	}
	return nil
}

// ParseFields splits the value of --fields on commas, trimming spaces and
// dropping empty names, so "id, name,," gives [id name].
func ParseFields(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// ValidateFields checks that every name in fields is one of available (or
// "fields.X"/"field.X" when available has "fields"), for callers that know
// their columns before they have a record. The error wraps
// ErrUnknownField, names the first unknown field and lists the available
// ones on its own line.
func ValidateFields(fields, available []string) error {
	has := make(map[string]bool, len(available))
	for _, a := range available {
		has[a] = true
	}
	for _, name := range fields {
		c := parseColumn(name)
		if !has[c.key] || (c.nested && c.sub == "") {
			return unknownField(name, available)
		}
	}
	return nil
}

func unknownField(name string, available []string) error {
	hint := strings.Join(available, ", ")
	for _, a := range available {
		if a == customKey {
			hint += ", " + customKey + ".<name>"
			break
		}
	}
	return fmt.Errorf("%w %q\navailable fields: %s", ErrUnknownField, name, hint)
}

// customKey is the record key that holds custom fields, selected by
// "fields.X" or "field.X" columns.
const customKey = "fields"

// column is a parsed --fields name.
type column struct {
	name   string // as the user wrote it; the CSV header
	key    string // top-level key of the record
	sub    string // key inside the custom-fields object, when nested
	nested bool
	hint   int // index of key in the previous record, a lookup shortcut

	quoted    []byte // key as a JSON string
	quotedSub []byte // sub as a JSON string
}

// id identifies what a column selects, so "field.x" and "fields.x" are
// recognised as the same column.
func (c column) id() string {
	if c.nested {
		return c.key + "." + c.sub
	}
	return c.key
}

// parseColumn parses a column name. JSON field names are snake_case and
// never contain a dot, so a dotted name is always a custom field.
func parseColumn(name string) column {
	for _, p := range []string{"fields.", "field."} {
		if sub, ok := strings.CutPrefix(name, p); ok {
			return column{name: name, key: customKey, sub: sub, nested: true}
		}
	}
	return column{name: name, key: name}
}

func parseColumns(names []string) []column {
	cols := make([]column, len(names))
	for i, n := range names {
		cols[i] = parseColumn(n)
	}
	return cols
}

// Header returns the table header for a column name: upper case with "_"
// shown as a space, as gh and kubectl do ("primary_domain" → "PRIMARY
// DOMAIN"). CSV headers are the column names unchanged, so that an export
// can be imported again.
func Header(column string) string {
	return strings.ToUpper(strings.ReplaceAll(column, "_", " "))
}

// WriteError writes err as the JSON object the CLI prints on stderr with
// -o json: {"error":{"code":"...","message":"..."}} and a newline.
func WriteError(w io.Writer, code, message string) error {
	type body struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Error body `json:"error"`
	}{body{code, message}})
}
