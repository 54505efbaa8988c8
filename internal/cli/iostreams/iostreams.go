package iostreams

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/deskctl/deskctl/internal/output"
)

// IOStreams holds the standard streams of one invocation and what is known
// about them.
type IOStreams struct {
	// In is standard input: import files given as "-", prompt answers.
	In io.Reader
	// Out receives data: records, exports, anything a pipeline consumes.
	Out io.Writer
	// ErrOut receives everything meant for a person: errors, notices,
	// prompts and progress.
	ErrOut io.Writer

	stdinTTY  bool
	stdoutTTY bool
	stderrTTY bool
	color     bool
	quiet     bool
}

// System returns the IOStreams of the running process, with terminal and
// colour detection applied.
func System() *IOStreams {
	ios := &IOStreams{
		In:        os.Stdin,
		Out:       os.Stdout,
		ErrOut:    os.Stderr,
		stdinTTY:  isTerminal(os.Stdin),
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
	}
	ios.color = ios.stderrTTY && colorAllowed(os.Getenv)
	return ios
}

// Test returns IOStreams over in-memory buffers, plus those buffers (stdin,
// stdout, stderr). No stream is a terminal and colour is off.
func Test() (ios *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = new(bytes.Buffer), new(bytes.Buffer), new(bytes.Buffer)
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// colorAllowed applies the environment's veto on colour: NO_COLOR set to any
// non-empty value (https://no-color.org) or TERM=dumb.
func colorAllowed(getenv func(string) string) bool {
	return getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

// IsStdinTTY reports whether standard input is a terminal, that is whether
// deskctl may prompt and wait for an answer.
func (s *IOStreams) IsStdinTTY() bool { return s.stdinTTY }

// IsStdoutTTY reports whether standard output is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// IsStderrTTY reports whether standard error is a terminal, that is whether
// progress bars make sense.
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// SetStdinTTY overrides terminal detection for standard input (tests).
func (s *IOStreams) SetStdinTTY(v bool) { s.stdinTTY = v }

// SetStdoutTTY overrides terminal detection for standard output (tests).
func (s *IOStreams) SetStdoutTTY(v bool) { s.stdoutTTY = v }

// SetStderrTTY overrides terminal detection for standard error (tests).
func (s *IOStreams) SetStderrTTY(v bool) { s.stderrTTY = v }

// ColorEnabled reports whether messages on ErrOut may be coloured.
func (s *IOStreams) ColorEnabled() bool { return s.color }

// SetColorEnabled overrides the colour decision (tests).
func (s *IOStreams) SetColorEnabled(v bool) { s.color = v }

// Quiet reports whether --quiet was given: informational messages are
// dropped.
func (s *IOStreams) Quiet() bool { return s.quiet }

// SetQuiet sets quiet mode. The root command calls it once the
// configuration is read.
func (s *IOStreams) SetQuiet(v bool) { s.quiet = v }

// ProgressEnabled reports whether a progress bar may be drawn: stderr is a
// terminal and --quiet is off.
func (s *IOStreams) ProgressEnabled() bool { return s.stderrTTY && !s.quiet }

// Infof writes an informational message ("Created account 1") to ErrOut,
// followed by a newline when format lacks one, unless quiet mode is on.
func (s *IOStreams) Infof(format string, args ...any) {
	if s.quiet {
		return
	}
	// Notices quote names and other user data: escape control characters
	// (output.SanitizeText) so that none can rewrite the terminal.
	msg := output.SanitizeText(fmt.Sprintf(format, args...))
	if len(msg) == 0 || msg[len(msg)-1] != '\n' {
		msg += "\n"
	}
	_, _ = io.WriteString(s.ErrOut, msg)
}
