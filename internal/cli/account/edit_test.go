package account

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
)

func TestNewCmdEdit(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		want    EditOptions // Ref and the list flags; Fields via given
		given   []string
		wantErr string
	}{
		{name: "every flag family",
			args: []string{"@acme.com", "--name", "Acme", "--domains", "a.com;b.com", "--add-domain", "c.com",
				"--remove-domain", "d.com", "--add-tag", "gold", "--remove-tag", "vip", "--unset", "phone",
				"--unset", "field.tier", "--field", "region=eu", "--manager", "", "--if-version", "3", "--dry-run"},
			want: EditOptions{Ref: "@acme.com", AddDomains: []string{"c.com"}, RemoveDomains: []string{"d.com"},
				AddTags: []string{"gold"}, RemoveTags: []string{"vip"}, Unset: []string{"phone", "field.tier"},
				IfVersion: 3, DryRun: true},
			given: []string{"name=Acme", "domains=a.com;b.com", "field.region=eu", "manager="}},
		{name: "if-version alone checks the version", args: []string{"1", "--if-version", "7"},
			want: EditOptions{Ref: "1", IfVersion: 7}},
		{name: "nothing to change", args: []string{"1"}, wantErr: "nothing to change: give at least one field flag"},
		{name: "dry run alone", args: []string{"1", "--dry-run"}, wantErr: "nothing to change: give at least one field flag"},
		{name: "no account", args: []string{"--phone", "1"}, wantErr: "an account is required: an id, a name, @domain or ext:ID"},
		{name: "bad version", args: []string{"1", "--if-version", "seven"},
			wantErr: `invalid argument "seven" for "--if-version" flag: strconv.ParseInt: parsing "seven": invalid syntax`},
		{name: "field without =", args: []string{"1", "--field", "tier"}, wantErr: `--field "tier": want key=value`},
		{name: "create's --tag", args: []string{"1", "--tag", "vip"}, wantErr: "unknown flag: --tag"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *EditOptions
			err := cmdtest.Execute(NewCmdEdit(cmdtest.ParseFactory(t), func(o *EditOptions) error { got = o; return nil }), tc.args...)
			if tc.wantErr != "" {
				if !errors.Is(err, cmdutil.ErrUsage) || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want the usage error %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g := given(&got.Fields); !reflect.DeepEqual(g, tc.given) {
				t.Errorf("fields = %q, want %q", g, tc.given)
			}
			got.Factory, got.Fields = nil, fieldFlags{}
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("options = %+v\nwant      %+v", *got, tc.want)
			}
		})
	}
}

// TestEditIgnoresGlobalFlags: -o and the other global flags are not
// changes, so `account edit 1 -o json` is a usage error, not a no-op.
func TestEditIgnoresGlobalFlags(t *testing.T) {
	root := &cobra.Command{Use: "deskctl"}
	root.PersistentFlags().StringP("output", "o", "table", "")
	called := false
	root.AddCommand(NewCmdEdit(cmdtest.ParseFactory(t), func(*EditOptions) error { called = true; return nil }))
	err := cmdtest.Execute(root, "edit", "1", "-o", "json")
	if !errors.Is(err, cmdutil.ErrUsage) || called {
		t.Errorf("edit 1 -o json: err = %v, runF called = %v", err, called)
	}
}

