package db

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/output"
	"github.com/deskctl/deskctl/internal/store"
)

// CheckOptions are the inputs of `db check`.
type CheckOptions struct {
	Factory *cmdutil.Factory
}

// NewCmdCheck returns `db check`.
func NewCmdCheck(f *cmdutil.Factory, runF func(*CheckOptions) error) *cobra.Command {
	opts := &CheckOptions{Factory: f}
	return &cobra.Command{
		Use:   "check",
		Short: "Verify every index and every clause of the rule",
		Long: `Walk the whole store and verify it: every index entry points at a live
record that carries its value, every record is indexed, every contact's
account and every ticket's contact exists, no account's parent chain has a
cycle; with bbolt, the file's pages are checked first.

Prints one problem per line on stdout and exits 1, or prints "ok:" and the
record counts and exits 0. -o json prints the report:
{"ok": bool, "records": {kind: count}, "problems": [text]}.`,
		Example: `  $ deskctl db check
  $ deskctl db check -o json --jq .problems[]`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return checkRun(cmd.Context(), opts)
		},
	}
}

// report is the check report as printed.
type report struct {
	OK       bool           `json:"ok"`
	Records  map[string]int `json:"records"`
	Problems []string       `json:"problems"`
}

// pageChecker is implemented by backends with a check of their own.
type pageChecker interface {
	Check(ctx context.Context) error
}

// checkOrder is the order of the record counts in the "ok:" line.
var checkOrder = []string{"account", "contact", "ticket", "manager", "note", "log", "job"}

func checkRun(ctx context.Context, opts *CheckOptions) error {
	f := opts.Factory
	d, err := f.Desk(ctx, false)
	if err != nil {
		return err
	}
	defer d.Close()
	r := report{Records: map[string]int{}, Problems: []string{}}
	if pc, ok := d.Store().(pageChecker); ok {
		if err := pc.Check(ctx); err != nil {
			if !errors.Is(err, store.ErrCorrupt) {
				return err
			}
			r.Problems = append(r.Problems, err.Error())
		}
	}
	cr, err := d.Check(ctx)
	if err != nil {
		return err
	}
	r.Records = cr.Records
	r.Problems = append(r.Problems, cr.Problems...)
	r.OK = len(r.Problems) == 0
	if err := printReport(f, r); err != nil {
		return err
	}
	if !r.OK {
		return cmdutil.WithHint(
			fmt.Errorf("the store has %d problem(s): %w", len(r.Problems), store.ErrCorrupt),
			"restore a backup (deskctl db backup), or report the problems with the command that caused them")
	}
	return nil
}

func printReport(f *cmdutil.Factory, r report) error {
	oo, err := f.OutputOptions()
	if err != nil {
		return err
	}
	if oo.Format == output.FormatJSON || oo.Format == output.FormatJSONL {
		p, err := f.Printer("check", nil)
		if err != nil {
			return err
		}
		return p.One(r)
	}
	out := f.IOStreams.Out
	if !r.OK {
		for _, p := range r.Problems {
			fmt.Fprintln(out, p)
		}
		return nil
	}
	_, err = io.WriteString(out, "ok: "+countLine(r.Records)+"\n")
	return err
}

// countLine is "3 accounts, 5 contacts, ..." in checkOrder, then any other
// kind in name order.
func countLine(records map[string]int) string {
	kinds := append([]string{}, checkOrder...)
	var extra []string
	for k := range records {
		if !slices.Contains(checkOrder, k) {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	var parts []string
	for _, k := range append(kinds, extra...) {
		n := records[k]
		name := k
		switch {
		case k == "log":
			name = "log entries"
			if n == 1 {
				name = "log entry"
			}
		case n != 1:
			name += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, name))
	}
	return strings.Join(parts, ", ")
}
