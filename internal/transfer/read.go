package transfer

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"sync/atomic"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// Input formats.
const (
	FormatCSV   = "csv"
	FormatJSONL = "jsonl"
	FormatJSON  = "json" // export only: one JSON array
)

// Row is one data row of an input file.
type Row struct {
	// Line is the line the row starts on (1-based; the header is line 1
	// of a CSV file).
	Line int
	// Names are the row's column names, parallel to Values: the header
	// for CSV (shared by every row), the object's keys for JSON Lines.
	Names  []string
	Values []string
	// Raw is the line as read, for JSON Lines (nil for CSV): the errors
	// file gives it back as it was.
	Raw []byte
	// Err, when set, rejects the row as it was read (a CSV row with the
	// wrong number of fields, a line that is not a JSON object).
	Err error
}

// Reader reads the rows of one input file, streaming.
type Reader interface {
	// Read returns the next row, or io.EOF after the last one. Any other
	// error concerns the input as a whole and ends the import.
	Read() (*Row, error)
	// Header returns the CSV header, nil for JSON Lines.
	Header() []string
	// Offset is the number of input bytes consumed so far (for progress).
	Offset() int64
}

// ReadOptions say how to read an input file.
type ReadOptions struct {
	// Format is FormatCSV (default) or FormatJSONL.
	Format string
	// Delimiter is the CSV field delimiter; 0 detects ',', ';' or tab from
	// the header line.
	Delimiter rune
	// Encoding is the input's character encoding (see ParseEncoding); ""
	// means UTF-8.
	Encoding string
}

// NewReader returns a Reader of r in the given format. A UTF-8 byte order
// mark is skipped; other encodings are converted to UTF-8 first.
func NewReader(r io.Reader, opts ReadOptions) (Reader, error) {
	enc, err := ParseEncoding(opts.Encoding)
	if err != nil {
		return nil, err
	}
	cr := &countingReader{r: r}
	br := bufio.NewReaderSize(cr, 64<<10)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		// A byte order mark says UTF-8, whatever --encoding says.
		_, _ = br.Discard(3)
		enc = nil
	}
	if enc != nil {
		br = bufio.NewReaderSize(transform.NewReader(br, enc.NewDecoder()), 64<<10)
	}
	switch opts.Format {
	case "", FormatCSV:
		return newCSVReader(br, cr, opts.Delimiter)
	case FormatJSONL:
		return &jsonlReader{br: br, count: cr}, nil
	}
	return nil, optionError("unknown input format %q: use csv or jsonl", opts.Format)
}

// Encodings lists the names ParseEncoding accepts, for help texts.
var Encodings = []string{"utf-8", "windows-1252", "iso-8859-1", "iso-8859-15"}

// ParseEncoding returns the decoder of an encoding name: utf-8 (nil: no
// conversion), windows-1252 (cp1252, what spreadsheets on Windows save as
// "CSV"), iso-8859-1 (latin1) or iso-8859-15 (latin9). Case, '-' and '_'
// are ignored.
func ParseEncoding(name string) (encoding.Encoding, error) {
	n := strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(name))
	switch n {
	case "", "utf8":
		return nil, nil
	case "windows1252", "cp1252", "win1252":
		return charmap.Windows1252, nil
	case "iso88591", "latin1", "l1":
		return charmap.ISO8859_1, nil
	case "iso885915", "latin9":
		return charmap.ISO8859_15, nil
	}
	return nil, optionError("unknown encoding %q: use one of %s", name, strings.Join(Encodings, ", "))
}

// ParseDelimiter parses a --delimiter value: ",", ";" or "tab" (also
// "\t" or a literal tab). "" means detect.
func ParseDelimiter(s string) (rune, error) {
	switch s {
	case "":
		return 0, nil
	case ",", ";":
		return rune(s[0]), nil
	case "tab", "\\t", "\t", "TAB":
		return '\t', nil
	}
	return 0, optionError("unknown delimiter %q: use \",\", \";\" or tab", s)
}

// countingReader counts the bytes read through it. The count is read by
// the progress display from another goroutine.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
