package ticket

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/intake"
)

// NoSubject is the subject of a ticket made from a message that has none.
const NoSubject = "(no subject)"

// maxDescription bounds what --description - reads from stdin; the domain
// refuses anything longer than its own limit anyway.
const maxDescription = intake.MaxBodySize

// readDescription returns the --description value, reading stdin for "-".
func readDescription(f *cmdutil.Factory, value string) (string, error) {
	if value != "-" {
		return value, nil
	}
	b, err := io.ReadAll(io.LimitReader(f.IOStreams.In, maxDescription+1))
	if err != nil {
		return "", fmt.Errorf("reading the description from stdin: %w", err)
	}
	if len(b) > maxDescription {
		return "", invalidInput{fmt.Errorf("the description on stdin is larger than %d bytes", maxDescription)}
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// readMessage parses the message of --from-email: a file, or stdin for "-".
func readMessage(f *cmdutil.Factory, name string) (*intake.Message, error) {
	r := f.IOStreams.In
	if name != "-" {
		file, err := os.Open(name)
		if err != nil {
			return nil, cmdutil.UsageErrorf("--from-email: %w", err)
		}
		defer file.Close()
		r = file
	}
	m, err := intake.ParseMessage(r)
	if err != nil {
		if name == "-" {
			name = "stdin"
		}
		return nil, invalidInput{fmt.Errorf("--from-email %s: %w", name, err)}
	}
	return m, nil
}

// invalidInput classifies an error as invalid input (exit 5) without
// adding words to its message.
type invalidInput struct{ err error }

func (e invalidInput) Error() string   { return e.err.Error() }
func (e invalidInput) Unwrap() []error { return []error{e.err, desk.ErrInvalid} }
