package account

import (
	"errors"
	"reflect"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
)

func TestNewCmdList(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		want    desk.AccountFilter
		wantErr string
	}{
		{name: "defaults", want: desk.AccountFilter{Sort: "id", Limit: cmdutil.DefaultListLimit, Fields: map[string]string{}}},
		{name: "every filter",
			args: []string{"--search", "acme", "--status", "inactive", "--manager", "mia", "--tag", "vip",
				"--field", "tier=gold", "--field", "region=eu=west", "--domain", "acme.com", "--crm-status", "synced",
				"--parent", "1", "--sort", "-name", "--limit", "5", "--after", "3"},
			want: desk.AccountFilter{Search: "acme", Status: "inactive", Manager: "mia", Tag: "vip",
				Fields: map[string]string{"tier": "gold", "region": "eu=west"}, Domain: "acme.com", CRMStatus: "synced",
				Parent: "1", Sort: "-name", Limit: 5, After: 3}},
		{name: "short flags", args: []string{"-s", "acme", "-L", "0"},
			want: desk.AccountFilter{Search: "acme", Sort: "id", Fields: map[string]string{}}},
		{name: "field without =", args: []string{"--field", "tier"}, wantErr: `--field "tier": want key=value`},
		{name: "negative limit", args: []string{"--limit", "-1"}, wantErr: "--limit must be 0 (no limit) or more"},
		{name: "limit not a number", args: []string{"--limit", "ten"},
			wantErr: `invalid argument "ten" for "-L, --limit" flag: strconv.ParseInt: parsing "ten": invalid syntax`},
		{name: "negative after", args: []string{"--after", "-1"},
			wantErr: `invalid argument "-1" for "--after" flag: strconv.ParseUint: parsing "-1": invalid syntax`},
		{name: "positional argument", args: []string{"acme"}, wantErr: `unknown command "acme" for "list"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *ListOptions
			err := cmdtest.Execute(NewCmdList(cmdtest.ParseFactory(t), func(o *ListOptions) error { got = o; return nil }), tc.args...)
			if tc.wantErr != "" {
				if !errors.Is(err, cmdutil.ErrUsage) || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want the usage error %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Filter, tc.want) {
				t.Errorf("filter = %+v\nwant     %+v", got.Filter, tc.want)
			}
		})
	}
}

// listFixture creates four accounts:
//
//	1 Acme Ltd   acme.com    vip, tier=gold, manager mia, crm synced
//	2 Globex     globex.com  inactive
//	3 Initech    initech.com vip, sub-account of 1
//	4 Acme EU    acme.eu
func listFixture(e *testEnv) {
	e.Manager("name", "Mia Wong", "login", "mia")
	e.Account("name", "Acme Ltd", "domains", "acme.com", "tags", "vip", "field.tier", "gold",
		"manager_id", "1", "crm_status", "synced")
	e.Account("name", "Globex", "domains", "globex.com", "status", "inactive")
	e.Account("name", "Initech", "domains", "initech.com", "tags", "vip", "parent_id", "1")
	e.Account("name", "Acme EU", "domains", "acme.eu")
}

func TestListRun(t *testing.T) {
	ids := func(c *cmdutil.Config) { c.Output = output.FormatJSONL; c.JQ = ".id" }
	for _, tc := range []struct {
		name   string
		args   []string
		cfg    func(c *cmdutil.Config)
		empty  bool // no fixture
		stdout string
		stderr string
		errIs  error
		errMsg string
	}{
		{name: "table",
			stdout: "ID   NAME       PRIMARY DOMAIN   STATUS     MANAGER ID   TAGS\n" +
				"1    Acme Ltd   acme.com         active     1            vip\n" +
				"2    Globex     globex.com       inactive\n" +
				"3    Initech    initech.com      active                  vip\n" +
				"4    Acme EU    acme.eu          active\n"},
		{name: "search", args: []string{"--search", "ACME"}, cfg: ids, stdout: "1\n4\n"},
		{name: "search a domain", args: []string{"--search", "globex.c"}, cfg: ids, stdout: "2\n"},
		{name: "status", args: []string{"--status", "inactive"}, cfg: ids, stdout: "2\n"},
		{name: "tag", args: []string{"--tag", "vip"}, cfg: ids, stdout: "1\n3\n"},
		{name: "custom field", args: []string{"--field", "tier=gold"}, cfg: ids, stdout: "1\n"},
		{name: "domain", args: []string{"--domain", "ACME.com"}, cfg: ids, stdout: "1\n"},
		{name: "crm status", args: []string{"--crm-status", "synced"}, cfg: ids, stdout: "1\n"},
		{name: "manager", args: []string{"--manager", "mia"}, cfg: ids, stdout: "1\n"},
		{name: "parent", args: []string{"--parent", "Acme Ltd"}, cfg: ids, stdout: "3\n"},
		{name: "sort by name", args: []string{"--sort", "name"}, cfg: ids, stdout: "4\n1\n2\n3\n"},
		{name: "sort by name reversed", args: []string{"--sort", "-name"}, cfg: ids, stdout: "3\n2\n1\n4\n"},
		{name: "sort by id reversed", args: []string{"--sort", "-id"}, cfg: ids, stdout: "4\n3\n2\n1\n"},
		{name: "limit", args: []string{"--limit", "2"}, cfg: ids, stdout: "1\n2\n"},
		{name: "after", args: []string{"--after", "2"}, cfg: ids, stdout: "3\n4\n"},
		{name: "page by name", args: []string{"--sort", "name", "--after", "1", "--limit", "1"}, cfg: ids, stdout: "2\n"},
		{name: "filters combine", args: []string{"--tag", "vip", "--status", "active", "--search", "init"}, cfg: ids, stdout: "3\n"},
		{name: "config columns",
			cfg:    func(c *cmdutil.Config) { c.Columns = map[string][]string{"account": {"id", "name"}}; c.NoHeader = true },
			args:   []string{"--limit", "1"},
			stdout: "1   Acme Ltd\n"},
		{name: "--fields beats config columns",
			cfg: func(c *cmdutil.Config) {
				c.Columns = map[string][]string{"account": {"id", "name"}}
				c.Fields = []string{"name", "fields.tier"}
				c.Output = output.FormatCSV
			},
			args:   []string{"--limit", "1"},
			stdout: "name,fields.tier\nAcme Ltd,gold\n"},
		{name: "no match", args: []string{"--search", "nothing"}, stderr: "no accounts found\n"},
		{name: "no match in json", args: []string{"--search", "nothing"},
			cfg: func(c *cmdutil.Config) { c.Output = output.FormatJSON }, stdout: "[]\n"},
		{name: "bad status", args: []string{"--status", "maybe"}, errIs: desk.ErrInvalid,
			errMsg: `status: "maybe" is not one of active, inactive`},
		{name: "bad sort", args: []string{"--sort", "phone"}, errIs: desk.ErrInvalid,
			errMsg: `sort: "phone" is not one of id, name, created_at, updated_at`},
		{name: "unknown manager", args: []string{"--manager", "nobody"}, errIs: desk.ErrNotFound,
			errMsg: `manager "nobody" not found`},
		{name: "bad --fields on an empty store", empty: true,
			cfg: func(c *cmdutil.Config) { c.Fields = []string{"nme"} }, errIs: output.ErrUnknownField},
		{name: "bad config columns", empty: true,
			cfg: func(c *cmdutil.Config) { c.Columns = map[string][]string{"account": {"id", "nme"}} }, errIs: output.ErrUnknownField},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			if !tc.empty {
				listFixture(e)
			}
			if tc.cfg != nil {
				tc.cfg(e.cfg)
			}
			before := e.StoreBytes()
			err := e.Run(NewCmdList(e.f, nil), tc.args...)
			assertResult(t, e, err, tc.errIs, tc.errMsg, tc.stdout, tc.stderr)
			if string(e.StoreBytes()) != string(before) {
				t.Error("list changed the store")
			}
		})
	}
}

// TestListTerminalSafety: table cells escape what a terminal would
// interpret; json keeps the data exact.
func TestListTerminalSafety(t *testing.T) {
	e := newEnv(t)
	e.Account("name", "Acme \u202eLtd", "description", "line one\nline\ttwo")
	e.cfg.Fields = []string{"name", "description"}
	if err := e.Run(NewCmdList(e.f, nil)); err != nil {
		t.Fatal(err)
	}
	want := "NAME             DESCRIPTION\n" + `Acme \u202eLtd   line one\nline\ttwo` + "\n"
	if e.out.String() != want {
		t.Errorf("table:\n%q\nwant\n%q", e.out.String(), want)
	}
	e.cfg.Output = output.FormatJSONL
	if err := e.Run(NewCmdList(e.f, nil)); err != nil {
		t.Fatal(err)
	}
	if want := `{"name":"Acme ` + "\u202e" + `Ltd","description":"line one\nline\ttwo"}` + "\n"; e.out.String() != want {
		t.Errorf("jsonl:\n%q\nwant\n%q", e.out.String(), want)
	}
}

// TestListEscapesRestoredControlCharacters: the domain rejects control
// characters in names, but a restored dump is stored as it was (Restore
// does not re-validate fields), so a name can still hold an escape
// sequence. The table shows it escaped; json keeps it exact.
func TestListEscapesRestoredControlCharacters(t *testing.T) {
	e := newEnv(t)
	e.Update(func(tx *desk.Tx) error {
		return tx.Restore("account", []byte(`{"id":1,"name":"Evil\u001b[31m","status":"active","domains":[],"tags":[],"fields":{},`+
			`"crm_status":"unmapped","version":1,"created_at":"2026-11-24T12:00:00Z","updated_at":"2026-11-24T12:00:00Z"}`))
	})
	e.cfg.Fields = []string{"id", "name"}
	if err := e.Run(NewCmdList(e.f, nil)); err != nil {
		t.Fatal(err)
	}
	if want := "ID   NAME\n1    Evil\\x1b[31m\n"; e.out.String() != want {
		t.Errorf("table:\n%q\nwant\n%q", e.out.String(), want)
	}
	if err := e.Run(NewCmdShow(e.f, nil), "1"); err != nil {
		t.Fatal(err)
	}
	if want := "id     1\nname   Evil\\x1b[31m\n"; e.out.String() != want {
		t.Errorf("show:\n%q\nwant\n%q", e.out.String(), want)
	}
	e.cfg.Output = output.FormatJSONL
	if err := e.Run(NewCmdList(e.f, nil)); err != nil {
		t.Fatal(err)
	}
	if want := `{"id":1,"name":"Evil\u001b[31m"}` + "\n"; e.out.String() != want {
		t.Errorf("jsonl:\n%q\nwant\n%q", e.out.String(), want)
	}
}
