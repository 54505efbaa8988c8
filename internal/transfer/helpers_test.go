package transfer_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
	"github.com/deskctl/deskctl/internal/transfer"
)

var testNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// newDesk opens a fresh bbolt store in a temp dir with a pinned clock, and
// checks its integrity when the test ends.
func newDesk(t testing.TB) *desk.Desk {
	t.Helper()
	return openDesk(t, filepath.Join(t.TempDir(), "desk.db"))
}

func openDesk(t testing.TB, path string) *desk.Desk {
	t.Helper()
	s, err := bolt.Open(path, store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	d, err := desk.Open(context.Background(), s, desk.Options{Actor: "tester", Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if r, err := d.Check(context.Background()); err != nil || !r.OK() {
			t.Errorf("db check: %v %v", err, r.Problems)
		}
		d.Close()
	})
	return d
}

// importText runs an import of text (CSV unless opts says) into d.
func importText(t testing.TB, d *desk.Desk, text string, ro transfer.ReadOptions, opts transfer.Options) (*transfer.Result, error) {
	t.Helper()
	src, err := transfer.NewReader(strings.NewReader(text), ro)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Mapper == nil {
		m, err := transfer.NewMapper(opts.Kind, transfer.MapOptions{})
		if err != nil {
			t.Fatal(err)
		}
		opts.Mapper = m
	}
	if opts.File == "" {
		opts.File = "test.csv"
	}
	return transfer.Import(context.Background(), d, src, opts)
}

func exportText(t testing.TB, d *desk.Desk, opts transfer.ExportOptions) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := transfer.Export(context.Background(), d, &b, opts); err != nil {
		t.Fatalf("export %s: %v", opts.Kind, err)
	}
	return b.String()
}
