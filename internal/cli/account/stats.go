package account

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// StatsOptions are the inputs of `account stats`.
type StatsOptions struct {
	Factory *cmdutil.Factory
}

var statsColumns = []string{"total", "active", "inactive", "with_manager", "mapped_to_crm", "sub_accounts"}

// NewCmdStats returns `account stats`.
func NewCmdStats(f *cmdutil.Factory, runF func(*StatsOptions) error) *cobra.Command {
	opts := &StatsOptions{Factory: f}
	return &cobra.Command{
		Use:     "stats",
		Short:   "Show the accounts overview: totals by status, manager and CRM",
		Example: "  $ deskctl account stats -o json --jq .active",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return statsRun(cmd.Context(), opts)
		},
	}
}

func statsRun(ctx context.Context, opts *StatsOptions) error {
	p, err := opts.Factory.CheckedPrinter("account_stats", statsColumns, desk.AccountStats{})
	if err != nil {
		return err
	}
	var s desk.AccountStats
	if err := opts.Factory.View(ctx, func(tx *desk.Tx) (err error) {
		s, err = tx.AccountStats()
		return err
	}); err != nil {
		return err
	}
	return p.One(s)
}
