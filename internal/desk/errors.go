package desk

import (
	"errors"
	"fmt"
)

// The sentinels below classify every error the domain returns; the CLI maps
// each to one exit code. Wrap them with context (%w); never compare messages.

// ErrNotFound is returned when a referenced record does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a write would break a uniqueness constraint,
// the Account → Contact → Ticket rule, or an optimistic --if-version check.
var ErrConflict = errors.New("conflict")

// ErrInvalid is returned when a field value is not acceptable.
var ErrInvalid = errors.New("invalid input")

// ErrSchemaTooNew is returned when the store was written by a newer deskctl.
var ErrSchemaTooNew = errors.New("store schema is newer than this deskctl")

// FieldError says which field of a record was rejected and why. It unwraps
// to ErrInvalid so callers can classify it without knowing the field.
type FieldError struct {
	Field  string // the snake_case field name, as in JSON output
	Reason string
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s: %s", e.Field, e.Reason) }

// Unwrap makes a FieldError match ErrInvalid.
func (e *FieldError) Unwrap() error { return ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &FieldError{Field: field, Reason: fmt.Sprintf(format, clipArgs(args)...)}
}

// kindError carries a classified message: Error() is the message alone (no
// "conflict:" prefix for users to read past), Unwrap gives the class.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

func conflict(format string, args ...any) error {
	return &kindError{kind: ErrConflict, msg: fmt.Sprintf(format, clipArgs(args)...)}
}

func notFound(format string, args ...any) error {
	return &kindError{kind: ErrNotFound, msg: fmt.Sprintf(format, clipArgs(args)...)}
}