func TestEditRun(t *testing.T) {
	for _, tc := range []struct {
		name      string
		setup     func(e *testEnv)
		args      []string
		cfg       func(c *cmdutil.Config)
		stdout    string
		stderr    string
		errIs     error
		errMsg    string
		unchanged bool
		after     func(t *testing.T, e *testEnv)
	}{
		{name: "fields, domains, tags",
			args: []string{"Acme Ltd", "--phone", "+1 555 0100", "--add-domain", "ACME.io", "--add-tag", "gold",
				"--remove-tag", "vip", "--field", "tier=gold"},
			cfg:    func(c *cmdutil.Config) { c.Fields = []string{"domains", "tags", "phone", "fields", "version"} },
			stdout: "domains   acme.com;acme.io\ntags      gold\nphone     +1 555 0100\nfields    tier=gold\nversion   2\n",
			stderr: "updated account 1 (Acme Ltd), now at version 2\n"},
		{name: "replace domains", args: []string{"1", "--domains", "acme.io; acme.com"},
			cfg: func(c *cmdutil.Config) {
				c.Output = output.FormatJSONL
				c.Fields = []string{"domains", "primary_domain"}
			},
			stdout: `{"domains":["acme.io","acme.com"],"primary_domain":"acme.io"}` + "\n",
			stderr: "updated account 1 (Acme Ltd), now at version 2\n"},
		{name: "unset", setup: func(e *testEnv) {
			e.Update(func(tx *desk.Tx) error {
				_, err := tx.EditAccount("1", desk.AccountChange{Set: cmdtest.FieldValues("phone", "1", "field.tier", "gold")})
				return err
			})
		},
			args: []string{"1", "--unset", "phone", "--unset", "field.tier"},
			cfg: func(c *cmdutil.Config) {
				c.Output = output.FormatCSV
				c.Fields = []string{"phone", "fields", "version"}
			},
			stdout: "phone,fields,version\n,,3\n",
			stderr: "updated account 1 (Acme Ltd), now at version 3\n"},
		{name: "stale version", args: []string{"1", "--if-version", "7", "--phone", "1"}, errIs: desk.ErrConflict,
			errMsg: "account 1 is at version 1, not 7: it changed since you read it", unchanged: true},
		{name: "stale version alone", args: []string{"1", "--if-version", "7"}, errIs: desk.ErrConflict,
			errMsg: "account 1 is at version 1, not 7: it changed since you read it", unchanged: true},
		{name: "current version alone", args: []string{"1", "--if-version", "1"},
			cfg:    func(c *cmdutil.Config) { c.Fields = []string{"version"} },
			stdout: "version   1\n", stderr: "left account 1 (Acme Ltd) unchanged at version 1\n"},
		{name: "current version", args: []string{"1", "--if-version", "1", "--status", "INACTIVE"},
			cfg:    func(c *cmdutil.Config) { c.Fields = []string{"status", "version"} },
			stdout: "status    inactive\nversion   2\n", stderr: "updated account 1 (Acme Ltd), now at version 2\n"},
		{name: "deactivation cascades", setup: func(e *testEnv) {
			e.Account("name", "Acme EU", "parent_id", "1")
			e.Account("name", "Acme FR", "parent_id", "2")
		},
			args: []string{"1", "--status", "inactive"}, cfg: func(c *cmdutil.Config) { c.Fields = []string{"status"} },
			stdout: "status   inactive\n", stderr: "updated account 1 (Acme Ltd), now at version 2\n",
			after: func(t *testing.T, e *testEnv) {
				if s := e.get("Acme FR").Status; s != "inactive" {
					t.Errorf("grandchild status = %s", s)
				}
			}},
		{name: "parent cycle", setup: func(e *testEnv) { e.Account("name", "Acme EU", "parent_id", "1") },
			args: []string{"1", "--parent", "Acme EU"}, errIs: desk.ErrConflict,
			errMsg: "account 1 cannot be its own ancestor: parent 2 would make a cycle", unchanged: true},
		{name: "own parent", args: []string{"1", "--parent", "1"}, errIs: desk.ErrConflict,
			errMsg: "account 1 cannot be its own ancestor: parent 1 would make a cycle", unchanged: true},
		{name: "clear parent and manager", setup: func(e *testEnv) {
			e.Manager("name", "Mia", "login", "mia")
			e.Account("name", "Acme EU", "parent_id", "1", "manager_id", "1")
		},
			args:   []string{"2", "--parent", "", "--manager", ""},
			cfg:    func(c *cmdutil.Config) { c.Output = output.FormatJSONL; c.Fields = []string{"parent_id", "manager_id"} },
			stdout: `{"parent_id":null,"manager_id":null}` + "\n",
			stderr: "updated account 2 (Acme EU), now at version 2\n"},
		{name: "name clash", setup: func(e *testEnv) { e.Account("name", "Globex") },
			args: []string{"1", "--name", "GLOBEX"}, errIs: desk.ErrConflict,
			errMsg: `account name "globex" is already taken by account 2 (names ignore case and spacing)`, unchanged: true},
		{name: "name too long", args: []string{"1", "--name", strings.Repeat("a", 300)}, errIs: desk.ErrInvalid,
			errMsg: "name: is 300 characters long, the limit is 200", unchanged: true},
		{name: "remove a missing domain", args: []string{"1", "--remove-domain", "nope.com"}, errIs: desk.ErrInvalid,
			errMsg: "domains: account 1 has no domain nope.com", unchanged: true},
		{name: "unset an unknown field", args: []string{"1", "--unset", "colour"}, errIs: desk.ErrInvalid, unchanged: true},
		{name: "dry run", args: []string{"1", "--name", "Acme Group", "--dry-run"},
			cfg:       func(c *cmdutil.Config) { c.Fields = []string{"name", "version"} },
			stdout:    "name      Acme Group\nversion   2\n",
			stderr:    "dry run: would have updated account 1 (Acme Group), now at version 2; nothing was written\n",
			unchanged: true},
		{name: "not found", args: []string{"ext:NOPE", "--phone", "1"}, errIs: desk.ErrNotFound,
			errMsg: `account "ext:NOPE" not found`, unchanged: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.Account("name", "Acme Ltd", "domains", "acme.com", "tags", "vip")
			if tc.setup != nil {
				tc.setup(e)
			}
			if tc.cfg != nil {
				tc.cfg(e.cfg)
			}
			before := e.StoreBytes()
			err := e.Run(NewCmdEdit(e.f, nil), tc.args...)
			assertResult(t, e, err, tc.errIs, tc.errMsg, tc.stdout, tc.stderr)
			if tc.unchanged && string(e.StoreBytes()) != string(before) {
				t.Error("the store changed")
			}
			if tc.after != nil {
				tc.after(t, e)
			}
		})
	}
}
