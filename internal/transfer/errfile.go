package transfer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
)

// ErrorsFile writes rejected rows in the input's format, ready to fix and
// import again: CSV rows with the input's header plus an "error" column
// (which import ignores), or JSON Lines objects with an "error" member.
type ErrorsFile struct {
	bw     *bufio.Writer
	csv    *csv.Writer
	header []string
	wrote  bool
}

// NewErrorsFile returns a sink writing to w. header is the CSV input's
// header, nil for JSON Lines; comma is the CSV delimiter to write with.
func NewErrorsFile(w io.Writer, header []string, comma rune) *ErrorsFile {
	e := &ErrorsFile{bw: bufio.NewWriter(w), header: header}
	if header != nil {
		e.csv = csv.NewWriter(e.bw)
		if comma != 0 {
			e.csv.Comma = comma
		}
	}
	return e
}

// Reject writes one rejected row with its reason.
func (e *ErrorsFile) Reject(row *Row, reason string) error {
	if e.csv != nil {
		if err := e.writeHeader(); err != nil {
			return err
		}
		rec := append(append(make([]string, 0, len(row.Values)+1), row.Values...), reason)
		return e.csv.Write(rec)
	}
	return e.writeJSONL(row.Raw, reason)
}

func (e *ErrorsFile) writeHeader() error {
	if e.wrote {
		return nil
	}
	e.wrote = true
	return e.csv.Write(append(append([]string(nil), e.header...), errorColumn))
}

// writeJSONL adds "error" to the line's object, keeping the line as it
// was; a line that is not an object is wrapped as {"line": ..., "error": ...}.
func (e *ErrorsFile) writeJSONL(raw []byte, reason string) error {
	msg, _ := json.Marshal(reason)
	trimmed := bytes.TrimSpace(raw)
	var probe map[string]json.RawMessage
	if len(trimmed) > 1 && trimmed[0] == '{' && json.Unmarshal(trimmed, &probe) == nil {
		body := bytes.TrimSpace(trimmed[1 : len(trimmed)-1])
		e.bw.WriteByte('{')
		if len(body) > 0 {
			e.bw.Write(body)
			e.bw.WriteByte(',')
		}
		e.bw.WriteString(`"error":`)
		e.bw.Write(msg)
		_, err := e.bw.WriteString("}\n")
		return err
	}
	line, _ := json.Marshal(string(raw))
	e.bw.WriteString(`{"line":`)
	e.bw.Write(line)
	e.bw.WriteString(`,"error":`)
	e.bw.Write(msg)
	_, err := e.bw.WriteString("}\n")
	return err
}

// Close writes the header of an empty CSV errors file and flushes.
func (e *ErrorsFile) Close() error {
	if e.csv != nil {
		if err := e.writeHeader(); err != nil {
			return err
		}
		e.csv.Flush()
		if err := e.csv.Error(); err != nil {
			return err
		}
	}
	return e.bw.Flush()
}
