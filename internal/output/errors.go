package output

import "errors"

// Most errors below are usage errors: the user asked for something this
// package cannot print, and the CLI maps them to exit code 2. The
// exceptions are ErrJQ, a failure of the user's expression on the data,
// and ErrNotObject and ErrClosed, which are programming errors. They are
// always wrapped with context; test them with errors.Is.
var (
	// ErrUnknownFormat is returned by ParseFormat and NewList when the output
	// format is not one of table, json, jsonl or csv.
	ErrUnknownFormat = errors.New("unknown output format")

	// ErrUnknownField is returned when a column named in --fields (or in the
	// default columns) is not a field of the records being printed. The
	// wrapping error names the field and lists the available ones.
	ErrUnknownField = errors.New("unknown field")

	// ErrDuplicateField is returned when the same column is named twice in
	// --fields: a JSON object cannot hold the same key twice.
	ErrDuplicateField = errors.New("duplicate field")

	// ErrJQFormat is returned when --jq is combined with an output format
	// other than json or jsonl.
	ErrJQFormat = errors.New("--jq needs -o json or -o jsonl")

	// ErrInvalidJQ is returned when the --jq expression does not parse or
	// compile. The wrapping error names the expression.
	ErrInvalidJQ = errors.New("invalid jq expression")

	// ErrJQ is returned when the --jq expression fails while it runs
	// (for example `error("x")` or `.name + 1` on a string).
	ErrJQ = errors.New("jq expression failed")

	// ErrNotObject is returned when a record does not encode to a JSON object
	// (a nil pointer, a slice, a string...). It is a programming error.
	ErrNotObject = errors.New("record is not a json object")

	// ErrClosed is returned by List.Write after List.Close.
	ErrClosed = errors.New("output list already closed")
)
