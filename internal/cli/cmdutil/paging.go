package cmdutil

import "github.com/spf13/pflag"

// DefaultListLimit is how many records a list command prints unless
// --limit says otherwise; --limit 0 prints all (export is for bulk output).
const DefaultListLimit = 100

// AddPageFlags defines a list command's --limit (-L) and --after flags.
// things is the plural noun of the help text ("accounts"); afterHelp is the
// help of --after, which says what the cursor is.
func AddPageFlags(fs *pflag.FlagSet, limit *int, after *uint64, things, afterHelp string) {
	fs.IntVarP(limit, "limit", "L", DefaultListLimit, "print at most `n` "+things+" (0: all)")
	fs.Uint64Var(after, "after", 0, afterHelp)
}

// CheckLimit rejects a negative --limit, as a usage error.
func CheckLimit(limit int) error {
	if limit < 0 {
		return FlagErrorf("--limit must be 0 (no limit) or more")
	}
	return nil
}
