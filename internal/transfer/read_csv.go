package transfer

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/deskctl/deskctl/internal/desk"
)

// csvReader reads RFC 4180 CSV with a header line. Quotes are strict
// (LazyQuotes off): a stray quote is a syntax error that names its line
// and column, not a silently merged cell.
type csvReader struct {
	cr     *csv.Reader
	count  *countingReader
	header []string
}

func newCSVReader(br *bufio.Reader, count *countingReader, delim rune) (*csvReader, error) {
	if delim == 0 {
		delim = detectDelimiter(br)
	}
	cr := csv.NewReader(br)
	cr.Comma = delim
	// FieldsPerRecord 0: the header sets the count every row must have.
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, inputError(0, "the input is empty: a header line naming the columns is required")
	}
	if err != nil {
		return nil, csvError(err)
	}
	names := make([]string, len(header))
	for i, h := range header {
		if !utf8.ValidString(h) {
			return nil, badUTF8(1, i+1)
		}
		names[i] = strings.TrimSpace(h)
		if names[i] == "" {
			return nil, inputError(1, "column %d of the header has no name", i+1)
		}
	}
	return &csvReader{cr: cr, count: count, header: names}, nil
}

func (r *csvReader) Header() []string { return r.header }

func (r *csvReader) Offset() int64 { return r.count.n.Load() }

func (r *csvReader) Read() (*Row, error) {
	rec, err := r.cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	if err != nil && !errors.Is(err, csv.ErrFieldCount) {
		return nil, csvError(err)
	}
	line, _ := r.cr.FieldPos(0)
	for i, v := range rec {
		if !utf8.ValidString(v) {
			l, _ := r.cr.FieldPos(i)
			return nil, badUTF8(l, i+1)
		}
	}
	row := &Row{Line: line, Names: r.header, Values: rec}
	if err != nil {
		row.Err = &RowError{Line: line, Err: &classified{class: desk.ErrInvalid,
			msg: fmt.Sprintf("has %d fields, the header has %d", len(rec), len(r.header))}}
	}
	return row, nil
}

func badUTF8(line, column int) error {
	return &classified{class: ErrInput, msg: fmt.Sprintf(
		"line %d, column %d: invalid UTF-8: the file is not UTF-8; name its encoding with --encoding (%s)",
		line, column, strings.Join(Encodings[1:], ", "))}
}

// csvError describes a CSV syntax error. encoding/csv's message already
// names the line and the (byte) column.
func csvError(err error) error {
	msg := err.Error()
	var pe *csv.ParseError
	if errors.As(err, &pe) && (errors.Is(pe.Err, csv.ErrBareQuote) || errors.Is(pe.Err, csv.ErrQuote)) {
		msg += ` (a quote inside a cell must be doubled, "", and the cell quoted)`
	}
	return &classified{class: ErrInput, msg: msg}
}

// detectDelimiter picks ',', ';' or tab: whichever occurs most often,
// outside quotes, in the header line (',' on a tie or when none occurs).
func detectDelimiter(br *bufio.Reader) rune {
	buf, _ := br.Peek(br.Size())
	counts := map[byte]int{}
	quoted := false
	for _, c := range buf {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		if c == ',' || c == ';' || c == '\t' {
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

// Comma returns the delimiter in use (given or detected), so that the
// errors file is written with the input's own.
func (r *csvReader) Comma() rune { return r.cr.Comma }
