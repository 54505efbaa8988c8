// Package cmdutil holds what every deskctl command shares: the Factory that
// hands out dependencies lazily, the Config read once from flags, DESKCTL_*
// environment variables, the config file and defaults (in that order), the
// usage-error types that cli.Main maps to exit code 2, and the confirmation
// prompt of destructive commands.
//
// A command receives the Factory, binds its flags into an Options struct,
// checks flag combinations in RunE (returning FlagErrorf or
// MutuallyExclusive errors), and only in its run function calls
// f.Config(), f.OutputOptions() or f.Desk(ctx, write). That ordering is what
// keeps --help and flag errors from reading the config or opening the store.
//
// # Configuration
//
// Keys (config file YAML; env DESKCTL_<KEY> with "." written "_"):
//
//	db                           store file (default $XDG_DATA_HOME/deskctl/deskctl.db)
//	store                        store URL: "" = the bbolt file at db, etcd://host:port/prefix
//	actor                        name in the activity log (default the OS user)
//	timeout                      lock/connection wait, with a unit (default 5s)
//	output                       table, json, jsonl or csv (default table)
//	quiet, no_input              booleans, as the flags
//	columns                      {entity: [field, ...]} default columns per entity
//	freemail_domains             list (env: comma-separated); replaces the default list
//	managers.can_create_tickets  boolean
//	etcd.ca_file, etcd.cert_file, etcd.key_file, etcd.username, etcd.password
//	hooks, profiles              kept raw for the features that decode them
//
// The config file is --config, else $DESKCTL_CONFIG, else
// $XDG_CONFIG_HOME/deskctl/config.yaml (~/.config when XDG_CONFIG_HOME is
// unset or relative). A missing default file is fine; a missing --config
// file is an error.
//
// # Caveats
//
// Config is read once per process (sync.OnceValues): a command that changes
// the environment after the first call does not see the change.
//
// --fields, --no-header and --jq are flags only: a default for them in the
// config would apply to every entity at once, which is what the per-entity
// columns key is for. columns can come only from the config file, not from
// the environment.
//
// viper's own getters turn bad values into zero values silently; Config
// parses booleans and durations itself so that "timeout: 5" (no unit) or
// DESKCTL_QUIET=maybe is a usage error instead of 5ns or false.
//
// The etcd.* settings have no flags on purpose: a password on a command line
// is visible to every user of the machine through ps.
package cmdutil
