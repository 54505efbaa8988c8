package account

import (
	"errors"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
)

func TestNewCmdNoteAdd(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		stdin   string
		ref     string
		body    string
		dryRun  bool
		wantErr string
	}{
		{args: []string{"1", "--body", "call back"}, ref: "1", body: "call back"},
		{args: []string{"@acme.com", "--body", "-", "--dry-run"}, stdin: "line one\nline two\n\n", ref: "@acme.com",
			body: "line one\nline two", dryRun: true},
		{args: []string{"1"}, wantErr: "--body is required (use --body - to read it from stdin)"},
		{args: []string{"--body", "x"}, wantErr: "an account is required"},
	} {
		ios, in, _, _ := iostreams.Test()
		in.WriteString(tc.stdin)
		f := cmdtest.ParseFactory(t)
		f.IOStreams = ios
		var got *NoteAddOptions
		err := cmdtest.Execute(NewCmdNoteAdd(f, func(o *NoteAddOptions) error { got = o; return nil }), tc.args...)
		if tc.wantErr != "" {
			if !errors.Is(err, cmdutil.ErrUsage) || err.Error() != tc.wantErr {
				t.Errorf("%q: err = %v, want the usage error %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got.Ref != tc.ref || got.Body != tc.body || got.DryRun != tc.dryRun {
			t.Errorf("%q: err = %v, options = %+v", tc.args, err, got)
		}
	}
}

func TestNewCmdNoteList(t *testing.T) {
	var got *NoteListOptions
	if err := cmdtest.Execute(NewCmdNoteList(cmdtest.ParseFactory(t), func(o *NoteListOptions) error { got = o; return nil }), "ext:X"); err != nil || got.Ref != "ext:X" {
		t.Errorf("note list ext:X: err = %v, options = %+v", err, got)
	}
	err := cmdtest.Execute(NewCmdNoteList(cmdtest.ParseFactory(t), func(*NoteListOptions) error { return nil }))
	if !errors.Is(err, cmdutil.ErrUsage) || err.Error() != "an account is required" {
		t.Errorf("note list: err = %v", err)
	}
}

func TestNoteAddRun(t *testing.T) {
	for _, tc := range []struct {
		name      string
		args      []string
		stdout    string
		stderr    string
		errIs     error
		errMsg    string
		unchanged bool
	}{
		{name: "add", args: []string{"@acme.com", "--body", "  Renewal call on Friday "},
			stdout: "id           1\naccount_id   1\nauthor       tester\ncreated_at   2026-11-24T12:00:00Z\nbody         Renewal call on Friday\n",
			stderr: "added note 1 to account 1\n"},
		{name: "empty body", args: []string{"1", "--body", "  "}, errIs: desk.ErrInvalid, errMsg: "body: is required", unchanged: true},
		{name: "control character", args: []string{"1", "--body", "red\x1b[31m"}, errIs: desk.ErrInvalid,
			errMsg: "body: contains control character U+001B", unchanged: true},
		{name: "unknown account", args: []string{"2", "--body", "x"}, errIs: desk.ErrNotFound, errMsg: "account 2 not found", unchanged: true},
		{name: "dry run", args: []string{"1", "--body", "x", "--dry-run"},
			stdout:    "id           1\naccount_id   1\nauthor       tester\ncreated_at   2026-11-24T12:00:00Z\nbody         x\n",
			stderr:    "dry run: would have added note 1 to account 1; nothing was written\n",
			unchanged: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.Account("name", "Acme Ltd", "domains", "acme.com")
			before := e.StoreBytes()
			err := e.Run(NewCmdNoteAdd(e.f, nil), tc.args...)
			assertResult(t, e, err, tc.errIs, tc.errMsg, tc.stdout, tc.stderr)
			if tc.unchanged && string(e.StoreBytes()) != string(before) {
				t.Error("the store changed")
			}
		})
	}
}

func TestNoteListRun(t *testing.T) {
	e := newEnv(t)
	e.Account("name", "Acme Ltd")
	e.Account("name", "Globex")
	e.Update(func(tx *desk.Tx) error {
		if _, err := tx.AddNote("1", "first\tline\nsecond line"); err != nil {
			return err
		}
		_, err := tx.AddNote("1", "later")
		return err
	})
	before := e.StoreBytes()

	// The table escapes the tab and the newline; json keeps them.
	if err := e.Run(NewCmdNoteList(e.f, nil), "Acme Ltd"); err != nil {
		t.Fatal(err)
	}
	assertResult(t, e, nil, nil, "",
		"ID   ACCOUNT ID   AUTHOR   CREATED AT             BODY\n"+
			`1    1            tester   2026-11-24T12:00:00Z   first\tline\nsecond line`+"\n"+
			"2    1            tester   2026-11-24T12:00:00Z   later\n", "")
	e.cfg.Output, e.cfg.JQ = output.FormatJSON, ".[0].body"
	if err := e.Run(NewCmdNoteList(e.f, nil), "1"); err != nil {
		t.Fatal(err)
	}
	assertResult(t, e, nil, nil, "", "first\tline\nsecond line\n", "")

	e.cfg.Output, e.cfg.JQ = output.FormatTable, ""
	if err := e.Run(NewCmdNoteList(e.f, nil), "Globex"); err != nil {
		t.Fatal(err)
	}
	assertResult(t, e, nil, nil, "", "", "no notes found\n")

	// An unknown account is an error, not an empty list.
	err := e.Run(NewCmdNoteList(e.f, nil), "Initech")
	assertResult(t, e, err, desk.ErrNotFound, `account "Initech" not found`, "", "")
	if string(e.StoreBytes()) != string(before) {
		t.Error("note list changed the store")
	}
}
