package transfer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/deskctl/deskctl/internal/desk"
)

// jsonlReader reads JSON Lines: one object per line, blank lines skipped.
type jsonlReader struct {
	br    *bufio.Reader
	count *countingReader
	line  int
}

func (r *jsonlReader) Header() []string { return nil }

func (r *jsonlReader) Offset() int64 { return r.count.n.Load() }

func (r *jsonlReader) Read() (*Row, error) {
	for {
		raw, err := r.br.ReadBytes('\n')
		if len(raw) == 0 && err != nil {
			if errors.Is(err, io.EOF) {
				return nil, io.EOF
			}
			return nil, err
		}
		r.line++
		raw = bytes.TrimRight(raw, "\r\n")
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		if !utf8.Valid(raw) {
			col := 1 + utf8.RuneCount(raw[:invalidAt(raw)])
			return nil, &classified{class: ErrInput, msg: fmt.Sprintf(
				"line %d, character %d: invalid UTF-8: JSON Lines must be UTF-8", r.line, col)}
		}
		row := &Row{Line: r.line, Raw: raw}
		row.Names, row.Values, row.Err = parseObject(raw)
		if row.Err != nil {
			row.Err = &RowError{Line: r.line, Err: row.Err}
		}
		return row, nil
	}
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// parseObject turns one JSON object into column names and text values, the
// form a CSV cell has: a string as is, a number as written, true/false,
// null as empty, an array of those joined with ';', and the object
// "fields" as one "field.NAME" column per member.
func parseObject(line []byte) (names, values []string, err error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil, rowInvalid("not a JSON object")
	}
	seen := map[string]bool{}
	add := func(name, value string) error {
		if seen[name] {
			return rowInvalid("key %q appears twice", name)
		}
		seen[name] = true
		names, values = append(names, name), append(values, value)
		return nil
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, badJSON(err)
		}
		key := tok.(string)
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, nil, badJSON(err)
		}
		if obj, ok := v.(map[string]any); ok && key == "fields" {
			for _, k := range sortedKeys(obj) {
				s, err := scalarText(key+"."+k, obj[k])
				if err != nil {
					return nil, nil, err
				}
				if err := add("field."+k, s); err != nil {
					return nil, nil, err
				}
			}
			continue
		}
		s, err := valueText(key, v)
		if err != nil {
			return nil, nil, err
		}
		if err := add(key, s); err != nil {
			return nil, nil, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, badJSON(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, nil, rowInvalid("more than one JSON value on the line")
	}
	return names, values, nil
}

func valueText(key string, v any) (string, error) {
	list, ok := v.([]any)
	if !ok {
		return scalarText(key, v)
	}
	parts := make([]string, 0, len(list))
	for _, e := range list {
		s, err := scalarText(key, e)
		if err != nil {
			return "", err
		}
		if strings.Contains(s, ";") {
			return "", rowInvalid("%s: element %q contains ';', the list separator", key, s)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ";"), nil
}

func scalarText(key string, v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case bool:
		if x {
			return "true", nil
		}
		return "false", nil
	}
	return "", rowInvalid("%s: a nested object or array is not a field value", key)
}

func rowInvalid(format string, args ...any) error {
	return &classified{class: desk.ErrInvalid, msg: fmt.Sprintf(format, args...)}
}

func badJSON(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return rowInvalid("invalid JSON: the line ends inside a value")
	}
	return rowInvalid("invalid JSON: %v", err)
}
