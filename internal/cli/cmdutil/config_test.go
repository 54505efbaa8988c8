package cmdutil

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/output"
)

// isolate points HOME and the XDG directories into a temp dir and blanks
// every DESKCTL_* variable of the developer's environment. It returns the
// temp dir.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, EnvPrefix+"_") {
			t.Setenv(k, "")
		}
	}
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	return dir
}

// newFactory returns a factory whose global flags are parsed from args.
func newFactory(t *testing.T, args ...string) *Factory {
	t.Helper()
	ios, _, _, _ := iostreams.Test()
	f := New(ios)
	fs := pflag.NewFlagSet("deskctl", pflag.ContinueOnError)
	f.RegisterGlobalFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return f
}

func writeConfig(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestConfigDefaults(t *testing.T) {
	dir := isolate(t)
	t.Setenv("DESKCTL_ACTOR", "")
	cfg, err := newFactory(t).Config()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "data", "deskctl", "deskctl.db"); cfg.DB != want {
		t.Errorf("DB = %q, want %q", cfg.DB, want)
	}
	if cfg.File != "" || cfg.Store != "" || cfg.Timeout != DefaultTimeout || cfg.Output != output.FormatTable {
		t.Errorf("defaults: %+v", cfg)
	}
	if cfg.Actor == "" {
		t.Error("Actor is empty, want the OS user")
	}
	if cfg.FreeMailDomains != nil || cfg.Columns != nil || cfg.Hooks != nil {
		t.Errorf("unset lists are not nil: %+v", cfg)
	}
}

func TestConfigXDGFallback(t *testing.T) {
	dir := isolate(t)
	t.Setenv("XDG_DATA_HOME", "relative/is/ignored")
	t.Setenv("XDG_CONFIG_HOME", "")
	writeConfig(t, filepath.Join(dir, ".config", "deskctl", "config.yaml"), "actor: from-home\n")
	cfg, err := newFactory(t).Config()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, ".local", "share", "deskctl", "deskctl.db"); cfg.DB != want {
		t.Errorf("DB = %q, want %q", cfg.DB, want)
	}
	if cfg.Actor != "from-home" {
		t.Errorf("Actor = %q: ~/.config/deskctl/config.yaml not read", cfg.Actor)
	}
}

