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

func TestNewCmdCreate(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		given   []string
		dryRun  bool
		wantErr string // a usage error with this message
	}{
		{name: "name only", args: []string{"--name", "Acme Ltd"}, given: []string{"name=Acme Ltd"}},
		{name: "every flag family",
			args: []string{"--name", "Acme", "--domain", "acme.com", "--domain", "acme.io", "--tag", "vip",
				"--external-id", "CRM-1", "--status", "inactive", "--crm-status", "synced", "--field", "tier=gold",
				"--field", "region=", "--parent", "ext:P", "--manager", "mia", "--phone", "+1 555", "--dry-run"},
			given: []string{"name=Acme", "external_id=CRM-1", "status=inactive", "phone=+1 555", "crm_status=synced",
				"domains=acme.com;acme.io", "tags=vip", "field.tier=gold", "field.region=", "parent=ext:P", "manager=mia"},
			dryRun: true},
		{name: "empty name is the domain's to reject", args: []string{"--name", ""}, given: []string{"name="}},
		{name: "no name", args: []string{"--domain", "acme.com"}, wantErr: "--name is required"},
		{name: "field without =", args: []string{"--name", "A", "--field", "tier"}, wantErr: `--field "tier": want key=value`},
		{name: "field without key", args: []string{"--name", "A", "--field", "=gold"}, wantErr: `--field "=gold": want key=value`},
		{name: "positional argument", args: []string{"Acme"}, wantErr: `unknown command "Acme" for "create"`},
		{name: "unknown flag", args: []string{"--name", "A", "--bogus"}, wantErr: "unknown flag: --bogus"},
		{name: "missing value", args: []string{"--name"}, wantErr: "flag needs an argument: --name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *CreateOptions
			cmd := NewCmdCreate(cmdtest.ParseFactory(t), func(o *CreateOptions) error { got = o; return nil })
			err := cmdtest.Execute(cmd, tc.args...)
			if tc.wantErr != "" {
				if !errors.Is(err, cmdutil.ErrUsage) || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want the usage error %q", err, tc.wantErr)
				}
				if got != nil {
					t.Error("runF was called")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g := given(&got.Fields); !reflect.DeepEqual(g, tc.given) {
				t.Errorf("fields = %q, want %q", g, tc.given)
			}
			if got.DryRun != tc.dryRun {
				t.Errorf("DryRun = %v", got.DryRun)
			}
		})
	}
}

