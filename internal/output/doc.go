// Package output prints records for people and for scripts: the -o
// table|json|jsonl|csv, --fields, --no-header and --jq flags of every
// command that shows data.
//
// # Records
//
// A record is any Go value that marshals to a JSON object: a struct with
// snake_case json tags or a map[string]any. Its JSON encoding is the single
// source of truth for every format: a record is marshalled once (HTML
// characters are not escaped, so "AT&T" stays readable), the top-level
// object is split into its members without decoding them, and each format
// takes what it needs from there. Key order is the struct's field order
// (maps marshal with sorted keys).
//
// # Columns
//
// Options.Fields (--fields) chooses the columns, in order. Without it,
// table and csv show the default columns the command passes (every field
// of the first record when there are none) and json and jsonl show the
// whole record. With it, json and jsonl objects keep only those keys, in
// that order, and a field a record lacks prints null. A name "fields.X" or
// "field.X" selects key X of the custom-fields object "fields"; in json
// such columns are gathered into one "fields" object placed where the
// first of them is. A name that is not a field of the records is an error
// wrapping ErrUnknownField that lists the available fields: it is checked
// against Options.Available when the caller sets it, else against the
// first record.
//
// # Formats
//
// json is an array pretty-printed with two-space indentation, as
// json.MarshalIndent(records, "", "  ") prints it but without escaping
// <, > and & (an empty list is []); One prints the object alone. jsonl is
// one compact object per line. csv (encoding/csv) has a header row of the
// column names as given, so an export's header reads back in, then one
// row per record. table is tablewriter without borders, columns three
// spaces apart, the header in upper case with "_" as a space (PRIMARY
// DOMAIN); One prints it as "field   value" lines instead.
//
// In table and csv cells, a string is shown as is, a number as its JSON
// text (ids stay integers), a boolean as true/false, null as empty, an
// array as its elements joined with ";" (acme.com;acme.io) and an object
// as k=v pairs sorted by key and joined with ";" (region=eu;tier=gold).
//
// # --jq
//
// Options.JQ is run with gojq, in-process. For json it is applied to the
// whole array (or to the object, for One); for jsonl to each line's
// object. Each result prints on its own line as `gh --jq` prints it:
// strings raw, anything else as compact JSON. --fields applies first, so
// the expression sees the projected objects. As in gh, env and $ENV see
// the process environment.
//
// # Streaming
//
// jsonl, csv and plain json are written as records arrive, through a
// 64 KiB buffer that Close flushes, so a million-record export runs in
// constant memory. table must see every row to size its columns, and json
// with --jq must build the whole array before running the expression, so
// both hold the list in memory until Close.
//
// # Terminal safety
//
// Table cells and headers go through Sanitize: control characters (C0,
// DEL, C1, so ESC sequences, \r, \n, \t), the Unicode line and paragraph
// separators and the bidirectional controls (U+061C, U+200E, U+200F,
// U+202A–U+202E, U+2066–U+2069) are shown as escapes such as \x1b, \n and
// \u202e, so no record can move the cursor, retitle or clear an admin's
// terminal, or display text in a misleading order. json, jsonl and csv are
// data and stay exact.
//
// # Caveats
//
//   - table and json --jq buffer the whole list; a script reading a huge
//     list should use jsonl (or csv), with --jq if needed, which stream.
//   - An empty list prints nothing in table (List.Len lets the command say
//     so on stderr), [] in json, nothing in jsonl, and in csv the header
//     alone when the columns are known (Fields or default columns).
//   - Without Options.Available, --fields is checked against the first
//     record, so a struct field tagged omitempty that happens to be absent
//     from the first record would be reported unknown, and a typo is not
//     caught on an empty list. Records should not use omitempty, or the
//     caller should set Available.
//   - gojq, unlike jq, prints object keys sorted, not in input order; this
//     only shows when --jq outputs an object. Numbers reach jq with every
//     digit (json.Number), but arithmetic on them is done in float64.
//   - Results of --jq that are strings are printed raw, as gh does, control
//     characters included: --jq is a tool for scripts.
//   - Table cells in a list are cut to 60 runes with "…" (One does not
//     cut); widths are counted by tablewriter in terminal cells, so wide
//     (East Asian) characters line up.
//   - The ";" used to join arrays and objects in cells is not escaped: a
//     cell "a;b" may be one element or two. json is the format to parse.
//   - csv cells are exact, so a cell starting with "=" is a formula to a
//     spreadsheet; the export command offers --escape-formulas for that.
//   - Options.Color is accepted and ignored for now.
package output
