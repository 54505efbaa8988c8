package manager

import (
	"errors"
	"reflect"
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
		set     []desk.FieldValue
		want    EditOptions
		wantErr string
	}{
		{name: "fields", args: []string{"mia", "--email", "m@example.com", "--phone", "", "--unset", "mobile", "--if-version", "2", "--dry-run"},
			set:  cmdtest.FieldValues("email", "m@example.com", "phone", ""),
			want: EditOptions{Ref: "mia", Unset: []string{"mobile"}, IfVersion: 2, DryRun: true}},
		{name: "if-version alone", args: []string{"1", "--if-version", "3"}, want: EditOptions{Ref: "1", IfVersion: 3}},
		{name: "nothing to change", args: []string{"1"}, wantErr: "nothing to change: give at least one field flag"},
		{name: "dry run alone", args: []string{"1", "--dry-run"}, wantErr: "nothing to change: give at least one field flag"},
		{name: "no manager", args: []string{"--phone", "1"}, wantErr: "a manager is required: an id, an email, emp:EMPLOYEE_ID or a login"},
		{name: "bad version", args: []string{"1", "--if-version", "v2"},
			wantErr: `invalid argument "v2" for "--if-version" flag: strconv.ParseInt: parsing "v2": invalid syntax`},
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
			if set := got.Fields.Changes(); !reflect.DeepEqual(set, tc.set) {
				t.Errorf("changes = %v, want %v", set, tc.set)
			}
			got.Factory, got.Fields = nil, cmdutil.FieldFlags{}
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("options = %+v\nwant      %+v", *got, tc.want)
			}
		})
	}
}

// TestEditIgnoresGlobalFlags: -o is not a change.
func TestEditIgnoresGlobalFlags(t *testing.T) {
	root := &cobra.Command{Use: "deskctl"}
	root.PersistentFlags().StringP("output", "o", "table", "")
	called := false
	root.AddCommand(NewCmdEdit(cmdtest.ParseFactory(t), func(*EditOptions) error { called = true; return nil }))
	if err := cmdtest.Execute(root, "edit", "1", "-o", "json"); !errors.Is(err, cmdutil.ErrUsage) || called {
		t.Errorf("edit 1 -o json: err = %v, runF called = %v", err, called)
	}
}

func TestEditRun(t *testing.T) {
	for _, tc := range []struct {
		name      string
		args      []string
		cfg       func(c *cmdutil.Config)
		stdout    string
		stderr    string
		errIs     error
		errMsg    string
		unchanged bool
	}{
		{name: "edit", args: []string{"mia", "--email", "mia.wong@example.com", "--mobile", "+44 7700 900000"},
			cfg:    func(c *cmdutil.Config) { c.Fields = []string{"email", "mobile", "version"} },
			stdout: "email     mia.wong@example.com\nmobile    +44 7700 900000\nversion   2\n",
			stderr: "updated manager 1 (Mia Wong), now at version 2\n"},
		{name: "clear with an empty value and --unset", args: []string{"emp:E-1", "--phone", "", "--unset", "login"},
			cfg:    func(c *cmdutil.Config) { c.Output = output.FormatJSONL; c.Fields = []string{"phone", "login"} },
			stdout: `{"phone":"","login":""}` + "\n",
			stderr: "updated manager 1 (Mia Wong), now at version 2\n"},
		{name: "stale version", args: []string{"1", "--phone", "1", "--if-version", "4"}, errIs: desk.ErrConflict,
			errMsg: "manager 1 is at version 1, not 4: it changed since you read it", unchanged: true},
		{name: "current version alone", args: []string{"1", "--if-version", "1"},
			cfg:    func(c *cmdutil.Config) { c.Fields = []string{"version"} },
			stdout: "version   1\n", stderr: "left manager 1 (Mia Wong) unchanged at version 1\n"},
		{name: "login taken", args: []string{"1", "--login", "Raj"}, errIs: desk.ErrConflict,
			errMsg: `login "raj" is already used by manager 2`, unchanged: true},
		{name: "the name is required", args: []string{"1", "--unset", "name"}, errIs: desk.ErrInvalid,
			errMsg: "name: is required", unchanged: true},
		{name: "not a manager field", args: []string{"1", "--unset", "password"}, errIs: desk.ErrInvalid,
			errMsg: "password: is not a manager field (fields: name, email, employee_id, login, phone, mobile)", unchanged: true},
		{name: "dry run", args: []string{"1", "--name", "Mia Wong-Li", "--dry-run"},
			cfg:    func(c *cmdutil.Config) { c.Fields = []string{"name", "version"} },
			stdout: "name      Mia Wong-Li\nversion   2\n",
			stderr: "dry run: would have updated manager 1 (Mia Wong-Li), now at version 2; nothing was written\n", unchanged: true},
		{name: "not found", args: []string{"nobody@example.com", "--phone", "1"}, errIs: desk.ErrNotFound,
			errMsg: `manager "nobody@example.com" not found`, unchanged: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.Manager("name", "Mia Wong", "email", "mia@example.com", "login", "mia", "employee_id", "E-1", "phone", "+44 20")
			e.Manager("name", "Raj Patel", "login", "raj")
			if tc.cfg != nil {
				tc.cfg(e.cfg)
			}
			before := e.StoreBytes()
			err := e.Run(NewCmdEdit(e.f, nil), tc.args...)
			assertResult(t, e, err, tc.errIs, tc.errMsg, tc.stdout, tc.stderr)
			if tc.unchanged && string(e.StoreBytes()) != string(before) {
				t.Error("the store changed")
			}
		})
	}
}
