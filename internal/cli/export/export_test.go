package export

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
)

func TestNewCmdExportParsing(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		check func(*Options) bool
		err   string
	}{
		{[]string{}, func(o *Options) bool { return o.Kind == "accounts" && o.Format == "" && o.File == "" }, ""},
		{[]string{"--status", "active", "--tag", "vip", "--field", "tier=gold", "--field", "region=eu", "--file", "x.csv", "--escape-formulas"},
			func(o *Options) bool {
				return o.Accounts.Status == "active" && o.Accounts.Tag == "vip" && o.Accounts.Fields["tier"] == "gold" &&
					o.Accounts.Fields["region"] == "eu" && o.File == "x.csv" && o.EscapeFormulas
			}, ""},
		{[]string{"--format", "xml"}, nil, `invalid --format "xml"`},
		{[]string{"--format", "json", "--escape-formulas"}, nil, "--escape-formulas applies to csv only"},
		{[]string{"--field", "tier"}, nil, `invalid --field "tier": want name=value`},
		{[]string{"extra"}, nil, `unknown command "extra"`},
	} {
		e := newEnv(t)
		var got *Options
		err := e.Run(NewCmdAccounts(e.f, func(o *Options) error { got = o; return nil }), tc.args...)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%v: err = %v, want %q", tc.args, err, tc.err)
			}
			continue
		}
		if err != nil || got == nil || !tc.check(got) {
			t.Errorf("%v: err %v, options %+v", tc.args, err, got)
		}
	}
}

func seed(t *testing.T, e *testEnv) {
	t.Helper()
	d, err := e.OpenDesk(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Update(context.Background(), func(tx *desk.Tx) error {
		for _, name := range []string{"=Acme", "Beta"} {
			if _, err := tx.CreateAccount(desk.AccountChange{Set: []desk.FieldValue{{Field: "name", Value: name}, {Field: "tags", Value: "vip"}}}); err != nil {
				return err
			}
		}
		_, err := tx.CreateContact(desk.ContactChange{Set: []desk.FieldValue{{Field: "name", Value: "Ann"}, {Field: "account_id", Value: "2"}}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

func TestExportRun(t *testing.T) {
	e := newEnv(t)
	seed(t, e)
	path := filepath.Join(e.dir, "out.csv")
	if err := e.Run(NewCmdAccounts(e.f, nil), "--file", path, "--escape-formulas", "--search", "acme"); err != nil {
		t.Fatal(err)
	}
	if e.out.Len() != 0 || e.eo.String() != "exported 1 accounts to "+path+"\n" {
		t.Errorf("stdout %q, stderr %q", e.out, e.eo)
	}
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), "id,name,domains,") || !strings.Contains(string(data), "\n1,'=Acme,,") {
		t.Errorf("file:\n%s", data)
	}
	// -o jsonl picks the data format when --format is not given.
	e.cfg.Output = output.FormatJSONL
	if err := e.Run(NewCmdLinks(e.f, nil)); err != nil {
		t.Fatal(err)
	}
	if e.out.String() != `{"account":2,"contact":1}`+"\n" {
		t.Errorf("links: %q", e.out)
	}
	e.cfg.Output = output.FormatTable
	if err := e.Run(NewCmdAll(e.f, nil)); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(e.out.String(), `{"type":"deskctl","version":1,"schema":`) || !strings.Contains(e.out.String(), `{"type":"counter","kind":"account","last":2}`) {
		t.Errorf("export all:\n%s", e.out)
	}
	if err := e.Run(NewCmdAll(e.f, nil), "--format", "csv"); !errors.Is(err, cmdutil.ErrUsage) {
		t.Errorf("export all --format csv: %v", err)
	}
	if err := e.Run(NewCmdContacts(e.f, nil), "--account", "nope"); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("unknown account filter: %v", err)
	}
	// A failed export leaves no file behind.
	missing := filepath.Join(e.dir, "never.csv")
	if err := e.Run(NewCmdContacts(e.f, nil), "--account", "nope", "--file", missing); err == nil {
		t.Error("export with an unknown account succeeded")
	}
	if entries, _ := os.ReadDir(e.dir); len(entries) != 2 {
		t.Errorf("files left: %v", entries)
	}
}
