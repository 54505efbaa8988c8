package transfer

import (
	"errors"
	"fmt"

	"github.com/deskctl/deskctl/internal/desk"
)

// ErrRejected is returned by Import when rows were rejected: by default
// nothing was imported, with ContinueOnError the other rows were. It
// matches desk.ErrInvalid, so the CLI exits 5 whatever the rows' reasons
// (a row rejected for a uniqueness conflict still makes the file invalid
// input as a whole).
var ErrRejected = fmt.Errorf("rows rejected: %w", desk.ErrInvalid)

// ErrInput is returned when the input as a whole cannot be read: a CSV
// syntax error, invalid UTF-8, a missing or bad header, an unknown or
// duplicate column. It matches desk.ErrInvalid (exit 5).
var ErrInput = fmt.Errorf("bad input: %w", desk.ErrInvalid)

// ErrNotRolledBack is returned when an import had to be rolled back and
// the rollback itself failed: the import is still open in the journal,
// and the next open of the store (or `deskctl import recover`) finishes
// the rollback. No part of it is committed.
var ErrNotRolledBack = errors.New("the import could not be rolled back yet")

// ErrOption is returned for an option value the engine does not know
// (an encoding, a delimiter, a key, a profile). The CLI reports it as a
// usage error (exit 2).
var ErrOption = errors.New("bad option")

// RowError is the rejection of one input row. Like csv.ParseError it is a
// positional value: the line the row starts on, the 1-based column (0 when
// the reason concerns the row as a whole), and the field that column maps
// to. Err is the domain's reason: errors.Is(err, desk.ErrConflict) and the
// like keep working through Unwrap.
type RowError struct {
	Line   int
	Column int
	Field  string
	Err    error
}

func (e *RowError) Error() string {
	switch {
	case e.Column > 0:
		return fmt.Sprintf("line %d, column %d (%s): %s", e.Line, e.Column, e.Field, e.Reason())
	case e.Field != "":
		return fmt.Sprintf("line %d (%s): %s", e.Line, e.Field, e.Reason())
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Reason())
}

// Reason is the message without the position: the text of the errors
// file's error column.
func (e *RowError) Reason() string {
	var fe *desk.FieldError
	if errors.As(e.Err, &fe) && fe.Field == e.Field {
		return fe.Reason
	}
	return e.Err.Error()
}

// Unwrap returns the reason.
func (e *RowError) Unwrap() error { return e.Err }

// inputError is an error about the input as a whole, matching ErrInput,
// with the position when one is known.
func inputError(line int, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if line > 0 {
		msg = fmt.Sprintf("line %d: %s", line, msg)
	}
	return &classified{class: ErrInput, msg: msg}
}

func optionError(format string, args ...any) error {
	return &classified{class: ErrOption, msg: fmt.Sprintf(format, args...)}
}

// classified carries a message and the sentinel it matches, without the
// sentinel's text in the message.
type classified struct {
	class error
	msg   string
	hint  string // a suggestion for the user, printed on its own line
}

func (e *classified) Error() string { return e.msg }
func (e *classified) Unwrap() error { return e.class }

func conflictError(format string, args ...any) error {
	return &classified{class: desk.ErrConflict, msg: fmt.Sprintf(format, args...)}
}

func invalidField(field, format string, args ...any) error {
	return &desk.FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Hint returns the suggestion attached to an error of this package (what
// to type to get past it), or "".
func Hint(err error) string {
	var c *classified
	if errors.As(err, &c) {
		return c.hint
	}
	return ""
}
