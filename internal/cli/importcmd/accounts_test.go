package importcmd

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
	"github.com/deskctl/deskctl/internal/transfer"
)

func TestNewCmdAccountsParsing(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		check func(*Options) bool
		err   string // "" = parses
	}{
		{[]string{"a.csv"}, func(o *Options) bool {
			return o.File == "a.csv" && o.Key == "name" && o.OnConflict == "fail" && o.Blank == "keep" && !o.DryRun
		}, ""},
		{[]string{"-", "--key", "external_id", "--on-conflict", "update", "--blank", "clear", "--dry-run"}, func(o *Options) bool {
			return o.File == "-" && o.Key == "external_id" && o.OnConflict == "update" && o.Blank == "clear" && o.DryRun
		}, ""},
		{[]string{"a.csv", "--map", "Firma=name", "--map", "Web=website", "--delimiter", "tab", "--encoding", "cp1252"}, func(o *Options) bool {
			return len(o.Maps) == 2 && o.Delimiter == "tab" && o.Encoding == "cp1252" && o.Changed["delimiter"]
		}, ""},
		{[]string{"a.csv", "--continue-on-error", "--errors", "bad.csv"}, func(o *Options) bool {
			return o.ContinueOnError && o.ErrorsFile == "bad.csv"
		}, ""},
		{[]string{}, nil, "accepts 1 arg(s), received 0"},
		{[]string{"a.csv", "--on-conflict", "merge"}, nil, `invalid --on-conflict "merge": use fail, skip, update`},
		{[]string{"a.csv", "--blank", "zero"}, nil, `invalid --blank "zero": use keep, clear`},
		{[]string{"a.csv", "--delimiter", "|"}, nil, `unknown delimiter "|"`},
		{[]string{"a.csv", "--encoding", "ebcdic"}, nil, `unknown encoding "ebcdic"`},
		{[]string{"a.csv", "--map", "nothing"}, nil, `want "Input Column=field"`},
		{[]string{"a.csv", "--errors", "-"}, nil, "--errors needs a file name"},
		{[]string{"a.csv", "--errors", "a.csv"}, nil, "would overwrite the input file"},
		{[]string{"a.csv", "--format", "xml"}, nil, `invalid --format "xml"`},
	} {
		e := newEnv(t)
		var got *Options
		err := e.Run(NewCmdAccounts(e.f, func(o *Options) error { got = o; return nil }), tc.args...)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%v: err = %v, want %q", tc.args, err, tc.err)
			} else if !errors.Is(err, cmdutil.ErrUsage) && !strings.Contains(tc.err, "arg(s)") {
				t.Errorf("%v: %v is not a usage error", tc.args, err)
			}
			continue
		}
		if err != nil || got == nil || !tc.check(got) {
			t.Errorf("%v: err %v, options %+v", tc.args, err, got)
		}
	}
}

func TestImportAccountsRun(t *testing.T) {
	e := newEnv(t)
	in := filepath.Join(e.dir, "in.csv")
	bad := filepath.Join(e.dir, "bad.csv")
	os.WriteFile(in, []byte("\xef\xbb\xbfFirma;Domain;Status\r\nAcme;acme.com;active\r\nBad;bad.com;asleep\r\nBeta;beta.io;\r\n"), 0o644)
	err := e.Run(NewCmdAccounts(e.f, nil), in, "--map", "Firma=name", "--continue-on-error", "--errors", bad)
	if !errors.Is(err, transfer.ErrRejected) || !errors.Is(err, desk.ErrInvalid) {
		t.Fatalf("err = %v", err)
	}
	wantErr := `line 3, column 3 (status): "asleep" is not one of active, inactive` + "\n" +
		"imported accounts from " + in + ": 2 created, 0 updated, 0 unchanged, 0 skipped, 1 rejected (job 1)\n"
	if e.eo.String() != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", e.eo, wantErr)
	}
	if e.out.Len() != 0 {
		t.Errorf("stdout: %q", e.out)
	}
	data, _ := os.ReadFile(bad)
	if want := "Firma;Domain;Status;error\nBad;bad.com;asleep;\"\"\"asleep\"\" is not one of active, inactive\"\n"; string(data) != want {
		t.Errorf("errors file:\n%q\nwant:\n%q", data, want)
	}
	if cmdutil.Hint(err) == "" {
		t.Error("no hint on rejected rows")
	}

	// -o json: the summary on stdout; a re-run with skip changes nothing.
	e.cfg.Output = output.FormatJSON
	if err := e.Run(NewCmdAccounts(e.f, nil), in, "--map", "Firma=name", "--on-conflict", "skip", "--ignore-unknown", "--continue-on-error"); !errors.Is(err, transfer.ErrRejected) {
		t.Fatalf("re-run: %v", err)
	}
	for _, want := range []string{`"job": 2`, `"status": "failed"`, `"skipped": 2`, `"created": 0`, `"rejected": 1`, `"line": 3`, `"column": 3`, `"field": "status"`} {
		if !strings.Contains(e.out.String(), want) {
			t.Errorf("summary lacks %s:\n%s", want, e.out)
		}
	}
}

func TestImportHistoryAndShow(t *testing.T) {
	e := newEnv(t)
	in := filepath.Join(e.dir, "a.csv")
	os.WriteFile(in, []byte("name\nAcme\n"), 0o644)
	if err := e.Run(NewCmdAccounts(e.f, nil), in, "--dry-run"); err != nil {
		t.Fatal(err)
	}
	if want := "dry run of accounts from " + in + ": would create 1, update 0, leave 0 unchanged, skip 0; 0 rejected (job 1; nothing was written)\n"; e.eo.String() != want {
		t.Errorf("dry run stderr %q", e.eo)
	}
	if err := e.Run(NewCmdAccounts(e.f, nil), in); err != nil {
		t.Fatal(err)
	}
	e.cfg.Output = output.FormatCSV
	if err := e.Run(NewCmdHistory(e.f, nil)); err != nil {
		t.Fatal(err)
	}
	want := "id,kind,file,status,started_at,read,created,updated,skipped,rejected\n" +
		"2,accounts," + in + ",done,2026-11-24T12:00:00Z,1,1,0,0,0\n" +
		"1,accounts," + in + ",dry_run,2026-11-24T12:00:00Z,1,1,0,0,0\n"
	if e.out.String() != want {
		t.Errorf("history:\n%s\nwant:\n%s", e.out, want)
	}
	e.cfg.Output = output.FormatJSON
	if err := e.Run(NewCmdShow(e.f, nil), "1"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.out.String(), `"status": "dry_run"`) || !strings.Contains(e.out.String(), `"dry_run": "true"`) {
		t.Errorf("show:\n%s", e.out)
	}
	if err := e.Run(NewCmdShow(e.f, nil), "9"); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("show 9: %v", err)
	}
	if err := e.Run(NewCmdShow(e.f, nil), "x"); !errors.Is(err, cmdutil.ErrUsage) {
		t.Errorf("show x: %v", err)
	}
}
