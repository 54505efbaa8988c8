package cmdutil

import (
	"errors"
	"strings"
	"testing"
)

func TestConfirmDestructive(t *testing.T) {
	for _, tc := range []struct {
		name    string
		yes     bool
		tty     bool
		args    []string
		input   string
		wantErr error
		errText string
		prompt  bool
	}{
		{name: "yes", yes: true},
		{name: "yes without tty", yes: true, tty: false},
		{name: "no tty", wantErr: ErrUsage,
			errText: "refusing to delete account 1 without --yes when input is not a terminal"},
		{name: "no-input on tty", tty: true, args: []string{"--no-input"}, wantErr: ErrUsage,
			errText: "refusing to delete account 1 without --yes: --no-input is set"},
		{name: "answer y", tty: true, input: "y\n", prompt: true},
		{name: "answer YES", tty: true, input: " YES \nrest", prompt: true},
		{name: "answer n", tty: true, input: "n\n", prompt: true, wantErr: ErrCancelled},
		{name: "empty answer", tty: true, input: "\n", prompt: true, wantErr: ErrCancelled},
		{name: "eof", tty: true, input: "", prompt: true, wantErr: ErrCancelled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			isolate(t)
			f := newFactory(t, tc.args...)
			f.IOStreams.SetStdinTTY(tc.tty)
			in := f.IOStreams.In.(interface{ WriteString(string) (int, error) })
			_, _ = in.WriteString(tc.input)
			err := f.ConfirmDestructive("delete account 1", tc.yes)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if tc.errText != "" && err.Error() != tc.errText {
				t.Errorf("message = %q, want %q", err.Error(), tc.errText)
			}
			if tc.errText != "" && Hint(err) != "add --yes to confirm" {
				t.Errorf("hint = %q", Hint(err))
			}
			prompt := f.IOStreams.ErrOut.(interface{ String() string }).String()
			if got := strings.HasPrefix(prompt, "Really delete account 1? [y/N] "); got != tc.prompt {
				t.Errorf("prompted = %v (stderr %q), want %v", got, prompt, tc.prompt)
			}
		})
	}
}

func TestConfirmReadsOneLine(t *testing.T) {
	isolate(t)
	f := newFactory(t)
	f.IOStreams.SetStdinTTY(true)
	buf := f.IOStreams.In.(interface {
		WriteString(string) (int, error)
		String() string
	})
	_, _ = buf.WriteString("y\nnext line\n")
	if err := f.ConfirmDestructive("x", false); err != nil {
		t.Fatal(err)
	}
	if rest := buf.String(); rest != "next line\n" {
		t.Errorf("left on stdin: %q, want the next line untouched", rest)
	}
}
