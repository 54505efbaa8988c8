package account

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
		ref     string
		wantErr string
	}{
		{args: []string{"1"}, ref: "1"},
		{args: []string{"@acme.com"}, ref: "@acme.com"},
		{args: []string{"ext:CRM-1"}, ref: "ext:CRM-1"},
		{args: []string{"Acme Ltd"}, ref: "Acme Ltd"},
		{args: nil, wantErr: "an account is required: an id, a name, @domain or ext:ID"},
		{args: []string{"1", "2"}, wantErr: `too many arguments: ["2"] (want 1)`},
		{args: []string{"1", "--dry-run"}, wantErr: "unknown flag: --dry-run"},
	} {
		var got *ShowOptions
		err := cmdtest.Execute(NewCmdShow(cmdtest.ParseFactory(t), func(o *ShowOptions) error { got = o; return nil }), tc.args...)
		if tc.wantErr != "" {
			if !errors.Is(err, cmdutil.ErrUsage) || err.Error() != tc.wantErr {
				t.Errorf("%q: err = %v, want the usage error %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got.Ref != tc.ref {
			t.Errorf("%q: err = %v, ref = %q", tc.args, err, got.Ref)
		}
	}
}

func showFixture(e *testEnv) {
	e.Account("name", "Acme Ltd", "domains", "acme.com;acme.io", "external_id", "CRM-1", "tags", "vip")
	e.Contact("name", "Ann", "email", "ann@acme.com")
	e.Contact("name", "Bob", "email", "bob@acme.io")
	e.Ticket("ann@acme.com", "Cannot log in")
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
		{name: "details page", args: []string{"@ACME.io"},
			stdout: `id               1
name             Acme Ltd
primary_domain   acme.com
status           active
manager_id
tags             vip
domains          acme.com;acme.io
external_id      CRM-1
parent_id
email
phone
website
crm_id
crm_status       unmapped
contact_count    2
ticket_count     1
created_at       2026-11-24T12:00:00Z
updated_at       2026-11-24T12:00:00Z
version          1

CONTACTS (2)
ID   NAME   EMAIL          ACCOUNT ID   TITLE   PHONE
1    Ann    ann@acme.com   1
2    Bob    bob@acme.io    1

TICKETS (1)
ID   SUBJECT         STATUS   PRIORITY   CONTACT ID   ACCOUNT ID
1    Cannot log in   open     normal     1            1
`},
		{name: "by external id, nested json", args: []string{"ext:CRM-1"},
			cfg: func(c *cmdutil.Config) {
				c.Output = output.FormatJSON
				c.JQ = "[.contact_count, .ticket_count, .contacts[].email, .tickets[0].account_id]"
			},
			stdout: `[2,1,"ann@acme.com","bob@acme.io",1]` + "\n"},
		{name: "by name, --fields drops the lists", args: []string{"  acme   LTD "},
			cfg:    func(c *cmdutil.Config) { c.Fields = []string{"id", "contact_count"} },
			stdout: "id              1\ncontact_count   2\n"},
		{name: "not found", args: []string{"@nowhere.example"}, errIs: desk.ErrNotFound,
			errMsg: `account "@nowhere.example" not found`},
		{name: "no such id", args: []string{"99"}, errIs: desk.ErrNotFound, errMsg: "account 99 not found"},
		{name: "bad --fields", args: []string{"1"}, cfg: func(c *cmdutil.Config) { c.Fields = []string{"contacts_count"} },
			errIs: output.ErrUnknownField},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			showFixture(e)
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
