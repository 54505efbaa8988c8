package output

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestJQ(t *testing.T) {
	big := map[string]any{"id": uint64(9007199254740993), "name": "Big"}
	tests := []struct {
		name    string
		format  Format
		fields  []string
		expr    string
		records []any
		want    string
	}{
		{"json whole array", FormatJSON, nil, "length", twoAccounts, "2\n"},
		{"json strings raw", FormatJSON, nil, ".[].name", twoAccounts, "Acme & Co\nGlobex\n"},
		{"json values compact", FormatJSON, nil, `.[] | {id, d: .domains}`, twoAccounts,
			`{"d":["acme.com","acme.io"],"id":1}` + "\n" + `{"d":null,"id":1000000}` + "\n"},
		{"jsonl each line", FormatJSONL, nil, "select(.active) | .fields.tier", twoAccounts, "gold\n"},
		{"jsonl after fields", FormatJSONL, []string{"id"}, "keys", twoAccounts, "[\"id\"]\n[\"id\"]\n"},
		{"big ids keep digits", FormatJSONL, nil, ".id", []any{big}, "9007199254740993\n"},
		{"halt stops quietly", FormatJSONL, nil, ".id, halt", twoAccounts[:1], "1\n"},
		{"no results", FormatJSON, nil, "empty", twoAccounts, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := printList(t, Options{Format: tt.format, Fields: tt.fields, JQ: tt.expr}, nil, tt.records)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestJQErrors(t *testing.T) {
	_, err := NewList(&bytes.Buffer{}, Options{Format: FormatJSON, JQ: ".[ | x"}, nil)
	if !errors.Is(err, ErrInvalidJQ) || !strings.Contains(err.Error(), `".[ | x"`) {
		t.Errorf("compile error = %v, want ErrInvalidJQ naming the expression", err)
	}
	_, err = NewList(&bytes.Buffer{}, Options{Format: FormatJSON, JQ: "nosuchfn(1)"}, nil)
	if !errors.Is(err, ErrInvalidJQ) {
		t.Errorf("unknown function error = %v, want ErrInvalidJQ", err)
	}
	for _, f := range []Format{FormatTable, FormatCSV, ""} {
		_, err := NewList(&bytes.Buffer{}, Options{Format: f, JQ: "."}, nil)
		if !errors.Is(err, ErrJQFormat) {
			t.Errorf("--jq with %q: err = %v, want ErrJQFormat", f, err)
		}
		if err := One(&bytes.Buffer{}, Options{Format: f, JQ: "."}, nil, twoAccounts[0]); !errors.Is(err, ErrJQFormat) {
			t.Errorf("One --jq with %q: err = %v, want ErrJQFormat", f, err)
		}
	}
	// A run-time error stops the list; what was printed stays printed.
	got, err := printList(t, Options{Format: FormatJSONL, JQ: `if .id > 1 then error("too big") else .id end`}, nil, twoAccounts)
	if !errors.Is(err, ErrJQ) || !strings.Contains(err.Error(), "too big") {
		t.Errorf("run error = %v, want ErrJQ with the message", err)
	}
	if got != "1\n" {
		t.Errorf("output before the error = %q, want %q", got, "1\n")
	}
	_, err = printList(t, Options{Format: FormatJSON, JQ: ".[0] + 1"}, nil, twoAccounts)
	if !errors.Is(err, ErrJQ) {
		t.Errorf("json run error = %v, want ErrJQ", err)
	}
}
