package transfer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
)

// recordWriter streams export records in one format through a 64 KiB
// buffer.
type recordWriter struct {
	bw      *bufio.Writer
	csv     *csv.Writer
	format  string
	escape  bool
	keys    [][]byte                  // JSON: the columns as quoted keys
	row     func(rec any, dst []cell) // reads the columns into values
	values  []cell
	custom  []string // CSV: custom field names, one column each
	custom2 bool     // JSON: the kind has a "fields" object
	cells   []string
	line    []byte // JSON: the record being written
	buf     bytes.Buffer
	enc     *json.Encoder
	n       int
}

func newRecordWriter(w io.Writer, opts ExportOptions, custom []string) (*recordWriter, error) {
	columns := Columns(opts.Kind)
	rw := &recordWriter{bw: bufio.NewWriterSize(w, 64<<10), format: opts.Format, escape: opts.EscapeFormulas,
		row: rowReader(opts.Kind), values: make([]cell, len(columns)), custom: custom, custom2: hasCustomFields(opts.Kind)}
	rw.enc = json.NewEncoder(&rw.buf)
	rw.enc.SetEscapeHTML(false)
	for _, c := range columns {
		rw.keys = append(rw.keys, rw.appendJSONString(nil, c))
	}
	switch opts.Format {
	case FormatCSV:
		rw.csv = csv.NewWriter(rw.bw)
		if err := rw.csv.Write(ExportColumns(opts.Kind, custom)); err != nil {
			return nil, err
		}
	case FormatJSON:
		if _, err := rw.bw.WriteString("["); err != nil {
			return nil, err
		}
	}
	return rw, nil
}

func (rw *recordWriter) write(r exportRecord) error {
	rw.n++
	if rw.csv != nil {
		rw.cells = rw.cells[:0]
		rw.row(r.rec, rw.values)
		for i := range rw.values {
			rw.cells = append(rw.cells, rw.cell(cellText(rw.values[i])))
		}
		for _, c := range rw.custom {
			rw.cells = append(rw.cells, rw.cell(r.custom[c]))
		}
		return rw.csv.Write(rw.cells)
	}
	if rw.format == FormatJSON {
		sep := ",\n"
		if rw.n == 1 {
			sep = "\n"
		}
		rw.bw.WriteString(sep)
	}
	b := append(rw.line[:0], '{')
	rw.row(r.rec, rw.values)
	for i, key := range rw.keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, key...)
		b = append(b, ':')
		b = rw.appendJSON(b, rw.values[i])
	}
	if rw.custom2 {
		b = append(b, `,"fields":`...)
		b = append(b, rw.json(r.custom)...)
	}
	b = append(b, '}')
	rw.line = b // keep the grown buffer for the next record
	rw.bw.Write(b)
	if rw.format == FormatJSONL {
		return rw.bw.WriteByte('\n')
	}
	return nil
}

func (rw *recordWriter) cell(s string) string {
	if rw.escape {
		return EscapeFormula(s)
	}
	return s
}

// appendJSON appends c's JSON value: lists as arrays, no reference as
// null.
func (rw *recordWriter) appendJSON(b []byte, c cell) []byte {
	switch c.kind {
	case cellString:
		return rw.appendJSONString(b, c.text)
	case cellList:
		b = append(b, '[')
		for i, s := range c.list {
			if i > 0 {
				b = append(b, ',')
			}
			b = rw.appendJSONString(b, s)
		}
		return append(b, ']')
	case cellRef:
		if c.id == 0 {
			break
		}
		return strconv.AppendUint(b, c.id, 10)
	case cellID:
		return strconv.AppendUint(b, c.id, 10)
	}
	return append(b, "null"...)
}

// appendJSONString appends s as a JSON string. Printable ASCII other
// than '"' and '\\' stands for itself between quotes, which is most of
// what a help desk stores; anything else goes through the encoder.
func (rw *recordWriter) appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return append(b, rw.json(s)...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// json encodes v without HTML escaping ("AT&T" stays readable).
func (rw *recordWriter) json(v any) []byte {
	rw.buf.Reset()
	_ = rw.enc.Encode(v) // strings, lists, ids and string maps always encode
	return bytes.TrimSuffix(rw.buf.Bytes(), []byte("\n"))
}

func (rw *recordWriter) close() error {
	if rw.csv != nil {
		rw.csv.Flush()
		if err := rw.csv.Error(); err != nil {
			return err
		}
	}
	if rw.format == FormatJSON {
		end := "\n]\n"
		if rw.n == 0 {
			end = "]\n"
		}
		rw.bw.WriteString(end)
	}
	return rw.bw.Flush()
}
