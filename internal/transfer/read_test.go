package transfer_test

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/transfer"
)

// readAll reads every row of text; rows are rendered as
// "LINE:v1|v2" (or "LINE:ERR reason").
func readAll(t *testing.T, text string, ro transfer.ReadOptions) ([]string, []string, error) {
	t.Helper()
	src, err := transfer.NewReader(strings.NewReader(text), ro)
	if err != nil {
		return nil, nil, err
	}
	var rows []string
	for {
		row, err := src.Read()
		if errors.Is(err, io.EOF) {
			return src.Header(), rows, nil
		}
		if err != nil {
			return src.Header(), rows, err
		}
		s := strings.Join(row.Values, "|")
		if row.Names != nil && src.Header() == nil {
			for i := range row.Values {
				row.Values[i] = row.Names[i] + "=" + row.Values[i]
			}
			s = strings.Join(row.Values, "|")
		}
		if row.Err != nil {
			s = "ERR " + row.Err.Error()
		}
		rows = append(rows, strconv.Itoa(row.Line)+":"+s)
	}
}

func TestCSVDelimiterBOMAndEncoding(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		ro         transfer.ReadOptions
		header     string
		rows       string
	}{
		{"comma", "a,b\n1,2\n", transfer.ReadOptions{}, "a|b", "2:1|2"},
		{"semicolon", "a;b;c\n1,5;2;3\n", transfer.ReadOptions{}, "a|b|c", "2:1,5|2|3"},
		{"tab", "a\tb\n1\t2\n", transfer.ReadOptions{}, "a|b", "2:1|2"},
		{"quoted delimiters do not count", "\"a;x;y\",b\n1,2\n", transfer.ReadOptions{}, "a;x;y|b", "2:1|2"},
		{"given delimiter wins", "a;b\n1;2\n", transfer.ReadOptions{Delimiter: ','}, "a;b", "2:1;2"},
		{"BOM stripped", "\xef\xbb\xbfname;domains\r\nAcme;acme.com\r\n", transfer.ReadOptions{}, "name|domains", "2:Acme|acme.com"},
		{"windows-1252", "name;city\nCaf\xe9 Cr\xe8me;K\xf6ln \x80\n", transfer.ReadOptions{Encoding: "windows-1252"}, "name|city", "2:Café Crème|Köln €"},
		{"latin1", "name\nSe\xf1or\xa0\xd1u\n", transfer.ReadOptions{Encoding: "ISO-8859-1"}, "name", "2:Señor\u00a0Ñu"},
		{"BOM means UTF-8 whatever --encoding", "\xef\xbb\xbfname\nCafé\n", transfer.ReadOptions{Encoding: "cp1252"}, "name", "2:Café"},
		{"multi-line cells keep the start line", "a,b\n\"x\ny\",1\nz,2\n", transfer.ReadOptions{}, "a|b", "2:x\ny|1,4:z|2"},
		{"header names trimmed", " a , b \n1,2\n", transfer.ReadOptions{}, "a|b", "2:1|2"},
		{"wrong field count is a row error", "a,b\n1\n2,3\n", transfer.ReadOptions{}, "a|b", "2:ERR line 2: has 1 fields, the header has 2,3:2|3"},
		{"blank lines skipped", "a\n\n1\n\n", transfer.ReadOptions{}, "a", "3:1"},
	} {
		header, rows, err := readAll(t, tc.text, tc.ro)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if h := strings.Join(header, "|"); h != tc.header {
			t.Errorf("%s: header %q, want %q", tc.name, h, tc.header)
		}
		if r := strings.Join(rows, ","); r != tc.rows {
			t.Errorf("%s: rows %q, want %q", tc.name, r, tc.rows)
		}
	}
}

func TestCSVInputErrors(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"empty", "", "the input is empty"},
		{"only a BOM", "\xef\xbb\xbf", "the input is empty"},
		{"nameless column", "a,,c\n", "line 1: column 2 of the header has no name"},
		{"invalid UTF-8", "name,city\nok,fine\nCaf\xe9,x\n", "line 3, column 1: invalid UTF-8"},
		{"bare quote", "a,b\n1,x\"y\n", `parse error on line 2, column 4: bare " in non-quoted-field`},
		{"unterminated quote", "a,b\n1,\"open\n", `extraneous or missing " in quoted-field`},
	} {
		_, _, err := readAll(t, tc.text, transfer.ReadOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, transfer.ErrInput) || !errors.Is(err, desk.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInput containing %q", tc.name, err, tc.want)
		}
	}
	_, _, err := readAll(t, "name\nCaf\xe9\n", transfer.ReadOptions{})
	if !strings.Contains(err.Error(), "--encoding") {
		t.Errorf("invalid UTF-8 error gives no hint: %v", err)
	}
}

func TestReadOptionErrors(t *testing.T) {
	for _, ro := range []transfer.ReadOptions{{Encoding: "ebcdic"}, {Format: "xml"}} {
		if _, err := transfer.NewReader(strings.NewReader("a\n"), ro); !errors.Is(err, transfer.ErrOption) {
			t.Errorf("%+v: err = %v, want ErrOption", ro, err)
		}
	}
	for in, want := range map[string]rune{"": 0, ",": ',', ";": ';', "tab": '\t', `\t`: '\t', "\t": '\t'} {
		if got, err := transfer.ParseDelimiter(in); err != nil || got != want {
			t.Errorf("ParseDelimiter(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := transfer.ParseDelimiter("|"); !errors.Is(err, transfer.ErrOption) {
		t.Errorf("ParseDelimiter(|): %v", err)
	}
}

func TestJSONLValues(t *testing.T) {
	text := `{"name":"Acme","n":1.50,"big":12345678901234567890,"on":true,"off":false,"none":null,"domains":["a.com","b.com"],"fields":{"tier":"gold","rank":2}}` + "\n" +
		"\n" +
		`  {"name":"Line three"}  ` + "\r\n" +
		`{"name":{"nested":1}}` + "\n" +
		`[1,2]` + "\n" +
		`{"a":1,"a":2}` + "\n" +
		`{"a":1} {"b":2}` + "\n" +
		`{"tags":["x;y"]}` + "\n" +
		`{"broken":` + "\n" +
		`{"list":[[1]]}`
	_, rows, err := readAll(t, text, transfer.ReadOptions{Format: transfer.FormatJSONL})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1:name=Acme|n=1.50|big=12345678901234567890|on=true|off=false|none=|domains=a.com;b.com|field.rank=2|field.tier=gold",
		"3:name=Line three",
		"4:ERR line 4: name: a nested object or array is not a field value",
		"5:ERR line 5: not a JSON object",
		`6:ERR line 6: key "a" appears twice`,
		"7:ERR line 7: more than one JSON value on the line",
		`8:ERR line 8: tags: element "x;y" contains ';', the list separator`,
		"9:ERR line 9: invalid JSON: the line ends inside a value",
		"10:ERR line 10: list: a nested object or array is not a field value",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	_, _, err = readAll(t, "{\"a\":\"ok\"}\n{\"a\":\"caf\xe9\"}\n", transfer.ReadOptions{Format: transfer.FormatJSONL})
	if err == nil || !strings.Contains(err.Error(), "line 2, character 10: invalid UTF-8") {
		t.Errorf("invalid UTF-8: %v", err)
	}
}
