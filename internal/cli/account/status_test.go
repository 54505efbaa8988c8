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

func TestNewCmdStatus(t *testing.T) {
	for _, tc := range []struct {
		verb    string
		args    []string
		want    StatusOptions
		wantErr string
	}{
		{verb: "deactivate", args: []string{"1", "@globex.com"}, want: StatusOptions{Refs: []string{"1", "@globex.com"}, Status: "inactive"}},
		{verb: "activate", args: []string{"1", "--dry-run"}, want: StatusOptions{Refs: []string{"1"}, Status: "active", DryRun: true}},
		{verb: "activate", args: nil, wantErr: "at least one account is required"},
		{verb: "deactivate", args: []string{"1", "--yes"}, wantErr: "unknown flag: --yes"},
	} {
		var got *StatusOptions
		err := cmdtest.Execute(NewCmdStatus(cmdtest.ParseFactory(t), tc.verb, func(o *StatusOptions) error { got = o; return nil }), tc.args...)
		if tc.wantErr != "" {
			if !errors.Is(err, cmdutil.ErrUsage) || err.Error() != tc.wantErr {
				t.Errorf("%s %q: err = %v, want the usage error %q", tc.verb, tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s %q: %v", tc.verb, tc.args, err)
		}
		got.Factory, got.verb = nil, ""
		if !reflect.DeepEqual(*got, tc.want) {
			t.Errorf("%s %q: options = %+v, want %+v", tc.verb, tc.args, *got, tc.want)
		}
	}
}

func TestStatusRun(t *testing.T) {
	statuses := func(e *testEnv) string {
		s := ""
		for _, ref := range []string{"1", "2", "3", "4"} {
			s += e.get(ref).Status[:1]
		}
		return s
	}
	for _, tc := range []struct {
		name      string
		verb      string
		args      []string
		setup     func(e *testEnv)
		stdout    string
		stderr    string
		errIs     error
		errMsg    string
		statuses  string // first letter of accounts 1..4's status afterwards
		unchanged bool
	}{
		{name: "deactivate cascades to sub-accounts", verb: "deactivate", args: []string{"Acme Ltd"},
			stdout: "1,inactive\n", stderr: "deactivated account 1 (Acme Ltd)\n", statuses: "iiia"},
		{name: "activate does not cascade", verb: "activate", args: []string{"1"},
			setup: func(e *testEnv) {
				e.Update(func(tx *desk.Tx) error { _, err := tx.SetAccountStatus("1", "inactive"); return err })
			},
			stdout: "1,active\n", stderr: "activated account 1 (Acme Ltd)\n", statuses: "aiia"},
		{name: "several accounts", verb: "deactivate", args: []string{"3", "@globex.com"},
			stdout: "3,inactive\n4,inactive\n", stderr: "deactivated account 3 (Acme FR)\ndeactivated account 4 (Globex)\n",
			statuses: "aaii"},
		{name: "all or nothing", verb: "deactivate", args: []string{"4", "99"}, errIs: desk.ErrNotFound,
			errMsg: "account 99 not found", statuses: "aaaa", unchanged: true},
		{name: "dry run", verb: "deactivate", args: []string{"1", "--dry-run"}, stdout: "1,inactive\n",
			stderr:   "dry run: would have deactivated account 1 (Acme Ltd); nothing was written\n",
			statuses: "aaaa", unchanged: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.Account("name", "Acme Ltd")
			e.Account("name", "Acme EU", "parent_id", "1")
			e.Account("name", "Acme FR", "parent_id", "2")
			e.Account("name", "Globex", "domains", "globex.com")
			if tc.setup != nil {
				tc.setup(e)
			}
			e.cfg.Output, e.cfg.Fields, e.cfg.NoHeader = output.FormatCSV, []string{"id", "status"}, true
			before := e.StoreBytes()
			err := e.Run(NewCmdStatus(e.f, tc.verb, nil), tc.args...)
			assertResult(t, e, err, tc.errIs, tc.errMsg, tc.stdout, tc.stderr)
			if got := statuses(e); got != tc.statuses {
				t.Errorf("statuses = %s, want %s", got, tc.statuses)
			}
			if tc.unchanged && string(e.StoreBytes()) != string(before) {
				t.Error("the store changed")
			}
		})
	}
}

// TestStatusBadFields: a bad --fields is a usage error before anything is
// written (it used to be swallowed: exit 0, no output, status changed).
func TestStatusBadFields(t *testing.T) {
	e := newEnv(t)
	e.Account("name", "Acme Ltd")
	e.cfg.Fields = []string{"stat"}
	before := e.StoreBytes()
	err := e.Run(NewCmdStatus(e.f, "deactivate", nil), "1")
	if !errors.Is(err, output.ErrUnknownField) {
		t.Errorf("err = %v, want ErrUnknownField", err)
	}
	if string(e.StoreBytes()) != string(before) {
		t.Error("the store changed")
	}
}
