package logcmd

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// Options are the inputs of `deskctl log`.
type Options struct {
	Factory *cmdutil.Factory
	Filter  desk.LogFilter
	Since   string // as given; parsed into Filter.Since when the command runs
}

// Entities are the values of --entity.
var Entities = []string{"account", "contact", "ticket", "manager", "note"}

// columns are the table and csv columns unless config `columns.log` or
// --fields say otherwise.
var columns = []string{"id", "time", "actor", "entity", "entity_id", "action", "summary"}

// NewCmdLog returns `deskctl log`, for the root command's list of nouns.
func NewCmdLog(f *cmdutil.Factory) *cobra.Command { return NewCmdLogRun(f, nil) }

// NewCmdLogRun returns `deskctl log`; runF replaces the run function in
// tests.
func NewCmdLogRun(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f}
	cmd := &cobra.Command{
		Use:   "log [--account <account>] [--entity <entity>] [--since <time>] [flags]",
		Short: "Show the activity log: who changed what, and when",
		Long: `Show the activity log, oldest first: every write appends an entry with its
time, actor, entity, id, action and changed fields (before and after).

--account shows an account's activities: its own entries and those of its
contacts, their tickets and its notes. A deleted account's history is still
there: name it by id.

--since accepts an RFC 3339 time (2026-11-01T09:00:00Z), a date
(2026-11-01, midnight UTC) or a duration before now: a number and a unit,
s, m, h, d (days) or w (weeks), such as 90m, 24h, 7d.

A table shows a summary of the changes; -o json prints each entry with
changes: [{field, before, after}].`,
		Example: `  $ deskctl log --account @acme.com --since 7d
  $ deskctl log --entity ticket --since 2026-11-01 -o jsonl
  $ deskctl log --limit 50 --after 1200`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.CheckLimit(opts.Filter.Limit); err != nil {
				return err
			}
			opts.Filter.Entity = strings.ToLower(strings.TrimSpace(opts.Filter.Entity))
			if opts.Filter.Entity != "" && !slices.Contains(Entities, opts.Filter.Entity) {
				return cmdutil.FlagErrorf("--entity %q: want one of %s", opts.Filter.Entity, strings.Join(Entities, ", "))
			}
			if cmd.Flags().Changed("since") {
				since, err := ParseSince(opts.Since, time.Now())
				if err != nil {
					return cmdutil.FlagErrorWrap(fmt.Errorf("--since: %w", err))
				}
				opts.Filter.Since = since
			}
			if runF != nil {
				return runF(opts)
			}
			return logRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Filter.Account, "account", "", "only the activities of this `account` (id, name, @domain or ext:ID)")
	fl.StringVar(&opts.Filter.Entity, "entity", "", "only entries about this kind of `record`: "+strings.Join(Entities, ", "))
	fl.StringVar(&opts.Since, "since", "", "only entries at or after this `time`: RFC 3339, a date, or a duration ago (24h, 7d)")
	cmdutil.AddPageFlags(fl, &opts.Filter.Limit, &opts.Filter.After, "entries", "start after the entry with this `id`")
	return cmd
}

// entry is a log entry as printed: the stored entry plus its summary.
type entry struct {
	*desk.LogEntry
	Summary string `json:"summary"`
}

func logRun(ctx context.Context, opts *Options) error {
	p, err := opts.Factory.Printer("log", columns)
	if err != nil {
		return err
	}
	w, err := p.List()
	if err != nil {
		return err
	}
	err = opts.Factory.View(ctx, func(tx *desk.Tx) error {
		return tx.ListLog(opts.Filter, func(e *desk.LogEntry) error {
			if e.Changes == nil {
				e.Changes = []desk.Change{}
			}
			return w.Write(entry{LogEntry: e, Summary: Summary(e)})
		})
	})
	return w.Finish(err)
}
