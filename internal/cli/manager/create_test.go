package manager

import (
	"errors"
	"reflect"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
)

func TestNewCmdCreate(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		set     []desk.FieldValue
		dryRun  bool
		wantErr string
	}{
		{name: "every field",
			args: []string{"--mobile", "+44 7700", "--name", "Mia Wong", "--email", "mia@example.com", "--employee-id", "E-1",
				"--login", "mia", "--phone", "+44 20", "--dry-run"},
			set: cmdtest.FieldValues("name", "Mia Wong", "email", "mia@example.com", "employee_id", "E-1", "login", "mia",
				"phone", "+44 20", "mobile", "+44 7700"),
			dryRun: true},
		{name: "name only", args: []string{"--name", "Raj"}, set: cmdtest.FieldValues("name", "Raj")},
		{name: "no name", args: []string{"--email", "raj@example.com"}, wantErr: "--name is required"},
		{name: "positional argument", args: []string{"Raj"}, wantErr: `unknown command "Raj" for "create"`},
		{name: "no passwords", args: []string{"--name", "Raj", "--password", "x"}, wantErr: "unknown flag: --password"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *CreateOptions
			err := cmdtest.Execute(NewCmdCreate(cmdtest.ParseFactory(t), func(o *CreateOptions) error { got = o; return nil }), tc.args...)
			if tc.wantErr != "" {
				if !errors.Is(err, cmdutil.ErrUsage) || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want the usage error %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if set := got.Fields.Changes(); !reflect.DeepEqual(set, tc.set) || got.DryRun != tc.dryRun {
				t.Errorf("changes = %v, dry run %v; want %v, %v", set, got.DryRun, tc.set, tc.dryRun)
			}
		})
	}
}

func TestCreateRun(t *testing.T) {
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
		{name: "table", args: []string{"--name", " Mia  Wong ", "--email", "Mia@EXAMPLE.com", "--login", "mia", "--employee-id", "E-1"},
			stdout: "id            2\nname          Mia Wong\nemail         Mia@example.com\nlogin         mia\nemployee_id   E-1\n",
			stderr: "created manager 2 (Mia Wong)\n"},
		{name: "json", args: []string{"--name", "Mia Wong", "--phone", "+44 20 7946 0000"},
			cfg: func(c *cmdutil.Config) { c.Output = output.FormatJSON },
			stdout: `{
  "id": 2,
  "name": "Mia Wong",
  "email": "",
  "employee_id": "",
  "login": "",
  "phone": "+44 20 7946 0000",
  "mobile": "",
  "created_at": "2026-11-24T12:00:00Z",
  "updated_at": "2026-11-24T12:00:00Z",
  "version": 1
}
`,
			stderr: "created manager 2 (Mia Wong)\n"},
		{name: "email taken, ignoring case", args: []string{"--name", "Mia", "--email", "RAJ@example.com"}, errIs: desk.ErrConflict,
			errMsg: "email is already used by manager 1", unchanged: true},
		{name: "login taken", args: []string{"--name", "Mia", "--login", "RAJ"}, errIs: desk.ErrConflict,
			errMsg: `login "raj" is already used by manager 1`, unchanged: true},
		{name: "employee id taken", args: []string{"--name", "Mia", "--employee-id", "E-7"}, errIs: desk.ErrConflict,
			errMsg: `employee id "E-7" is already used by manager 1`, unchanged: true},
		{name: "empty name", args: []string{"--name", " "}, errIs: desk.ErrInvalid, errMsg: "name: is required", unchanged: true},
		{name: "bad email", args: []string{"--name", "Mia", "--email", "mia@"}, errIs: desk.ErrInvalid,
			errMsg: `email: "mia@" is not a valid email address`, unchanged: true},
		{name: "bad login", args: []string{"--name", "Mia", "--login", "mia@example.com"}, errIs: desk.ErrInvalid,
			errMsg: `login: "mia@example.com" may not contain spaces or '@'`, unchanged: true},
		{name: "dry run", args: []string{"--name", "Mia", "--dry-run"},
			cfg:    func(c *cmdutil.Config) { c.Output = output.FormatJSONL; c.Fields = []string{"id", "name"} },
			stdout: `{"id":2,"name":"Mia"}` + "\n",
			stderr: "dry run: would have created manager 2 (Mia); nothing was written\n", unchanged: true},
		{name: "bad --fields writes nothing", args: []string{"--name", "Mia"},
			cfg: func(c *cmdutil.Config) { c.Fields = []string{"username"} }, errIs: output.ErrUnknownField, unchanged: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.Manager("name", "Raj Patel", "email", "raj@example.com", "login", "raj", "employee_id", "E-7")
			if tc.cfg != nil {
				tc.cfg(e.cfg)
			}
			before := e.StoreBytes()
			err := e.Run(NewCmdCreate(e.f, nil), tc.args...)
			assertResult(t, e, err, tc.errIs, tc.errMsg, tc.stdout, tc.stderr)
			if tc.unchanged && string(e.StoreBytes()) != string(before) {
				t.Error("the store changed")
			}
		})
	}
}
