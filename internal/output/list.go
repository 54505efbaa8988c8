package output

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
)

// List prints a list of records in one format. Create it with NewList,
// call Write for each record and Close at the end. json, jsonl and csv
// output is written as records arrive (through a buffer that Close
// flushes), so memory stays bounded whatever the length of the list;
// table output, and json output with --jq, are held until Close because
// column widths and the jq input need every record.
//
// A List is not safe for concurrent use.
type List struct {
	w      *bufio.Writer
	format Format
	opts   Options
	single bool // printing one record: see One

	names   []string // selected columns, nil for "every field of the record"
	cols    []column
	project bool // json/jsonl print only cols
	whole   bool // cols include the whole custom-fields object
	checked bool // cols checked against Available or the first record

	jq    *jqProgram
	jqAll []any // json with --jq: the array, run at Close

	enc  *json.Encoder
	ebuf bytes.Buffer
	obj  object
	proj []byte       // projection scratch
	ind  bytes.Buffer // indentation scratch

	csv   *csv.Writer
	cells []string
	rows  [][]string

	n      int
	err    error // sticky: the first error Write returned
	closed bool
}

// NewList returns a List printing to w. defaultColumns are the columns of
// table and csv output when opts.Fields is empty; when both are empty,
// they are every field of the first record. NewList checks the options
// and compiles the --jq expression; it writes nothing.
func NewList(w io.Writer, opts Options, defaultColumns []string) (*List, error) {
	return newList(w, opts, defaultColumns, false)
}

func newList(w io.Writer, opts Options, defaultColumns []string, single bool) (*List, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	l := &List{
		w:      bufio.NewWriterSize(w, 64<<10),
		format: opts.format(),
		opts:   opts,
		single: single,
	}
	if opts.JQ != "" {
		jq, err := compileJQ(opts.JQ)
		if err != nil {
			return nil, err
		}
		l.jq = jq
	}
	switch {
	case len(opts.Fields) > 0:
		l.names = opts.Fields
		l.project = l.format == FormatJSON || l.format == FormatJSONL
	case l.format == FormatTable || l.format == FormatCSV:
		l.names = defaultColumns
	}
	if len(l.names) > 0 {
		l.cols = parseColumns(l.names)
		if opts.Available != nil {
			if err := ValidateFields(l.names, opts.Available); err != nil {
				return nil, err
			}
			l.checked = true
		}
	}
	for i, c := range l.cols {
		if c.key == customKey && !c.nested {
			l.whole = true
		}
		l.cols[i].quoted = quoteKey(c.key)
		if c.nested {
			l.cols[i].quotedSub = quoteKey(c.sub)
		}
	}
	l.enc = json.NewEncoder(&l.ebuf)
	l.enc.SetEscapeHTML(false)
	if l.format == FormatCSV {
		l.csv = csv.NewWriter(l.w)
	}
	return l, nil
}

func quoteKey(s string) []byte {
	b, _ := json.Marshal(s) // a string always marshals
	return b
}

// Len returns the number of records written so far, so that a command can
// say "no accounts found" on stderr when a list is empty.
func (l *List) Len() int { return l.n }

// Write prints one record: a value that marshals to a JSON object, such as
// a struct with json tags or a map[string]any. The first record decides
// the columns (when neither Fields nor default columns are set) and is
// checked against Fields (unless Options.Available is set). After an
// error, the List is finished: Write returns that error again.
func (l *List) Write(record any) error {
	if l.closed {
		return ErrClosed
	}
	if l.err != nil {
		return l.err
	}
	if err := l.write(record); err != nil {
		l.err = err
		return err
	}
	l.n++
	return nil
}

func (l *List) write(record any) error {
	l.ebuf.Reset()
	if err := l.enc.Encode(record); err != nil {
		return fmt.Errorf("encoding record: %w", err)
	}
	line := l.ebuf.Bytes() // compact JSON and a newline
	data := line[:len(line)-1]
	if len(data) == 0 || data[0] != '{' {
		return fmt.Errorf("%w: got %.40s", ErrNotObject, data)
	}
	if l.format == FormatTable || l.format == FormatCSV || l.project {
		if err := l.obj.parse(data); err != nil {
			return err
		}
		if err := l.check(); err != nil {
			return err
		}
	}
	if l.project {
		data = l.projection()
		line = append(data, '\n')
	}
	switch l.format {
	case FormatJSONL:
		if l.jq != nil {
			return l.runJQ(data)
		}
		_, err := l.w.Write(line)
		return err
	case FormatJSON:
		return l.writeJSON(data)
	case FormatCSV:
		return l.writeCSV()
	default:
		l.addRow()
		return nil
	}
}

// check resolves and checks the columns on the first record.
func (l *List) check() error {
	if l.checked {
		return nil
	}
	if l.cols == nil {
		l.names = l.obj.keys()
		l.cols = parseColumns(l.names)
	} else if err := ValidateFields(l.names, l.obj.keys()); err != nil {
		return err
	}
	l.checked = true
	return nil
}

