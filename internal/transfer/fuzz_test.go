package transfer_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/deskctl/deskctl/internal/transfer"
)

// FuzzCSVRows reads arbitrary bytes as CSV: the reader must not panic,
// must give every row its line and the header's number of fields (or a
// row error), and only valid UTF-8. When the input is an accounts file,
// it is imported, exported, imported again into an empty store with its
// ids, and exported again: the two exports must be identical.
func FuzzCSVRows(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := transfer.NewReader(bytes.NewReader(data), transfer.ReadOptions{})
		if err != nil {
			return
		}
		header, last := src.Header(), 1
		for {
			row, err := src.Read()
			if errors.Is(err, io.EOF) || err != nil {
				break
			}
			if row.Line <= last {
				t.Fatalf("row line %d after line %d", row.Line, last)
			}
			last = row.Line
			if row.Err == nil && len(row.Values) != len(header) {
				t.Fatalf("line %d: %d values, header has %d", row.Line, len(row.Values), len(header))
			}
			for _, v := range row.Values {
				if !utf8.ValidString(v) {
					t.Fatalf("line %d: invalid UTF-8 %q", row.Line, v)
				}
			}
		}
		m, err := transfer.NewMapper(transfer.Accounts, transfer.MapOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.MapHeader(header); err != nil {
			return
		}
		roundTrip(t, string(data), transfer.FormatCSV)
	})
}

// roundTrip imports text as accounts (rejected rows are fine), then checks
// that export → import --key id → export reproduces the first export.
func roundTrip(t *testing.T, text, format string) {
	t.Helper()
	a := newDesk(t)
	res, err := importText(t, a, text, transfer.ReadOptions{Format: format}, transfer.Options{Kind: transfer.Accounts, ContinueOnError: true})
	if err != nil && !errors.Is(err, transfer.ErrRejected) && !errors.Is(err, transfer.ErrInput) {
		t.Fatalf("import: %v", err)
	}
	if res == nil {
		return
	}
	first := exportText(t, a, transfer.ExportOptions{Kind: transfer.Accounts, Format: format})
	b := newDesk(t)
	if _, err := importText(t, b, first, transfer.ReadOptions{Format: format}, transfer.Options{Kind: transfer.Accounts, Key: "id"}); err != nil {
		t.Fatalf("re-import of an export: %v\n%s", err, first)
	}
	if second := exportText(t, b, transfer.ExportOptions{Kind: transfer.Accounts, Format: format}); second != first {
		t.Fatalf("export differs after a round trip\n%s", firstDiff(first, second))
	}
}

// FuzzJSONLRows reads arbitrary bytes as JSON Lines: no panic, names and
// values pair up, names are unique, and accounts files round-trip.
func FuzzJSONLRows(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := transfer.NewReader(bytes.NewReader(data), transfer.ReadOptions{Format: transfer.FormatJSONL})
		if err != nil {
			t.Fatal(err)
		}
		for {
			row, err := src.Read()
			if err != nil {
				break
			}
			if row.Err != nil {
				continue
			}
			if len(row.Names) != len(row.Values) {
				t.Fatalf("line %d: %d names, %d values", row.Line, len(row.Names), len(row.Values))
			}
			seen := map[string]bool{}
			for _, n := range row.Names {
				if seen[n] {
					t.Fatalf("line %d: name %q twice", row.Line, n)
				}
				seen[n] = true
			}
		}
		roundTrip(t, string(data), transfer.FormatJSONL)
	})
}

// FuzzHeaderMapping maps arbitrary headers and --map values: no panic, and
// a header that maps gives only real columns, each at most once.
func FuzzHeaderMapping(f *testing.F) {
	f.Fuzz(func(t *testing.T, kindIndex uint8, header, mapping string, ignore bool) {
		kind := transfer.Kinds[int(kindIndex)%len(transfer.Kinds)]
		mm, err := transfer.ParseMap(strings.Split(mapping, "\n"))
		if err != nil {
			mm = nil
		}
		m, err := transfer.NewMapper(kind, transfer.MapOptions{Map: mm, IgnoreUnknown: ignore})
		if err != nil {
			return
		}
		targets, err := m.MapHeader(strings.Split(header, ","))
		if err != nil {
			return
		}
		valid := append(transfer.Columns(kind), "contact")
		seen := map[string]bool{}
		for _, tg := range targets {
			if tg == "" {
				continue
			}
			if !slices.Contains(valid, tg) && !strings.HasPrefix(tg, "field.") {
				t.Fatalf("header %q maps to %q, not a column of %s", header, tg, kind)
			}
			if seen[tg] {
				t.Fatalf("header %q maps two columns to %q", header, tg)
			}
			seen[tg] = true
		}
	})
}

var _ = context.Background
