package output

import (
	"io"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// columnGap separates table columns, as in kubectl.
const columnGap = "   "

// renderTable prints rows (already sanitized) as borderless, left-aligned
// columns separated by spaces, with header unless it is nil. Cells are
// never wrapped, trimmed or reformatted by tablewriter: what is in a cell
// is what was decided here.
func renderTable(w io.Writer, header []string, rows [][]string) error {
	out := &trimWriter{w: w}
	t := tablewriter.NewTable(out,
		tablewriter.WithRenderer(renderer.NewBlueprint(tableRendition())),
		tablewriter.WithConfig(tablewriter.Config{
			Header:   cellConfig(),
			Row:      cellConfig(),
			Behavior: tableBehavior(),
		}),
	)
	if header != nil {
		t.Header(header)
	}
	if err := t.Bulk(rows); err != nil {
		return err
	}
	if err := t.Render(); err != nil {
		return err
	}
	return out.err
}

func tableRendition() tw.Rendition {
	return tw.Rendition{
		Borders: tw.BorderNone,
		Symbols: tw.NewSymbols(tw.StyleNone),
		Settings: tw.Settings{
			Separators: tw.Separators{
				ShowHeader:     tw.Off,
				ShowFooter:     tw.Off,
				BetweenRows:    tw.Off,
				BetweenColumns: tw.Off,
			},
			Lines: tw.Lines{
				ShowTop:        tw.Off,
				ShowBottom:     tw.Off,
				ShowHeaderLine: tw.Off,
				ShowFooterLine: tw.Off,
			},
		},
	}
}

func tableBehavior() tw.Behavior {
	return tw.Behavior{
		AutoHide:  tw.Off,
		TrimSpace: tw.Off,
		TrimLine:  tw.Off,
		TrimTab:   tw.Off,
	}
}

func cellConfig() tw.CellConfig {
	return tw.CellConfig{
		Formatting: tw.CellFormatting{AutoFormat: tw.Off, AutoWrap: tw.WrapNone},
		Alignment:  tw.CellAlignment{Global: tw.AlignLeft},
		Padding: tw.CellPadding{
			Global: tw.Padding{Right: columnGap, Overwrite: true},
		},
	}
}

// trimWriter drops the spaces at the end of each line: tablewriter pads the
// last column to its width, and trailing blanks only get in the way of
// copy-paste and diffs.
type trimWriter struct {
	w       io.Writer
	pending int // spaces seen but not yet written
	buf     []byte
	err     error
}

func (t *trimWriter) Write(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	t.buf = t.buf[:0]
	for _, c := range p {
		switch c {
		case ' ':
			t.pending++
			continue
		case '\n':
			t.pending = 0
		default:
			for ; t.pending > 0; t.pending-- {
				t.buf = append(t.buf, ' ')
			}
		}
		t.buf = append(t.buf, c)
	}
	if _, err := t.w.Write(t.buf); err != nil {
		t.err = err
		return 0, err
	}
	return len(p), nil
}
