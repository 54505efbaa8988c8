package intake

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzParseMessage feeds arbitrary bytes to ParseMessage. Whatever the
// input, it must not panic, must fail with one of the package's errors or
// return a sender with an address, and must return text the domain
// accepts: valid UTF-8, no control characters but newline and tab in the
// body, one line for the subject and the name, within MaxBodySize. The
// seeds are in testdata/fuzz/FuzzParseMessage; `go test` replays them.
func FuzzParseMessage(f *testing.F) {
	f.Add([]byte("From: Ann <ann@acme.com>\r\nSubject: =?UTF-8?Q?caf=C3=A9?=\r\n\r\nhello\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMessage(bytes.NewReader(data))
		if err != nil {
			for _, known := range []error{ErrEmpty, ErrNoFrom, ErrBadFrom, ErrMalformed, ErrTooLarge, ErrCharset} {
				if errors.Is(err, known) {
					return
				}
			}
			t.Fatalf("ParseMessage: unclassified error %v", err)
		}
		if !strings.Contains(m.From, "@") {
			t.Errorf("From %q has no @", m.From)
		}
		for field, s := range map[string]string{"name": m.Name, "subject": m.Subject} {
			if !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl) || s != strings.TrimSpace(s) {
				t.Errorf("%s %q is not clean one-line text", field, s)
			}
		}
		if !utf8.ValidString(m.Body) || len(m.Body) > MaxBodySize*3 {
			t.Errorf("body is not valid UTF-8 or too long (%d bytes)", len(m.Body))
		}
		if strings.ContainsFunc(m.Body, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) {
			t.Errorf("body %q holds control characters", m.Body)
		}
	})
}
