package cmdutil

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/deskctl/deskctl/internal/hooks"
	"github.com/deskctl/deskctl/internal/output"
)

// EnvPrefix is the prefix of every environment variable deskctl reads: the
// config key "managers.can_create_tickets" is DESKCTL_MANAGERS_CAN_CREATE_TICKETS.
const EnvPrefix = "DESKCTL"

// DefaultTimeout is how long a writer waits for the store lock by default.
const DefaultTimeout = 5 * time.Second

// Config is the resolved configuration of one invocation: flags, then
// DESKCTL_* environment variables, then the config file, then defaults.
// It is read once, by the factory; commands read its fields and never viper.
type Config struct {
	// File is the config file that was read, or "" when there was none.
	File string

	// DB is the path of the bbolt store file (key db).
	DB string
	// Store is a store URL (key store): "" means the bbolt file at DB,
	// "etcd://..." an etcd cluster.
	Store string
	// Actor is recorded in the activity log (key actor; default the OS
	// user name).
	Actor string
	// Timeout bounds the wait for the store's lock or connection (key
	// timeout; default 5s).
	Timeout time.Duration

	// Output is the output format (key output; default table).
	Output output.Format
	// Fields are the columns asked for with --fields (flag only).
	Fields []string
	// NoHeader is --no-header (flag only).
	NoHeader bool
	// JQ is the --jq expression (flag only).
	JQ string
	// Quiet drops informational messages (key quiet).
	Quiet bool
	// NoInput forbids prompts (key no_input).
	NoInput bool

	// Columns are the default columns per entity (key columns, a map from
	// entity name such as "account" to a list of field names).
	Columns map[string][]string
	// FreeMailDomains replaces the domain's default list of free-mail
	// domains when non-nil (key freemail_domains).
	FreeMailDomains []string
	// Managers holds the managers.* settings.
	Managers ManagersConfig
	// Etcd holds the etcd.* settings: TLS and authentication for an etcd
	// store. They are read from the environment and the config file only,
	// never from flags, so secrets stay out of `ps` and shell history.
	Etcd EtcdConfig

	// Hooks are the commands to run after writes commit (key hooks).
	Hooks []hooks.Hook
	// NoHooks skips them (--no-hooks, key no_hooks).
	NoHooks bool
	// StrictHooks makes a failed hook fail the command (--strict-hooks,
	// key strict_hooks); by default it is only reported.
	StrictHooks bool
	// Profiles is the raw value of the key profiles (named import
	// mappings), for the import commands to decode (nil when absent).
	Profiles any
}

// ManagersConfig holds the managers.* settings.
type ManagersConfig struct {
	// CanCreateTickets is managers.can_create_tickets (rule 11).
	CanCreateTickets bool
}

// EtcdConfig holds the etcd.* settings.
type EtcdConfig struct {
	CAFile   string // etcd.ca_file: PEM bundle that signs the servers' certificates
	CertFile string // etcd.cert_file: client certificate (PEM)
	KeyFile  string // etcd.key_file: client key (PEM)
	Username string // etcd.username
	Password string // etcd.password

	// MaxTxnOps is etcd.max_txn_ops, the cluster's --max-txn-ops; 0 means
	// etcd's default (128).
	MaxTxnOps int
	// MaxRequestBytes is etcd.max_request_bytes, the cluster's
	// --max-request-bytes; 0 means etcd's default (1.5 MiB).
	MaxRequestBytes int
}

// ColumnsFor returns the configured default columns of entity, or builtin
// when the config names none.
func (c *Config) ColumnsFor(entity string, builtin []string) []string {
	if cols := c.Columns[entity]; len(cols) > 0 {
		return cols
	}
	return builtin
}

// globalFlags are the persistent flags of the root command. Those that are
// also config keys are bound to viper; the others are read directly.
type globalFlags struct {
	fs       *pflag.FlagSet
	config   string
	fields   string
	noHeader bool
	jq       string
}

// flag name → config key, for the flags that are also config keys.
var boundFlags = map[string]string{
	"db":           "db",
	"store":        "store",
	"output":       "output",
	"actor":        "actor",
	"timeout":      "timeout",
	"quiet":        "quiet",
	"no-input":     "no_input",
	"no-hooks":     "no_hooks",
	"strict-hooks": "strict_hooks",
}

