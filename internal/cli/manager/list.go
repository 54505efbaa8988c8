package manager

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// ListOptions are the inputs of `manager list`.
type ListOptions struct {
	Factory *cmdutil.Factory
	After   uint64
	Limit   int
}

// errLimit ends the scan once --limit managers are printed.
var errLimit = errors.New("limit reached")

// NewCmdList returns `manager list`.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{Factory: f}
	cmd := &cobra.Command{
		Use:     "list [--limit <n>] [--after <id>]",
		Aliases: []string{"ls"},
		Short:   "List account managers",
		Long: `List account managers in id order. Page with --after: pass the id of
the last manager of the previous page.`,
		Example: `  $ deskctl manager list
  $ deskctl manager list -o jsonl --jq .email
  $ deskctl manager list --limit 50 --after 200`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.CheckLimit(opts.Limit); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return listRun(cmd.Context(), opts)
		},
	}
	cmdutil.AddPageFlags(cmd.Flags(), &opts.Limit, &opts.After, "managers", "start after the manager with this `id`")
	return cmd
}

func listRun(ctx context.Context, opts *ListOptions) error {
	f := opts.Factory
	p, err := f.CheckedPrinter("manager", defaultColumns, &desk.Manager{})
	if err != nil {
		return err
	}
	w, err := p.List()
	if err != nil {
		return err
	}
	n := 0
	err = f.View(ctx, func(tx *desk.Tx) error {
		err := tx.ListManagers(opts.After, func(m *desk.Manager) error {
			if err := w.Write(m); err != nil {
				return err
			}
			if n++; opts.Limit > 0 && n >= opts.Limit {
				return errLimit
			}
			return nil
		})
		if errors.Is(err, errLimit) {
			return nil
		}
		return err
	})
	return w.Finish(err)
}
