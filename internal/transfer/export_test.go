package transfer_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/transfer"
)

func TestEscapeFormula(t *testing.T) {
	for in, want := range map[string]string{
		"=SUM(A1:A9)": "'=SUM(A1:A9)", "+44 20": "'+44 20", "-1": "'-1", "@cmd": "'@cmd",
		"\tx": "'\tx", "\rx": "'\rx", "plain": "plain", "": "", "a=b": "a=b", "'x": "'x",
	} {
		if got := transfer.EscapeFormula(in); got != want {
			t.Errorf("EscapeFormula(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExportFormats(t *testing.T) {
	d := newDesk(t)
	text := "name,domains,phone,description,tags,field.b,field.a\n" +
		"=Evil,evil.com,+1 555,\"-line\nnext\",x;y,,1\n" +
		"AT&T,att.com,,plain,,2,\n"
	if _, err := importText(t, d, text, transfer.ReadOptions{}, transfer.Options{Kind: transfer.Accounts}); err != nil {
		t.Fatal(err)
	}
	csv := exportText(t, d, transfer.ExportOptions{Kind: transfer.Accounts, EscapeFormulas: true})
	wantCSV := "id,name,domains,external_id,status,parent_id,manager_id,phone,email,website,description,tags,crm_id,crm_status,logo_url,slack_channel,field.a,field.b\n" +
		"1,'=Evil,evil.com,,active,,,'+1 555,,,\"'-line\nnext\",x;y,,unmapped,,,1,\n" +
		"2,AT&T,att.com,,active,,,,,,plain,,,unmapped,,,,2\n"
	if csv != wantCSV {
		t.Errorf("csv:\n%s\nwant:\n%s", csv, wantCSV)
	}
	jsonl := exportText(t, d, transfer.ExportOptions{Kind: transfer.Accounts, Format: transfer.FormatJSONL, Accounts: desk.AccountFilter{Search: "at&t"}})
	want := `{"id":2,"name":"AT&T","domains":["att.com"],"external_id":"","status":"active","parent_id":null,"manager_id":null,"phone":"","email":"","website":"","description":"plain","tags":[],"crm_id":"","crm_status":"unmapped","logo_url":"","slack_channel":"","fields":{"b":"2"}}` + "\n"
	if jsonl != want {
		t.Errorf("jsonl:\n%s\nwant:\n%s", jsonl, want)
	}
	js := exportText(t, d, transfer.ExportOptions{Kind: transfer.Links, Format: transfer.FormatJSON})
	if js != "[]\n" {
		t.Errorf("empty json export = %q", js)
	}
	js = exportText(t, d, transfer.ExportOptions{Kind: transfer.Managers, Format: transfer.FormatCSV})
	if js != "id,name,email,employee_id,login,phone,mobile\n" {
		t.Errorf("empty csv export = %q", js)
	}
	if _, err := transfer.Export(context.Background(), d, &bytes.Buffer{}, transfer.ExportOptions{Kind: transfer.Accounts, Format: "xml"}); !errors.Is(err, transfer.ErrOption) {
		t.Errorf("bad format: %v", err)
	}
}

func TestAtomicFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	f, err := transfer.CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("half of the new")
	// Until Commit, readers see the old file.
	if data, _ := os.ReadFile(path); string(data) != "old\n" {
		t.Errorf("target changed before commit: %q", data)
	}
	f.Abort()
	if data, _ := os.ReadFile(path); string(data) != "old\n" {
		t.Errorf("target changed by an aborted write: %q", data)
	}
	f, _ = transfer.CreateAtomic(path)
	f.WriteString("new\n")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	f.Abort() // a no-op after Commit
	info, err := os.Stat(path)
	if data, _ := os.ReadFile(path); string(data) != "new\n" || err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("after commit: %q, mode %v (want the replaced file's 0640)", data, info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if _, err := transfer.CreateAtomic(filepath.Join(dir, "missing", "x.csv")); err == nil {
		t.Error("CreateAtomic in a missing directory succeeded")
	}
}

func TestErrorsFileJSONL(t *testing.T) {
	var b bytes.Buffer
	e := transfer.NewErrorsFile(&b, nil, 0)
	e.Reject(&transfer.Row{Raw: []byte(`{"name":"x", "domains":["bad"]}`)}, `"bad" is not a valid domain name`)
	e.Reject(&transfer.Row{Raw: []byte(`not json`)}, "not a JSON object")
	e.Reject(&transfer.Row{Raw: []byte(`{}`)}, "name: is required")
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	want := `{"name":"x", "domains":["bad"],"error":"\"bad\" is not a valid domain name"}` + "\n" +
		`{"line":"not json","error":"not a JSON object"}` + "\n" +
		`{"error":"name: is required"}` + "\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
	// An errors file imports again as it is: its error column is ignored.
	d := newDesk(t)
	if _, err := importText(t, d, "name,error\nFixed,was broken\n", transfer.ReadOptions{}, transfer.Options{Kind: transfer.Accounts}); err != nil {
		t.Errorf("re-importing an errors file: %v", err)
	}
}

func TestProgressBar(t *testing.T) {
	var b bytes.Buffer
	p := transfer.NewProgressBar(&b, "importing accounts", 1000)
	p.Update(1234, 500)
	p.Done()
	out := b.String()
	if !strings.Contains(out, "importing accounts [============            ]  50%  1,234 rows") || !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("progress output %q", out)
	}
}
