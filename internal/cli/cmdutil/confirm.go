package cmdutil

import (
	"fmt"
	"io"
	"strings"
)

// ConfirmDestructive asks before a destructive action. action completes the
// sentences "Really <action>?" and "refusing to <action> without --yes", as
// in "delete account 3 (Acme Ltd)".
//
// It returns nil when yes (--yes) is set, or when the user answers y or
// yes on a terminal. It never prompts when standard input is not a terminal
// or --no-input is set: it then returns a usage error (exit 2) saying
// --yes is needed. Any other answer, or end of input, returns ErrCancelled.
func (f *Factory) ConfirmDestructive(action string, yes bool) error {
	if yes {
		return nil
	}
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	ios := f.IOStreams
	switch {
	case cfg.NoInput:
		return WithHint(UsageErrorf("refusing to %s without --yes: --no-input is set", action),
			"add --yes to confirm")
	case !ios.IsStdinTTY():
		return WithHint(UsageErrorf("refusing to %s without --yes when input is not a terminal", action),
			"add --yes to confirm")
	}
	fmt.Fprintf(ios.ErrOut, "Really %s? [y/N] ", action)
	answer, err := readLine(ios.In)
	if err != nil && err != io.EOF {
		return fmt.Errorf("reading the answer: %w", err)
	}
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return nil
	}
	if err == io.EOF {
		fmt.Fprintln(ios.ErrOut)
	}
	return ErrCancelled
}

// readLine reads up to a newline one byte at a time, so that nothing past
// the answer is taken from a stdin that a later reader may still use.
func readLine(r io.Reader) (string, error) {
	var b strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := r.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				return b.String(), nil
			}
			b.WriteByte(buf[0])
			if b.Len() > 1024 {
				return b.String(), nil
			}
		}
		if err != nil {
			return b.String(), err
		}
	}
}
