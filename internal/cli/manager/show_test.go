package manager

import (
	"errors"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
)

func TestNewCmdShow(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		wantErr string
	}{
		{args: []string{"mia"}},
		{args: []string{"emp:E-1"}},
		{args: nil, wantErr: "a manager is required: an id, an email, emp:EMPLOYEE_ID or a login"},
		{args: []string{"mia", "raj"}, wantErr: `too many arguments: ["raj"] (want 1)`},
	} {
		var got *ShowOptions
		err := cmdtest.Execute(NewCmdShow(cmdtest.ParseFactory(t), func(o *ShowOptions) error { got = o; return nil }), tc.args...)
		if tc.wantErr != "" {
			if !errors.Is(err, cmdutil.ErrUsage) || err.Error() != tc.wantErr {
				t.Errorf("%q: err = %v, want the usage error %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got.Ref != tc.args[0] {
			t.Errorf("%q: err = %v, options = %+v", tc.args, err, got)
		}
	}
}

func TestShowRun(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		cfg    func(c *cmdutil.Config)
		stdout string
		errIs  error
		errMsg string
	}{
		{name: "table lists the managed accounts", args: []string{"mia"},
			stdout: `id              1
name            Mia Wong
email           mia@example.com
login           mia
employee_id     E-1
phone
mobile
account_count   2
created_at      2026-11-24T12:00:00Z
updated_at      2026-11-24T12:00:00Z
version         1

ACCOUNTS (2)
ID   NAME       PRIMARY DOMAIN   STATUS   MANAGER ID   TAGS
1    Acme Ltd   acme.com         active   1            vip
3    Initech                     active   1
`},
		{name: "account columns from the config", args: []string{"MIA@example.com"},
			cfg: func(c *cmdutil.Config) {
				c.Columns = map[string][]string{"account": {"id", "name"}, "manager_details": {"name", "account_count"}}
			},
			stdout: "name            Mia Wong\naccount_count   2\n\nACCOUNTS (2)\nID   NAME\n1    Acme Ltd\n3    Initech\n"},
		{name: "no accounts", args: []string{"emp:E-2"}, cfg: func(c *cmdutil.Config) { c.Fields = []string{"id", "account_count"} },
			stdout: "id              2\naccount_count   0\n"},
		{name: "no accounts, table", args: []string{"2"},
			cfg:    func(c *cmdutil.Config) { c.Columns = map[string][]string{"manager_details": {"id"}} },
			stdout: "id   2\n\nACCOUNTS (0)\n"},
		{name: "json nests the accounts", args: []string{"1"},
			cfg: func(c *cmdutil.Config) {
				c.Output = output.FormatJSON
				c.JQ = "[.account_count, .accounts[].primary_domain]"
			},
			stdout: `[2,"acme.com",""]` + "\n"},
		{name: "not found", args: []string{"nobody"}, errIs: desk.ErrNotFound, errMsg: `manager "nobody" not found`},
		{name: "bad config columns", args: []string{"1"},
			cfg:   func(c *cmdutil.Config) { c.Columns = map[string][]string{"account": {"id", "nme"}} },
			errIs: output.ErrUnknownField},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.Manager("name", "Mia Wong", "email", "mia@example.com", "login", "mia", "employee_id", "E-1")
			e.Manager("name", "Raj Patel", "employee_id", "E-2")
			e.Account("name", "Acme Ltd", "domains", "acme.com", "tags", "vip", "manager_id", "1")
			e.Account("name", "Globex", "manager_id", "2")
			e.Update(func(tx *desk.Tx) error {
				_, err := tx.EditAccount("2", desk.AccountChange{Set: cmdtest.FieldValues("manager_id", "")})
				return err
			})
			e.Account("name", "Initech", "manager_id", "1")
			if tc.cfg != nil {
				tc.cfg(e.cfg)
			}
			before := e.StoreBytes()
			err := e.Run(NewCmdShow(e.f, nil), tc.args...)
			assertResult(t, e, err, tc.errIs, tc.errMsg, tc.stdout, "")
			if string(e.StoreBytes()) != string(before) {
				t.Error("show changed the store")
			}
		})
	}
}