func TestCreateRun(t *testing.T) {
	for _, tc := range []struct {
		name      string
		setup     func(e *testEnv)
		args      []string
		cfg       func(c *cmdutil.Config)
		stdout    string
		stderr    string
		errIs     error
		errMsg    string
		unchanged bool // the store file must be byte for byte the same
	}{
		{name: "table",
			args: []string{"--name", "  Acme   Ltd ", "--domain", "ACME.com", "--tag", "vip", "--tag", "gold"},
			stdout: "id               1\nname             Acme Ltd\nprimary_domain   acme.com\nstatus           active\n" +
				"manager_id\ntags             gold;vip\n",
			stderr: "created account 1 (Acme Ltd)\n"},
		{name: "json",
			args: []string{"--name", "Acme Ltd", "--domain", "acme.com", "--tag", "vip", "--field", "tier=gold"},
			cfg:  func(c *cmdutil.Config) { c.Output = output.FormatJSON },
			stdout: `{
  "id": 1,
  "name": "Acme Ltd",
  "domains": [
    "acme.com"
  ],
  "external_id": "",
  "status": "active",
  "parent_id": null,
  "manager_id": null,
  "phone": "",
  "email": "",
  "website": "",
  "description": "",
  "tags": [
    "vip"
  ],
  "fields": {
    "tier": "gold"
  },
  "crm_id": "",
  "crm_status": "unmapped",
  "logo_url": "",
  "slack_channel": "",
  "created_at": "2026-11-24T12:00:00Z",
  "updated_at": "2026-11-24T12:00:00Z",
  "version": 1,
  "primary_domain": "acme.com"
}
`,
			stderr: "created account 1 (Acme Ltd)\n"},
		{name: "parent and manager by reference",
			setup: func(e *testEnv) {
				e.Account("name", "Acme Ltd", "domains", "acme.com")
				e.Manager("name", "Mia Wong", "login", "mia")
			},
			args: []string{"--name", "Acme EU", "--parent", "@acme.com", "--manager", "mia"},
			cfg: func(c *cmdutil.Config) {
				c.Fields = []string{"id", "parent_id", "manager_id"}
				c.Output = output.FormatCSV
			},
			stdout: "id,parent_id,manager_id\n2,1,1\n",
			stderr: "created account 2 (Acme EU)\n"},
		{name: "name clash", setup: func(e *testEnv) { e.Account("name", "Acme Ltd") },
			args: []string{"--name", "  acme   LTD "}, errIs: desk.ErrConflict,
			errMsg:    `account name "acme ltd" is already taken by account 1 (names ignore case and spacing)`,
			unchanged: true},
		{name: "domain clash", setup: func(e *testEnv) { e.Account("name", "Acme Ltd", "domains", "acme.com") },
			args: []string{"--name", "Other", "--domain", "ACME.com"}, errIs: desk.ErrConflict,
			errMsg: "domain acme.com already belongs to account 1", unchanged: true},
		{name: "bad status", args: []string{"--name", "A", "--status", "maybe"}, errIs: desk.ErrInvalid,
			errMsg: `status: "maybe" is not one of active, inactive`, unchanged: true},
		{name: "bad domain", args: []string{"--name", "A", "--domain", "acme_com"}, errIs: desk.ErrInvalid,
			errMsg: `domains: "acme_com" is not a valid domain name`, unchanged: true},
		{name: "control character", args: []string{"--name", "Evil\x1b[31m"}, errIs: desk.ErrInvalid,
			errMsg: "name: contains control character U+001B", unchanged: true},
		{name: "unknown manager", args: []string{"--name", "A", "--manager", "nobody"}, errIs: desk.ErrNotFound,
			errMsg: `manager "nobody" not found`, unchanged: true},
		{name: "dry run", args: []string{"--name", "Acme", "--dry-run"},
			cfg:    func(c *cmdutil.Config) { c.Output = output.FormatJSONL; c.Fields = []string{"id", "name"} },
			stdout: `{"id":1,"name":"Acme"}` + "\n",
			stderr: "dry run: would have created account 1 (Acme); nothing was written\n", unchanged: true},
		{name: "bad --fields writes nothing", args: []string{"--name", "Acme"},
			cfg:   func(c *cmdutil.Config) { c.Fields = []string{"id", "nme"} },
			errIs: output.ErrUnknownField, unchanged: true},
		{name: "bad --jq writes nothing", args: []string{"--name", "Acme"},
			cfg:   func(c *cmdutil.Config) { c.Output = output.FormatJSON; c.JQ = ".[" },
			errIs: output.ErrInvalidJQ, unchanged: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			if tc.setup != nil {
				tc.setup(e)
			}
			if tc.cfg != nil {
				tc.cfg(e.cfg)
			}
			e.f.IOStreams.SetQuiet(false)
			before := e.StoreBytes()
			err := e.Run(NewCmdCreate(e.f, nil), tc.args...)
			assertResult(t, e, err, tc.errIs, tc.errMsg, tc.stdout, tc.stderr)
			if tc.unchanged && string(e.StoreBytes()) != string(before) {
				t.Error("the store changed")
			}
		})
	}
}

// assertResult checks a run's error, stdout and stderr exactly. With errIs
// set, stdout must be empty and the message (when errMsg is set) exact.
func assertResult(t *testing.T, e *testEnv, err, errIs error, errMsg, stdout, stderr string) {
	t.Helper()
	switch {
	case errIs == nil && err != nil:
		t.Fatalf("err = %v", err)
	case errIs != nil && !errors.Is(err, errIs):
		t.Fatalf("err = %v, want %v", err, errIs)
	case errMsg != "" && err.Error() != errMsg:
		t.Errorf("message = %q, want %q", err.Error(), errMsg)
	}
	if got := e.out.String(); got != stdout {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, stdout)
	}
	if got := e.errOut.String(); got != stderr {
		t.Errorf("stderr = %q, want %q", got, stderr)
	}
}
