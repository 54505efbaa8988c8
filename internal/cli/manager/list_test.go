package manager

import (
	"errors"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/output"
)

func TestNewCmdList(t *testing.T) {
	for _, tc := range []struct {
		args         []string
		after, limit int
		wantErr      string
	}{
		{args: nil, limit: cmdutil.DefaultListLimit},
		{args: []string{"--after", "3", "-L", "2"}, after: 3, limit: 2},
		{args: []string{"--limit", "0"}, limit: 0},
		{args: []string{"--limit", "-1"}, wantErr: "--limit must be 0 (no limit) or more"},
		{args: []string{"mia"}, wantErr: `unknown command "mia" for "list"`},
		{args: []string{"--search", "mia"}, wantErr: "unknown flag: --search"},
	} {
		var got *ListOptions
		err := cmdtest.Execute(NewCmdList(cmdtest.ParseFactory(t), func(o *ListOptions) error { got = o; return nil }), tc.args...)
		if tc.wantErr != "" {
			if !errors.Is(err, cmdutil.ErrUsage) || err.Error() != tc.wantErr {
				t.Errorf("%q: err = %v, want the usage error %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got.After != uint64(tc.after) || got.Limit != tc.limit {
			t.Errorf("%q: err = %v, options = %+v", tc.args, err, got)
		}
	}
}

func TestListRun(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		cfg    func(c *cmdutil.Config)
		empty  bool
		stdout string
		stderr string
		errIs  error
	}{
		{name: "table",
			stdout: "ID   NAME        EMAIL             LOGIN   EMPLOYEE ID\n" +
				"1    Mia Wong    mia@example.com   mia     E-1\n" +
				"2    Raj Patel                     raj\n" +
				"3    Li Wei      li@example.com\n"},
		{name: "page", args: []string{"--after", "1", "--limit", "1"},
			cfg: func(c *cmdutil.Config) { c.Output = output.FormatJSONL; c.JQ = ".name" }, stdout: "Raj Patel\n"},
		{name: "config columns", cfg: func(c *cmdutil.Config) {
			c.Columns = map[string][]string{"manager": {"login", "name"}}
			c.Output = output.FormatCSV
		},
			stdout: "login,name\nmia,Mia Wong\nraj,Raj Patel\n,Li Wei\n"},
		{name: "empty", empty: true, stderr: "no managers found\n"},
		{name: "empty json", empty: true, cfg: func(c *cmdutil.Config) { c.Output = output.FormatJSON }, stdout: "[]\n"},
		{name: "bad --fields on an empty store", empty: true, cfg: func(c *cmdutil.Config) { c.Fields = []string{"mail"} },
			errIs: output.ErrUnknownField},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			if !tc.empty {
				e.Manager("name", "Mia Wong", "email", "mia@example.com", "login", "mia", "employee_id", "E-1")
				e.Manager("name", "Raj Patel", "login", "raj")
				e.Manager("name", "Li Wei", "email", "li@example.com")
			}
			if tc.cfg != nil {
				tc.cfg(e.cfg)
			}
			before := e.StoreBytes()
			err := e.Run(NewCmdList(e.f, nil), tc.args...)
			assertResult(t, e, err, tc.errIs, "", tc.stdout, tc.stderr)
			if string(e.StoreBytes()) != string(before) {
				t.Error("list changed the store")
			}
		})
	}
}