// RegisterGlobalFlags defines deskctl's global flags on fs (the root
// command's persistent flags) and remembers them for Config.
func (f *Factory) RegisterGlobalFlags(fs *pflag.FlagSet) {
	g := &f.flags
	g.fs = fs
	fs.String("db", "", "`path` of the store file (env DESKCTL_DB; default $XDG_DATA_HOME/deskctl/deskctl.db)")
	fs.String("store", "", "store `url` instead of the file: etcd://host:port/prefix (env DESKCTL_STORE)")
	fs.StringVar(&g.config, "config", "", "config `file` (env DESKCTL_CONFIG; default $XDG_CONFIG_HOME/deskctl/config.yaml)")
	fs.StringP("output", "o", string(output.FormatTable), "output `format`: table, json, jsonl or csv (env DESKCTL_OUTPUT)")
	fs.StringVar(&g.fields, "fields", "", "comma-separated `fields` to show, in order")
	fs.BoolVar(&g.noHeader, "no-header", false, "omit the header row of table and csv output")
	fs.StringVar(&g.jq, "jq", "", "filter JSON output with a jq `expression` (needs -o json or jsonl)")
	fs.BoolP("quiet", "q", false, "print no informational messages (env DESKCTL_QUIET)")
	fs.String("actor", "", "`name` recorded in the activity log (env DESKCTL_ACTOR; default the OS user)")
	fs.Duration("timeout", DefaultTimeout, "how long to wait for the store lock before exiting 6 (env DESKCTL_TIMEOUT)")
	fs.Bool("no-input", false, "never prompt; destructive commands then need --yes (env DESKCTL_NO_INPUT)")
	fs.Bool("no-hooks", false, "run no hooks after writes (env DESKCTL_NO_HOOKS)")
	fs.Bool("strict-hooks", false, "exit 1 when a hook fails, instead of only reporting it (env DESKCTL_STRICT_HOOKS)")
}

// flagLookup returns the global flag name, or nil before
// RegisterGlobalFlags.
func (f *Factory) flagLookup(name string) *pflag.Flag {
	if f.flags.fs == nil {
		return nil
	}
	return f.flags.fs.Lookup(name)
}

// loadConfig reads the configuration once: viper is confined to this
// function.
func (f *Factory) loadConfig() (*Config, error) {
	v := viper.New()
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_", "-", "_"))
	v.AutomaticEnv()
	if fs := f.flags.fs; fs != nil {
		for name, key := range boundFlags {
			if fl := fs.Lookup(name); fl != nil {
				if err := v.BindPFlag(key, fl); err != nil {
					return nil, err
				}
			}
		}
	}

	file, explicit := f.flags.config, true
	if file == "" {
		file = os.Getenv(EnvPrefix + "_CONFIG")
	}
	if file == "" {
		file, explicit = defaultConfigFile(), false
	}
	cfg := &Config{}
	if file != "" {
		v.SetConfigFile(file)
		if filepath.Ext(file) == "" {
			v.SetConfigType("yaml")
		}
		err := v.ReadInConfig()
		switch {
		case err == nil:
			cfg.File = file
		case !explicit && errors.Is(err, fs.ErrNotExist):
			// No config file at the default place: defaults apply.
		default:
			return nil, configError(file, fmt.Errorf("cannot read config: %w", err))
		}
	}
	if err := cfg.resolve(v); err != nil {
		return nil, configError(cfg.File, err)
	}
	cfg.Fields = output.ParseFields(f.flags.fields)
	cfg.NoHeader = f.flags.noHeader
	cfg.JQ = f.flags.jq
	return cfg, nil
}

// configError makes a bad setting a usage error that names the file it may
// come from.
func configError(file string, err error) error {
	if errors.Is(err, ErrUsage) {
		return err
	}
	if file != "" {
		return WithHint(UsageErrorWrap(err), "check "+file+" and the DESKCTL_* environment variables")
	}
	return UsageErrorWrap(err)
}

// resolve fills c from v, applying defaults and checking every value.
func (c *Config) resolve(v *viper.Viper) error {
	var err error
	c.DB = v.GetString("db")
	if c.DB == "" {
		c.DB = DefaultDBPath()
	}
	c.Store = strings.TrimSpace(v.GetString("store"))
	if c.Actor = strings.TrimSpace(v.GetString("actor")); c.Actor == "" {
		c.Actor = osUser()
	}
	if c.Timeout, err = getDuration(v, "timeout", DefaultTimeout); err != nil {
		return err
	}
	out := v.GetString("output")
	if out == "" {
		out = string(output.FormatTable)
	}
	if c.Output, err = output.ParseFormat(out); err != nil {
		return UsageErrorWrap(err)
	}
	if c.Quiet, err = getBool(v, "quiet"); err != nil {
		return err
	}
	if c.NoInput, err = getBool(v, "no_input"); err != nil {
		return err
	}
	if c.Managers.CanCreateTickets, err = getBool(v, "managers.can_create_tickets"); err != nil {
		return err
	}
	if c.FreeMailDomains, err = getList(v.Get("freemail_domains"), "freemail_domains"); err != nil {
		return err
	}
	if c.Columns, err = getColumns(v.Get("columns")); err != nil {
		return err
	}
	c.Etcd = EtcdConfig{
		CAFile:   v.GetString("etcd.ca_file"),
		CertFile: v.GetString("etcd.cert_file"),
		KeyFile:  v.GetString("etcd.key_file"),
		Username: v.GetString("etcd.username"),
		Password: v.GetString("etcd.password"),
	}
	if c.Etcd.MaxTxnOps, err = getCount(v, "etcd.max_txn_ops"); err != nil {
		return err
	}
	if c.Etcd.MaxRequestBytes, err = getCount(v, "etcd.max_request_bytes"); err != nil {
		return err
	}
	if c.Hooks, err = hooks.Parse(v.Get("hooks")); err != nil {
		return err
	}
	if c.NoHooks, err = getBool(v, "no_hooks"); err != nil {
		return err
	}
	if c.StrictHooks, err = getBool(v, "strict_hooks"); err != nil {
		return err
	}
	c.Profiles = v.Get("profiles")
	return nil
}