// projection returns the record's JSON object reduced to the selected
// columns, in their order. Custom-field columns become one "fields" object
// placed where the first of them is; a missing field is null.
func (l *List) projection() []byte {
	b := append(l.proj[:0], '{')
	grouped := false
	for i := range l.cols {
		c := &l.cols[i]
		if c.nested && (l.whole || grouped) {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, c.quoted...)
		b = append(b, ':')
		if !c.nested {
			b = appendValue(b, l.obj.value(c))
			continue
		}
		grouped = true
		b = append(b, '{')
		for j := i; j < len(l.cols); j++ {
			if s := &l.cols[j]; s.nested {
				if j > i {
					b = append(b, ',')
				}
				b = append(b, s.quotedSub...)
				b = append(b, ':')
				b = appendValue(b, l.obj.value(s))
			}
		}
		b = append(b, '}')
	}
	b = append(b, '}')
	l.proj = b // keep the grown buffer for the next record
	return b
}

func appendValue(b, v []byte) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	return append(b, v...)
}

func (l *List) runJQ(data []byte) error {
	v, err := decodeJQ(data)
	if err != nil {
		return fmt.Errorf("decoding record for jq: %w", err)
	}
	if l.format == FormatJSON && !l.single {
		l.jqAll = append(l.jqAll, v)
		return nil
	}
	return l.jq.run(l.w, v)
}

func (l *List) writeJSON(data []byte) error {
	if l.jq != nil {
		return l.runJQ(data)
	}
	l.ind.Reset()
	prefix, sep := "  ", ",\n  "
	switch {
	case l.single:
		prefix, sep = "", ""
	case l.n == 0:
		sep = "[\n  "
	}
	l.ind.WriteString(sep)
	if err := json.Indent(&l.ind, data, prefix, "  "); err != nil {
		return fmt.Errorf("indenting record: %w", err)
	}
	if l.single {
		l.ind.WriteByte('\n')
	}
	_, err := l.w.Write(l.ind.Bytes())
	return err
}

func (l *List) rowCells() []string {
	l.cells = l.cells[:0]
	for i := range l.cols {
		l.cells = append(l.cells, cell(l.obj.value(&l.cols[i])))
	}
	return l.cells
}

func (l *List) writeCSV() error {
	if l.n == 0 && !l.opts.NoHeader {
		if err := l.csv.Write(l.names); err != nil {
			return err
		}
	}
	return l.csv.Write(l.rowCells())
}

func (l *List) addRow() {
	cells := l.rowCells()
	if l.single {
		for i, c := range cells {
			l.rows = append(l.rows, []string{Sanitize(l.names[i]), Sanitize(c)})
		}
		return
	}
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = truncate(Sanitize(c), maxCellRunes)
	}
	l.rows = append(l.rows, row)
}

// Abort ends the list of a command that failed: it flushes what was
// already printed and finishes nothing, so that a failed `list -o json`
// never ends with a well-formed array (empty, or cut short by the error),
// nor prints a table or a csv header, that a script could take for the
// whole answer. Close and Abort after Close or Abort do nothing.
func (l *List) Abort() error {
	if l.closed {
		return nil
	}
	l.closed = true
	if l.csv != nil {
		l.csv.Flush()
	}
	return l.w.Flush()
}

// Close finishes the output and flushes it: it closes the json array
// (an empty list prints []), runs --jq over the whole array for json,
// prints the table, and writes the csv header of an empty list when the
// columns are known. An empty table prints nothing. After a failed Write,
// Close only flushes what was already printed. Close must be called even
// when nothing was written; calling it again does nothing.
func (l *List) Close() error {
	if l.closed {
		return nil
	}
	l.closed = true
	if l.err == nil {
		if err := l.finish(); err != nil {
			l.w.Flush()
			return err
		}
	}
	return l.w.Flush()
}

func (l *List) finish() error {
	switch l.format {
	case FormatJSON:
		switch {
		case l.single:
		case l.jq != nil:
			all := l.jqAll
			if all == nil {
				all = []any{}
			}
			return l.jq.run(l.w, all)
		case l.n == 0:
			_, err := l.w.WriteString("[]\n")
			return err
		default:
			_, err := l.w.WriteString("\n]\n")
			return err
		}
	case FormatCSV:
		if l.n == 0 && len(l.names) > 0 && !l.opts.NoHeader {
			if err := l.csv.Write(l.names); err != nil {
				return err
			}
		}
		l.csv.Flush()
		return l.csv.Error()
	case FormatTable:
		if l.n == 0 {
			return nil
		}
		var header []string
		if !l.single && !l.opts.NoHeader {
			header = make([]string, len(l.names))
			for i, n := range l.names {
				header[i] = Sanitize(Header(n))
			}
		}
		return renderTable(l.w, header, l.rows)
	}
	return nil
}

// One prints a single record, the output of a "show" command: json prints
// the object itself (not an array), jsonl one line, csv a header and one
// row, and table a vertical layout with one "field  value" line per column
// (cells are sanitized but not truncated). --jq applies to the object.
func One(w io.Writer, opts Options, defaultColumns []string, record any) error {
	l, err := newList(w, opts, defaultColumns, true)
	if err != nil {
		return err
	}
	if err := l.Write(record); err != nil {
		return err
	}
	return l.Close()
}
