package output

import (
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"
)

func TestObjectParse(t *testing.T) {
	tests := []struct {
		in   string
		keys []string
		vals []string
	}{
		{`{}`, []string{}, []string{}},
		{`{"a":1}`, []string{"a"}, []string{"1"}},
		{` { "a" : "x,}\"]" , "b\u0041\"" : [1,{"c":"]"}] , "d":null,"e":-1.5e3 } `,
			[]string{"a", "bA\"", "d", "e"}, []string{`"x,}\"]"`, `[1,{"c":"]"}]`, "null", "-1.5e3"}},
		{`{"x":{"y":{"z":[[]]}},"t":true}`, []string{"x", "t"}, []string{`{"y":{"z":[[]]}}`, "true"}},
	}
	for _, tt := range tests {
		var o object
		if err := o.parse([]byte(tt.in)); err != nil {
			t.Errorf("parse(%s): %v", tt.in, err)
			continue
		}
		vals := []string{}
		for _, m := range o.members {
			vals = append(vals, string(m.val))
		}
		if !reflect.DeepEqual(o.keys(), tt.keys) || !reflect.DeepEqual(vals, tt.vals) {
			t.Errorf("parse(%s) = %q %q, want %q %q", tt.in, o.keys(), vals, tt.keys, tt.vals)
		}
	}
	for _, bad := range []string{`{"a"}`, `{"a":}`, `{"a":1`, `{"a":"x}`, `{"a":[1}`, `{a:1}`, `{"a":1,}`} {
		var o object
		if err := o.parse([]byte(bad)); err == nil {
			t.Errorf("parse(%s): no error", bad)
		}
	}
}

func TestCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"text"`, "text"},
		{`"a\"b\\c\u00e9\n"`, "a\"b\\cé\n"},
		{`""`, ""},
		{`42`, "42"},
		{`18446744073709551615`, "18446744073709551615"},
		{`1.5`, "1.5"},
		{`true`, "true"},
		{`false`, "false"},
		{`null`, ""},
		{``, ""}, // absent
		{`[]`, ""},
		{`["acme.com","acme.io"]`, "acme.com;acme.io"},
		{`[1,null,"x",false]`, "1;;x;false"},
		{`[[1,2],{"a":1}]`, `[1,2];{"a":1}`},
		{`{}`, ""},
		{`{"tier":"gold","region":"eu","a_b":1,"a":null}`, "a=;a_b=1;region=eu;tier=gold"},
		{`{"k":["x","y"]}`, `k=["x","y"]`},
	}
	for _, tt := range tests {
		if got := cell([]byte(tt.in)); got != tt.want {
			t.Errorf("cell(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzParse checks the member splitter against encoding/json on objects
// that json.Marshal produced, the only input it is given.
func FuzzParse(f *testing.F) {
	f.Add("name", "Acme", "k\"ey", 1.5)
	f.Add("", "\x00\u2028", "é", -0.0)
	f.Fuzz(func(t *testing.T, k1, v1, k2 string, n float64) {
		if !utf8.ValidString(k1) || !utf8.ValidString(k2) {
			t.Skip("json.Marshal turns distinct invalid keys into equal ones")
		}
		rec := map[string]any{k1: v1, k2: []any{n, v1, map[string]any{k2: k1}}, "z": nil}
		data, err := json.Marshal(rec)
		if err != nil {
			return // NaN or Inf
		}
		var o object
		if err := o.parse(data); err != nil {
			t.Fatalf("parse(%s): %v", data, err)
		}
		var want map[string]json.RawMessage
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		if len(o.members) != len(want) {
			t.Fatalf("parse(%s): %d members, want %d", data, len(o.members), len(want))
		}
		for _, m := range o.members {
			if string(want[string(m.key)]) != string(m.val) {
				t.Fatalf("parse(%s): %q = %s, want %s", data, m.key, m.val, want[string(m.key)])
			}
		}
		var s string // v1 as JSON carries it (invalid UTF-8 becomes U+FFFD)
		if err := json.Unmarshal(want[k1], &s); err == nil && k1 != k2 && k1 != "z" {
			if got := cell(o.value(&column{key: k1})); got != s {
				t.Fatalf("cell of %q = %q, want %q", k1, got, s)
			}
		}
	})
}
