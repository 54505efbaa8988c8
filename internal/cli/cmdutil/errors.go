package cmdutil

import (
	"errors"
	"fmt"
)

// ErrUsage is matched (errors.Is) by every error that means "the command was
// invoked wrongly": bad flags or arguments, an unknown command, a missing
// --yes, a bad configuration value. cli.Main maps it to exit code 2.
var ErrUsage = errors.New("usage error")

// ErrCancelled is returned when the user answers no to a confirmation
// prompt. cli.Main exits 1 without calling it a failure of the tool.
var ErrCancelled = errors.New("cancelled")

// FlagError is a usage error about the flags or positional arguments of one
// command. cli.Main prints its message followed by the command's usage, and
// exits 2. It matches ErrUsage and whatever error it wraps.
type FlagError struct {
	err error
}

func (e *FlagError) Error() string { return e.err.Error() }

// Unwrap returns ErrUsage and the wrapped error, so both errors.Is(err,
// ErrUsage) and errors.Is(err, cause) hold.
func (e *FlagError) Unwrap() []error { return []error{ErrUsage, e.err} }

// FlagErrorf returns a FlagError with a formatted message, for flag
// combinations and values a command rejects in RunE before doing any work.
func FlagErrorf(format string, args ...any) error {
	return &FlagError{err: fmt.Errorf(format, args...)}
}

// FlagErrorWrap turns err into a FlagError; nil stays nil.
func FlagErrorWrap(err error) error {
	if err == nil {
		return nil
	}
	var fe *FlagError
	if errors.As(err, &fe) {
		return err
	}
	return &FlagError{err: err}
}

// usageError is a usage error after which printing the whole usage would
// bury the message: an unknown command, a refused prompt, a bad config file.
type usageError struct {
	err error
}

func (e *usageError) Error() string   { return e.err.Error() }
func (e *usageError) Unwrap() []error { return []error{ErrUsage, e.err} }

// UsageErrorf returns an error that exits 2 without printing the usage.
// %w in format wraps as in fmt.Errorf.
func UsageErrorf(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}

// UsageErrorWrap makes err a usage error that prints no usage; nil stays
// nil.
func UsageErrorWrap(err error) error {
	if err == nil || errors.Is(err, ErrUsage) {
		return err
	}
	return &usageError{err: err}
}

// hintError carries a suggestion printed on its own line after the message
// (as age's errorWithHint does), so the message stays one greppable line.
type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }

// WithHint attaches a hint for the user to err: cli.Main prints it on its
// own line after "deskctl: <message>". nil stays nil.
func WithHint(err error, hint string) error {
	if err == nil {
		return nil
	}
	return &hintError{err: err, hint: hint}
}

// Hint returns the hint attached to err with WithHint, or "".
func Hint(err error) string {
	var h *hintError
	if errors.As(err, &h) {
		return h.hint
	}
	return ""
}

// MutuallyExclusive returns a FlagError with message when more than one of
// conditions is true, as in
//
//	MutuallyExclusive("specify only one of --file or --stdin", opts.File != "", opts.Stdin)
func MutuallyExclusive(message string, conditions ...bool) error {
	n := 0
	for _, c := range conditions {
		if c {
			n++
		}
	}
	if n > 1 {
		return FlagErrorf("%s", message)
	}
	return nil
}
