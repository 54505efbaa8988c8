package db

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
)

// newFactory returns a factory over test streams and a bbolt store at
// path holding one account with one contact.
func newFactory(t *testing.T, path string, format output.Format) (*cmdutil.Factory, *bytes.Buffer) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	f := cmdutil.New(ios)
	cfg := &cmdutil.Config{DB: path, Actor: "tester", Timeout: time.Second, Output: format}
	f.Config = func() (*cmdutil.Config, error) { return cfg, nil }
	f.Desk = func(ctx context.Context, write bool) (*desk.Desk, error) {
		s, err := bolt.Open(path, store.Options{ReadOnly: !write, Timeout: time.Second})
		if err != nil {
			return nil, err
		}
		return desk.Open(ctx, s, desk.Options{Actor: "tester"})
	}
	d, err := f.Desk(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Update(context.Background(), func(tx *desk.Tx) error {
		if _, err := tx.CreateAccount(desk.AccountChange{Set: []desk.FieldValue{{Field: "name", Value: "Acme"}, {Field: "domains", Value: "acme.com"}}}); err != nil {
			return err
		}
		_, err := tx.CreateContact(desk.ContactChange{Set: []desk.FieldValue{{Field: "email", Value: "ann@acme.com"}}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return f, out
}

func run(cmd *cobra.Command, args ...string) error {
	cmd.SetArgs(args)
	cmd.SetOut(new(bytes.Buffer))
	cmd.SetErr(new(bytes.Buffer))
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	_, err := cmd.ExecuteC()
	return err
}

func TestCheckClean(t *testing.T) {
	f, out := newFactory(t, filepath.Join(t.TempDir(), "d.db"), output.FormatTable)
	if err := run(NewCmdCheck(f, nil)); err != nil {
		t.Fatal(err)
	}
	want := "ok: 1 account, 1 contact, 0 tickets, 0 managers, 0 notes, 2 log entries, 0 jobs\n"
	if out.String() != want {
		t.Errorf("stdout = %q, want %q", out, want)
	}
}

// TestCheckReportsRemovedIndexEntry corrupts the store on purpose: the
// contact's email index entry is removed behind the domain's back.
func TestCheckReportsRemovedIndexEntry(t *testing.T) {
	for _, format := range []output.Format{output.FormatTable, output.FormatJSON} {
		t.Run(string(format), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "d.db")
			f, out := newFactory(t, path, format)
			s, err := bolt.Open(path, store.Options{Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			err = s.Update(context.Background(), func(tx store.Tx) error {
				return tx.Delete([]byte("ix/contact/email/ann@acme.com"))
			})
			s.Close()
			if err != nil {
				t.Fatal(err)
			}
			err = run(NewCmdCheck(f, nil))
			if !errors.Is(err, store.ErrCorrupt) || err.Error() != "the store has 1 problem(s): "+store.ErrCorrupt.Error() {
				t.Fatalf("err = %v, want the corrupt class", err)
			}
			if cmdutil.Hint(err) == "" {
				t.Error("no hint")
			}
			problem := `contact 1: missing email index entry "ann@acme.com"`
			switch format {
			case output.FormatTable:
				if out.String() != problem+"\n" {
					t.Errorf("stdout = %q, want the problem alone", out)
				}
			default:
				if !strings.Contains(out.String(), `"ok": false`) || !strings.Contains(out.String(), "missing email index entry") {
					t.Errorf("stdout = %s, want the report with ok false", out)
				}
			}
		})
	}
}

func TestBackupRefusesOverwrite(t *testing.T) {
	dir := t.TempDir()
	f, out := newFactory(t, filepath.Join(dir, "d.db"), output.FormatTable)
	target := filepath.Join(dir, "copy.db")
	if err := os.WriteFile(target, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(NewCmdBackup(f, nil), target)
	if !errors.Is(err, cmdutil.ErrUsage) || err.Error() != "refusing to overwrite "+target {
		t.Fatalf("err = %v, want a usage error", err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me" {
		t.Error("the file was overwritten")
	}
	if err := run(NewCmdBackup(f, nil), target, "--force"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "path   "+target+"\nsize   ") {
		t.Errorf("stdout = %q", out)
	}
}
