package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// account mirrors the shape of the domain's records: ids, lists, a bool,
// custom fields, a nullable reference.
type account struct {
	ID          uint64            `json:"id"`
	Name        string            `json:"name"`
	Domains     []string          `json:"domains"`
	Status      string            `json:"status"`
	Active      bool              `json:"active"`
	Description string            `json:"description"`
	Fields      map[string]string `json:"fields"`
	ParentID    *uint64           `json:"parent_id"`
}

var one = uint64(1)

var twoAccounts = []any{
	account{ID: 1, Name: "Acme & Co", Domains: []string{"acme.com", "acme.io"},
		Status: "active", Active: true, Description: "Anvils",
		Fields: map[string]string{"tier": "gold", "region": "eu"}},
	account{ID: 1000000, Name: "Globex", Status: "inactive", ParentID: &one},
}

var defaultCols = []string{"id", "name", "domains", "status"}

// printList prints records through a List and returns what it wrote.
func printList(t *testing.T, opts Options, defaults []string, records []any) (string, error) {
	t.Helper()
	var buf bytes.Buffer
	l, err := NewList(&buf, opts, defaults)
	if err != nil {
		return "", err
	}
	for _, r := range records {
		if err := l.Write(r); err != nil {
			l.Close()
			return buf.String(), err
		}
	}
	if err := l.Close(); err != nil {
		return buf.String(), err
	}
	if l.Len() != len(records) {
		t.Errorf("Len() = %d, want %d", l.Len(), len(records))
	}
	return buf.String(), nil
}