// getDuration reads a duration with a unit ("5s", "1m30s"). viper's own
// GetDuration turns garbage into 0 and "5" into 5ns; an admin who typed
// timeout: 5 deserves an error instead.
func getDuration(v *viper.Viper, key string, def time.Duration) (time.Duration, error) {
	switch x := v.Get(key).(type) {
	case nil:
		return def, nil
	case time.Duration:
		return x, nil
	case string:
		if strings.TrimSpace(x) == "" {
			return def, nil
		}
		d, err := time.ParseDuration(strings.TrimSpace(x))
		if err != nil || d < 0 {
			return 0, fmt.Errorf("%s: invalid duration %q (use a unit: 500ms, 5s, 1m)", key, x)
		}
		return d, nil
	default:
		return 0, fmt.Errorf("%s: invalid duration %v (use a unit: 500ms, 5s, 1m)", key, x)
	}
}

// getBool reads a boolean strictly: "maybe" is an error, not false.
func getBool(v *viper.Viper, key string) (bool, error) {
	switch x := v.Get(key).(type) {
	case nil:
		return false, nil
	case bool:
		return x, nil
	case string:
		if strings.TrimSpace(x) == "" {
			return false, nil
		}
		b, err := strconv.ParseBool(strings.TrimSpace(x))
		if err != nil {
			return false, fmt.Errorf("%s: invalid boolean %q (use true or false)", key, x)
		}
		return b, nil
	default:
		return false, fmt.Errorf("%s: invalid boolean %v (use true or false)", key, x)
	}
}

// getCount reads a whole number, 0 or more, written out in digits: etcd's
// own flags take plain numbers, and the value must match the cluster's.
// Absent or empty is 0.
func getCount(v *viper.Viper, key string) (int, error) {
	var s string
	switch x := v.Get(key).(type) {
	case nil:
		return 0, nil
	case int:
		s = strconv.Itoa(x)
	case string:
		s = strings.TrimSpace(x)
		if s == "" {
			return 0, nil
		}
	default:
		s = fmt.Sprint(x)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > math.MaxInt32 {
		return 0, fmt.Errorf("%s: invalid count %q (use a whole number such as 128)", key, s)
	}
	return n, nil
}

// getList reads a list of strings given as a YAML list or, from the
// environment, as one comma-separated string. nil stays nil.
func getList(raw any, key string) ([]string, error) {
	switch x := raw.(type) {
	case nil:
		return nil, nil
	case string:
		return output.ParseFields(x), nil
	case []string:
		return x, nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%s: %v is not a string", key, e)
			}
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	default:
		return nil, fmt.Errorf("%s: want a list of strings, not %T", key, raw)
	}
}

// getColumns reads columns: {entity: [field, ...]}.
func getColumns(raw any) (map[string][]string, error) {
	if raw == nil {
		return nil, nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("columns: want a map from entity to a list of fields, not %T", raw)
	}
	out := make(map[string][]string, len(m))
	for entity, cols := range m {
		list, err := getList(cols, "columns."+entity)
		if err != nil {
			return nil, err
		}
		out[strings.ToLower(entity)] = list
	}
	return out, nil
}

// DefaultDBPath is $XDG_DATA_HOME/deskctl/deskctl.db, or
// ~/.local/share/deskctl/deskctl.db when XDG_DATA_HOME is unset or relative
// (the XDG spec says to ignore relative values).
func DefaultDBPath() string {
	return filepath.Join(xdgDir("XDG_DATA_HOME", ".local", "share"), "deskctl", "deskctl.db")
}

// defaultConfigFile is $XDG_CONFIG_HOME/deskctl/config.yaml, or
// ~/.config/deskctl/config.yaml.
func defaultConfigFile() string {
	return filepath.Join(xdgDir("XDG_CONFIG_HOME", ".config"), "deskctl", "config.yaml")
}

func xdgDir(env string, fallback ...string) string {
	if d := os.Getenv(env); d != "" && filepath.IsAbs(d) {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = "."
	}
	return filepath.Join(append([]string{home}, fallback...)...)
}

// osUser is the name of the user running deskctl, for the activity log.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, env := range []string{"USER", "USERNAME", "LOGNAME"} {
		if s := os.Getenv(env); s != "" {
			return s
		}
	}
	return "unknown"
}
