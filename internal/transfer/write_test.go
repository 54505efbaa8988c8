package transfer

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzJSONString holds appendJSONString's fast path to the encoder it
// stands in for: the same text for every string.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "Acme", `say "hi"`, `back\slash`, "tab\there", "AT&T <b>", "Zürich", "\u2028", "\x00", "\xff"} {
		f.Add(s)
	}
	rw, err := newRecordWriter(&bytes.Buffer{}, ExportOptions{Kind: Accounts, Format: FormatJSONL}, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := rw.appendJSONString([]byte("x"), s); string(got) != "x"+string(bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Fatalf("appendJSONString(%q) = %s, want x%s", s, got, want.Bytes())
		}
	})
}
