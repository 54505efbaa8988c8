package db

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store/bolt"
)

// StatsOptions are the inputs of `db stats`.
type StatsOptions struct {
	Factory *cmdutil.Factory
}

// NewCmdStats returns `db stats`.
func NewCmdStats(f *cmdutil.Factory, runF func(*StatsOptions) error) *cobra.Command {
	opts := &StatsOptions{Factory: f}
	return &cobra.Command{
		Use:   "stats",
		Short: "Count the records of each kind and measure the store",
		Long: `Print how many records of each kind the store holds and, for the bbolt
file, its path and size in bytes and its number of keys (records, index
entries and bookkeeping).`,
		Example: `  $ deskctl db stats
  $ deskctl db stats -o json --jq .tickets`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return statsRun(cmd.Context(), opts)
		},
	}
}

// stats is what db stats prints. The file fields are empty for a store
// that is not a file.
type stats struct {
	Accounts   int    `json:"accounts"`
	Contacts   int    `json:"contacts"`
	Tickets    int    `json:"tickets"`
	Managers   int    `json:"managers"`
	Notes      int    `json:"notes"`
	LogEntries int    `json:"log_entries"`
	Jobs       int    `json:"jobs"`
	Path       string `json:"path"`
	FileSize   int64  `json:"file_size"`
	Keys       int    `json:"keys"`
}

var statsColumns = []string{"accounts", "contacts", "tickets", "managers", "notes", "log_entries", "jobs", "path", "file_size", "keys"}

func statsRun(ctx context.Context, opts *StatsOptions) error {
	f := opts.Factory
	d, err := f.Desk(ctx, false)
	if err != nil {
		return err
	}
	defer d.Close()
	var s stats
	counts := map[string]*int{
		"account": &s.Accounts, "contact": &s.Contacts, "ticket": &s.Tickets, "manager": &s.Managers,
		"note": &s.Notes, "log": &s.LogEntries, "job": &s.Jobs,
	}
	err = d.View(ctx, func(tx *desk.Tx) error {
		for kind, n := range counts {
			if err := tx.Dump(kind, func([]byte) error { *n++; return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if db, ok := d.Store().(*bolt.DB); ok {
		bs, err := db.Stats(ctx)
		if err != nil {
			return err
		}
		s.Path, s.FileSize, s.Keys = bs.Path, bs.FileSize, bs.Keys
	}
	p, err := f.Printer("db_stats", statsColumns)
	if err != nil {
		return err
	}
	return p.One(s)
}