func TestList(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		allCols bool // no default columns
		records []any
		want    string
	}{
		{
			name:    "table",
			opts:    Options{Format: FormatTable},
			records: twoAccounts,
			want: "" +
				"ID        NAME        DOMAINS            STATUS\n" +
				"1         Acme & Co   acme.com;acme.io   active\n" +
				"1000000   Globex                         inactive\n",
		},
		{
			name:    "zero format is table, no header",
			opts:    Options{NoHeader: true},
			records: twoAccounts,
			want: "" +
				"1         Acme & Co   acme.com;acme.io   active\n" +
				"1000000   Globex                         inactive\n",
		},
		{
			name:    "table fields",
			opts:    Options{Fields: []string{"parent_id", "fields.tier", "active", "fields"}},
			records: twoAccounts,
			want: "" +
				"PARENT ID   FIELDS.TIER   ACTIVE   FIELDS\n" +
				"            gold          true     region=eu;tier=gold\n" +
				"1                         false\n",
		},
		{
			name:    "json",
			opts:    Options{Format: FormatJSON},
			records: twoAccounts,
			want: `[
  {
    "id": 1,
    "name": "Acme & Co",
    "domains": [
      "acme.com",
      "acme.io"
    ],
    "status": "active",
    "active": true,
    "description": "Anvils",
    "fields": {
      "region": "eu",
      "tier": "gold"
    },
    "parent_id": null
  },
  {
    "id": 1000000,
    "name": "Globex",
    "domains": null,
    "status": "inactive",
    "active": false,
    "description": "",
    "fields": null,
    "parent_id": 1
  }
]
`,
		},
		{
			name:    "json fields in their order",
			opts:    Options{Format: FormatJSON, Fields: []string{"name", "field.tier", "id", "fields.region"}},
			records: twoAccounts,
			want: `[
  {
    "name": "Acme & Co",
    "fields": {
      "tier": "gold",
      "region": "eu"
    },
    "id": 1
  },
  {
    "name": "Globex",
    "fields": {
      "tier": null,
      "region": null
    },
    "id": 1000000
  }
]
`,
		},
		{
			name:    "jsonl",
			opts:    Options{Format: FormatJSONL},
			records: twoAccounts,
			want: `{"id":1,"name":"Acme & Co","domains":["acme.com","acme.io"],"status":"active","active":true,"description":"Anvils","fields":{"region":"eu","tier":"gold"},"parent_id":null}
{"id":1000000,"name":"Globex","domains":null,"status":"inactive","active":false,"description":"","fields":null,"parent_id":1}
`,
		},
		{
			name:    "jsonl fields",
			opts:    Options{Format: FormatJSONL, Fields: []string{"status", "id", "fields"}},
			records: twoAccounts,
			want: `{"status":"active","id":1,"fields":{"region":"eu","tier":"gold"}}
{"status":"inactive","id":1000000,"fields":null}
`,
		},
		{
			name:    "jsonl whole custom fields win over single ones",
			opts:    Options{Format: FormatJSONL, Fields: []string{"fields.tier", "id", "fields"}},
			records: twoAccounts[:1],
			want:    `{"id":1,"fields":{"region":"eu","tier":"gold"}}` + "\n",
		},
		{
			name:    "csv",
			opts:    Options{Format: FormatCSV},
			records: twoAccounts,
			want: "id,name,domains,status\n" +
				"1,Acme & Co,acme.com;acme.io,active\n" +
				"1000000,Globex,,inactive\n",
		},
		{
			name:    "csv fields no header",
			opts:    Options{Format: FormatCSV, Fields: []string{"field.tier", "active", "fields"}, NoHeader: true},
			records: twoAccounts,
			want:    "gold,true,region=eu;tier=gold\n,false,\n",
		},
		{
			name:    "map records keep sorted keys",
			opts:    Options{Format: FormatJSONL},
			records: []any{map[string]any{"b": 1, "a": []any{1.5, "x", true, nil}}},
			want:    `{"a":[1.5,"x",true,null],"b":1}` + "\n",
		},
		{
			name:    "map records cells",
			opts:    Options{Format: FormatCSV},
			allCols: true,
			records: []any{map[string]any{"b": 1e6, "a": []any{1.5, "x", true, nil, []int{1}}, "c": map[string]any{"z": 1, "y": map[string]int{"k": 2}}}},
			want:    "a,b,c\n" + `1.5;x;true;;[1],1000000,"y={""k"":2};z=1"` + "\n",
		},
		{name: "empty table", opts: Options{}, want: ""},
		{name: "empty json", opts: Options{Format: FormatJSON}, want: "[]\n"},
		{name: "empty jsonl", opts: Options{Format: FormatJSONL}, want: ""},
		{name: "empty csv", opts: Options{Format: FormatCSV}, want: "id,name,domains,status\n"},
		{name: "empty csv no header", opts: Options{Format: FormatCSV, NoHeader: true}, want: ""},
		{name: "empty json jq", opts: Options{Format: FormatJSON, JQ: "length"}, want: "0\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defaults := defaultCols
			if tt.allCols {
				defaults = nil
			}
			got, err := printList(t, tt.opts, defaults, tt.records)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestListAllColumnsWithoutDefaults(t *testing.T) {
	got, err := printList(t, Options{Format: FormatCSV}, nil, twoAccounts[:1])
	if err != nil {
		t.Fatal(err)
	}
	want := "id,name,domains,status,active,description,fields,parent_id\n" +
		"1,Acme & Co,acme.com;acme.io,active,true,Anvils,region=eu;tier=gold,\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// The json array matches what encoding/json prints for the whole slice
// (with HTML escaping off), for any records.
func TestJSONMatchesMarshalIndent(t *testing.T) {
	records := []any{
		twoAccounts[0], twoAccounts[1],
		map[string]any{"k\"ey": "v\u2028<x>", "nested": map[string]any{"a": []any{}, "b": map[string]any{}}},
		struct{}{},
	}
	for n := range len(records) + 1 {
		got, err := printList(t, Options{Format: FormatJSON}, nil, records[:n])
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(append([]any{}, records[:n]...)); err != nil {
			t.Fatal(err)
		}
		if got != want.String() {
			t.Errorf("%d records: got:\n%s\nwant:\n%s", n, got, want.String())
		}
	}
}

func TestOne(t *testing.T) {
	acme := twoAccounts[0]
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{
			name: "table is vertical",
			opts: Options{Fields: []string{"id", "name", "domains", "fields", "parent_id"}},
			want: "" +
				"id          1\n" +
				"name        Acme & Co\n" +
				"domains     acme.com;acme.io\n" +
				"fields      region=eu;tier=gold\n" +
				"parent_id\n",
		},
		{
			name: "json is an object",
			opts: Options{Format: FormatJSON, Fields: []string{"id", "domains"}},
			want: "{\n  \"id\": 1,\n  \"domains\": [\n    \"acme.com\",\n    \"acme.io\"\n  ]\n}\n",
		},
		{
			name: "jsonl",
			opts: Options{Format: FormatJSONL, Fields: []string{"name", "id"}},
			want: `{"name":"Acme & Co","id":1}` + "\n",
		},
		{
			name: "csv",
			opts: Options{Format: FormatCSV},
			want: "id,name,domains,status\n1,Acme & Co,acme.com;acme.io,active\n",
		},
		{
			name: "csv no header",
			opts: Options{Format: FormatCSV, NoHeader: true},
			want: "1,Acme & Co,acme.com;acme.io,active\n",
		},
		{
			name: "json jq on the object",
			opts: Options{Format: FormatJSON, JQ: ".domains[0], .id"},
			want: "acme.com\n1\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := One(&buf, tt.opts, defaultCols, acme); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestUnknownField(t *testing.T) {
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			got, err := printList(t, Options{Format: f, Fields: []string{"id", "nmae"}}, nil, twoAccounts)
			if !errors.Is(err, ErrUnknownField) {
				t.Fatalf("err = %v, want ErrUnknownField", err)
			}
			want := `unknown field "nmae"` + "\n" +
				"available fields: id, name, domains, status, active, description, fields, parent_id, fields.<name>"
			if err.Error() != want {
				t.Errorf("err = %q, want %q", err, want)
			}
			if got != "" {
				t.Errorf("printed %q before the error, want nothing", got)
			}
		})
	}
	// A bad default column is caught the same way.
	if _, err := printList(t, Options{Format: FormatCSV}, []string{"id", "nope"}, twoAccounts); !errors.Is(err, ErrUnknownField) {
		t.Errorf("default column: err = %v, want ErrUnknownField", err)
	}
	// Custom fields need a "fields" object, not a given key in it.
	if _, err := printList(t, Options{Format: FormatCSV, Fields: []string{"fields.nope"}}, nil, twoAccounts); err != nil {
		t.Errorf("missing custom field: %v", err)
	}
	if _, err := printList(t, Options{Format: FormatCSV, Fields: []string{"fields.x"}}, nil, []any{map[string]int{"id": 1}}); !errors.Is(err, ErrUnknownField) {
		t.Errorf("custom field without fields: err = %v, want ErrUnknownField", err)
	}
	if err := One(&bytes.Buffer{}, Options{Fields: []string{"x"}}, nil, twoAccounts[0]); !errors.Is(err, ErrUnknownField) {
		t.Errorf("One: err = %v, want ErrUnknownField", err)
	}
}

func TestAvailable(t *testing.T) {
	avail := []string{"id", "name", "fields"}
	// Checked up front, even for an empty list.
	_, err := NewList(&bytes.Buffer{}, Options{Fields: []string{"nmae"}, Available: avail}, nil)
	if !errors.Is(err, ErrUnknownField) {
		t.Errorf("err = %v, want ErrUnknownField", err)
	}
	// A record lacking a known field prints null / empty.
	type sparse struct {
		ID   int    `json:"id"`
		Name string `json:"name,omitempty"`
	}
	opts := Options{Format: FormatJSONL, Fields: []string{"name", "id"}, Available: avail}
	got, err := printList(t, opts, nil, []any{sparse{ID: 1}, sparse{ID: 2, Name: "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "{\"name\":null,\"id\":1}\n{\"name\":\"b\",\"id\":2}\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestOptionErrors(t *testing.T) {
	tests := []struct {
		opts Options
		want error
	}{
		{Options{Format: "yaml"}, ErrUnknownFormat},
		{Options{Fields: []string{"id", "id"}}, ErrDuplicateField},
		{Options{Fields: []string{"fields.a", "field.a"}}, ErrDuplicateField},
		{Options{Fields: []string{""}}, ErrUnknownField},
		{Options{Fields: []string{"fields."}}, ErrUnknownField},
	}
	for _, tt := range tests {
		if _, err := NewList(&bytes.Buffer{}, tt.opts, nil); !errors.Is(err, tt.want) {
			t.Errorf("NewList(%+v) err = %v, want %v", tt.opts, err, tt.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"table": FormatTable, "JSON": FormatJSON, " jsonl ": FormatJSONL, "csv": FormatCSV} {
		got, err := ParseFormat(in)
		if err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	_, err := ParseFormat("yaml")
	want := "unknown output format \"yaml\"\nvalid formats: table, json, jsonl, csv"
	if !errors.Is(err, ErrUnknownFormat) || err.Error() != want {
		t.Errorf("ParseFormat(yaml) err = %q, want %q", err, want)
	}
	if _, err := ParseFormat(""); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("ParseFormat(\"\") err = %v, want ErrUnknownFormat", err)
	}
}

func TestParseFields(t *testing.T) {
	got := fmt.Sprint(ParseFields(" id, name,,fields.tier ,"))
	if got != "[id name fields.tier]" {
		t.Errorf("ParseFields = %s", got)
	}
	if ParseFields("") != nil {
		t.Errorf("ParseFields(\"\") is not nil")
	}
}

func TestValidateFields(t *testing.T) {
	avail := []string{"id", "fields"}
	if err := ValidateFields([]string{"id", "fields.x", "field.y", "fields"}, avail); err != nil {
		t.Errorf("valid fields: %v", err)
	}
	err := ValidateFields([]string{"id", "name"}, []string{"id"})
	if want := "unknown field \"name\"\navailable fields: id"; !errors.Is(err, ErrUnknownField) || err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

func TestHeader(t *testing.T) {
	for in, want := range map[string]string{"id": "ID", "primary_domain": "PRIMARY DOMAIN", "fields.cost_center": "FIELDS.COST CENTER"} {
		if got := Header(in); got != want {
			t.Errorf("Header(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNotObject(t *testing.T) {
	for _, r := range []any{nil, (*account)(nil), []int{1}, "x", 3} {
		for _, f := range Formats {
			if _, err := printList(t, Options{Format: f}, nil, []any{r}); !errors.Is(err, ErrNotObject) {
				t.Errorf("%s %#v: err = %v, want ErrNotObject", f, r, err)
			}
		}
	}
	if _, err := printList(t, Options{Format: FormatJSON}, nil, []any{func() {}}); err == nil {
		t.Error("unmarshallable record: no error")
	}
}

func TestWriteAfterCloseAndStickyErrors(t *testing.T) {
	var buf bytes.Buffer
	l, err := NewList(&buf, Options{Format: FormatJSON, Fields: []string{"nope"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	err1 := l.Write(twoAccounts[0])
	if err2 := l.Write(twoAccounts[1]); err2 != err1 || err1 == nil {
		t.Errorf("second Write = %v, want the first error %v", err2, err1)
	}
	if err := l.Close(); err != nil {
		t.Errorf("Close after a failed Write: %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("a list that failed on its first record printed %q", buf.String())
	}
	if err := l.Write(twoAccounts[0]); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close = %v, want ErrClosed", err)
	}
	if err := l.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestWriterErrors(t *testing.T) {
	for _, f := range Formats {
		l, err := NewList(failWriter{}, Options{Format: f}, nil)
		if err != nil {
			t.Fatal(err)
		}
		_ = l.Write(twoAccounts[0]) // buffered: may not fail yet
		if err := l.Close(); err == nil || !strings.Contains(err.Error(), "broken pipe") {
			t.Errorf("%s: Close = %v, want the writer's error", f, err)
		}
	}
}

func TestWriteError(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteError(&buf, "not_found", `account "a<b>" not found`); err != nil {
		t.Fatal(err)
	}
	want := `{"error":{"code":"not_found","message":"account \"a<b>\" not found"}}` + "\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

// benchRecords returns n records shaped like accounts.
func benchRecords(n int) []any {
	rs := make([]any, n)
	for i := range rs {
		rs[i] = account{
			ID: uint64(i + 1), Name: fmt.Sprintf("Account %d", i),
			Domains: []string{fmt.Sprintf("a%d.example.com", i), "example.org"},
			Status:  "active", Active: true, Description: "A customer of long standing, with notes.",
			Fields: map[string]string{"tier": "gold", "region": "eu"},
		}
	}
	return rs
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func benchmarkList(b *testing.B, opts Options, defaults []string) {
	records := benchRecords(10000)
	b.ReportAllocs()
	for b.Loop() {
		l, err := NewList(discard{}, opts, defaults)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range records {
			if err := l.Write(r); err != nil {
				b.Fatal(err)
			}
		}
		if err := l.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// Each benchmark prints 10,000 records; ns/op is for the whole list.
func BenchmarkJSONL10k(b *testing.B) { benchmarkList(b, Options{Format: FormatJSONL}, nil) }
func BenchmarkJSONLFields10k(b *testing.B) {
	benchmarkList(b, Options{Format: FormatJSONL, Fields: []string{"name", "id", "fields.tier"}}, nil)
}
func BenchmarkJSON10k(b *testing.B)   { benchmarkList(b, Options{Format: FormatJSON}, nil) }
func BenchmarkCSV10k(b *testing.B)    { benchmarkList(b, Options{Format: FormatCSV}, defaultCols) }
func BenchmarkCSVAll10k(b *testing.B) { benchmarkList(b, Options{Format: FormatCSV}, nil) }
func BenchmarkTable10k(b *testing.B)  { benchmarkList(b, Options{Format: FormatTable}, defaultCols) }
func BenchmarkJSONLJQ10k(b *testing.B) {
	benchmarkList(b, Options{Format: FormatJSONL, JQ: ".name"}, nil)
}

func TestTableEdges(t *testing.T) {
	records := []any{
		map[string]any{"a": "  padded  ", "b": "日本語", "c": 1},
		map[string]any{"a": "", "b": "", "c": nil},
		map[string]any{"a": "x", "b": "é", "c": "last"},
	}
	got, err := printList(t, Options{Fields: []string{"a", "b", "c"}}, nil, records)
	if err != nil {
		t.Fatal(err)
	}
	// Spaces inside cells survive, wide runes count as two cells, an empty
	// row is an empty line, and no line ends in spaces.
	want := "" +
		"A            B        C\n" +
		"  padded     日本語   1\n" +
		"\n" +
		"x            é        last\n"
	if got != want {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}
}
