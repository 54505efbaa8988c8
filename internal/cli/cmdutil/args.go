package cmdutil

import (
	"slices"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// ExactArgs is cobra.ExactArgs with a message that says what is missing,
// as a usage error.
func ExactArgs(n int, missing string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) < n:
			return FlagErrorf("%s", missing)
		case len(args) > n:
			return FlagErrorf("too many arguments: %q (want %d)", args[n:], n)
		}
		return nil
	}
}

// MinimumArgs is cobra.MinimumNArgs with a message that says what is
// missing, as a usage error.
func MinimumArgs(n int, missing string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return FlagErrorf("%s", missing)
		}
		return nil
	}
}

// DefaultColumns are the table and csv columns of each kind of record,
// unless the config's columns.<kind> or --fields say otherwise. They live
// here, once, because several nouns print each other's records (account
// show prints contacts and tickets).
var DefaultColumns = map[string][]string{
	"account": {"id", "name", "primary_domain", "status", "manager_id", "tags"},
	"contact": {"id", "name", "email", "account_id", "title", "phone"},
	"ticket":  {"id", "subject", "status", "priority", "contact_id", "account_id"},
	"manager": {"id", "name", "email", "login", "employee_id"},
	"note":    {"id", "account_id", "author", "created_at", "body"},
	"log":     {"id", "time", "actor", "entity", "entity_id", "action", "account_id"},
	"job":     {"id", "kind", "file", "status", "started_at", "read", "created", "updated", "skipped", "rejected"},
}

// ChangedOwnFlags reports whether one of cmd's own flags, other than those
// in except, was given. Global flags (-o, --timeout, ...) change nothing,
// so `account edit 1 -o json` is a usage error rather than a silent no-op.
func ChangedOwnFlags(cmd *cobra.Command, except ...string) bool {
	changed := false
	cmd.LocalFlags().VisitAll(func(fl *pflag.Flag) {
		if fl.Changed && !slices.Contains(except, fl.Name) {
			changed = true
		}
	})
	return changed
}