func TestConfigPrecedence(t *testing.T) {
	dir := isolate(t)
	writeConfig(t, filepath.Join(dir, "config", "deskctl", "config.yaml"), `
db: /from/file.db
actor: file
timeout: 2s
output: csv
store: etcd://file:2379
`)
	t.Setenv("DESKCTL_ACTOR", "env")
	t.Setenv("DESKCTL_TIMEOUT", "3s")
	t.Setenv("DESKCTL_OUTPUT", "json")
	f := newFactory(t, "--output", "jsonl", "--db", "/from/flag.db")
	cfg, err := f.Config()
	if err != nil {
		t.Fatal(err)
	}
	got := []string{cfg.DB, cfg.Actor, cfg.Timeout.String(), string(cfg.Output), cfg.Store}
	want := []string{"/from/flag.db", "env", "3s", "jsonl", "etcd://file:2379"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if !strings.HasSuffix(cfg.File, "config.yaml") {
		t.Errorf("File = %q", cfg.File)
	}
}

func TestConfigReadOnce(t *testing.T) {
	isolate(t)
	f := newFactory(t)
	a, _ := f.Config()
	t.Setenv("DESKCTL_ACTOR", "changed")
	b, _ := f.Config()
	if a != b {
		t.Error("Config read the configuration twice")
	}
}

func TestConfigKeys(t *testing.T) {
	dir := isolate(t)
	file := filepath.Join(dir, "custom.yml")
	writeConfig(t, file, `
columns:
  account: [id, name, primary_domain]
  Manager: "id, email"
freemail_domains: [gmail.com, " proton.me "]
managers:
  can_create_tickets: true
etcd:
  ca_file: /ca.pem
  username: desk
  password: secret
hooks:
  - on: account.created
    run: [notify]
profiles:
  crm: {map: {Company: name}}
`)
	cfg, err := newFactory(t, "--config", file, "--fields", "id, name,", "--no-header", "--jq", ".id", "-q", "--no-input").Config()
	if err != nil {
		t.Fatal(err)
	}
	wantCols := map[string][]string{"account": {"id", "name", "primary_domain"}, "manager": {"id", "email"}}
	if !reflect.DeepEqual(cfg.Columns, wantCols) {
		t.Errorf("Columns = %q", cfg.Columns)
	}
	if got := cfg.ColumnsFor("account", []string{"x"}); !reflect.DeepEqual(got, wantCols["account"]) {
		t.Errorf("ColumnsFor(account) = %q", got)
	}
	if got := cfg.ColumnsFor("ticket", []string{"x"}); !reflect.DeepEqual(got, []string{"x"}) {
		t.Errorf("ColumnsFor(ticket) = %q, want the builtin", got)
	}
	if !reflect.DeepEqual(cfg.FreeMailDomains, []string{"gmail.com", "proton.me"}) {
		t.Errorf("FreeMailDomains = %q", cfg.FreeMailDomains)
	}
	if !cfg.Managers.CanCreateTickets {
		t.Error("managers.can_create_tickets not read")
	}
	if cfg.Etcd != (EtcdConfig{CAFile: "/ca.pem", Username: "desk", Password: "secret"}) {
		t.Errorf("Etcd = %+v", cfg.Etcd)
	}
	if cfg.Hooks == nil || cfg.Profiles == nil {
		t.Error("hooks or profiles not kept")
	}
	if !reflect.DeepEqual(cfg.Fields, []string{"id", "name"}) || !cfg.NoHeader || cfg.JQ != ".id" || !cfg.Quiet || !cfg.NoInput {
		t.Errorf("flags: %+v", cfg)
	}
}

func TestConfigEnvOnlyKeys(t *testing.T) {
	isolate(t)
	t.Setenv("DESKCTL_FREEMAIL_DOMAINS", "a.com, b.com")
	t.Setenv("DESKCTL_MANAGERS_CAN_CREATE_TICKETS", "true")
	t.Setenv("DESKCTL_ETCD_PASSWORD", "pw")
	t.Setenv("DESKCTL_NO_INPUT", "1")
	cfg, err := newFactory(t).Config()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg.FreeMailDomains, []string{"a.com", "b.com"}) || !cfg.Managers.CanCreateTickets ||
		cfg.Etcd.Password != "pw" || !cfg.NoInput {
		t.Errorf("env keys not read: %+v", cfg)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		env        map[string]string
		args       []string
		want       string
	}{
		{name: "missing explicit file", args: []string{"--config", "/no/such/file.yaml"}, want: "cannot read config"},
		{name: "missing env file", env: map[string]string{"DESKCTL_CONFIG": "/no/such.yaml"}, want: "cannot read config"},
		{name: "yaml syntax", file: "timeout: [", want: "cannot read config"},
		{name: "duration without unit", file: "timeout: 5", want: `timeout: invalid duration 5`},
		{name: "negative duration", env: map[string]string{"DESKCTL_TIMEOUT": "-1s"}, want: `timeout: invalid duration "-1s"`},
		{name: "bad bool", file: "managers:\n  can_create_tickets: maybe\n", want: `managers.can_create_tickets: invalid boolean "maybe"`},
		{name: "bad format", file: "output: yaml", want: `unknown output format "yaml"`},
		{name: "bad columns", file: "columns: [id]", want: "columns: want a map"},
		{name: "bad list", file: "freemail_domains: [1]", want: "freemail_domains: 1 is not a string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := isolate(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			args := tc.args
			if tc.file != "" {
				p := filepath.Join(dir, "c.yaml")
				writeConfig(t, p, tc.file)
				args = append(args, "--config", p)
			}
			_, err := newFactory(t, args...).Config()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			if !errors.Is(err, ErrUsage) {
				t.Errorf("err = %v does not match ErrUsage", err)
			}
		})
	}
}

func TestOutputOptions(t *testing.T) {
	isolate(t)
	f := newFactory(t, "-o", "JSON", "--fields", "id,name", "--jq", ".id")
	f.IOStreams.SetColorEnabled(true)
	opts, err := f.OutputOptions()
	if err != nil {
		t.Fatal(err)
	}
	want := output.Options{Format: output.FormatJSON, Fields: []string{"id", "name"}, JQ: ".id", Color: true}
	if !reflect.DeepEqual(opts, want) {
		t.Errorf("got %+v, want %+v", opts, want)
	}

	_, err = newFactory(t, "--jq", ".id").OutputOptions()
	if !errors.Is(err, output.ErrJQFormat) || !errors.Is(err, ErrUsage) {
		t.Errorf("--jq with table: err = %v", err)
	}
}

func TestDurationFlagBeatsEnv(t *testing.T) {
	isolate(t)
	t.Setenv("DESKCTL_TIMEOUT", "9s")
	cfg, err := newFactory(t, "--timeout", "250ms").Config()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Timeout != 250*time.Millisecond {
		t.Errorf("Timeout = %v", cfg.Timeout)
	}
}
