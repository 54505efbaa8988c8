package contact

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// ListOptions are the inputs of `contact list`.
type ListOptions struct {
	Factory *cmdutil.Factory
	Filter  desk.ContactFilter
}

// NewCmdList returns `contact list`.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{Factory: f}
	cmd := &cobra.Command{
		Use:     "list [flags]",
		Aliases: []string{"ls"},
		Short:   "List contacts",
		Long: `List contacts in id order. --search matches a case-insensitive substring
of the name or the email. Page with --after: pass the id of the last
contact of the previous page.`,
		Example: `  $ deskctl contact list --account @acme.com
  $ deskctl contact list --no-account -o jsonl
  $ deskctl contact list --search lee --limit 50 --after 1234`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.MutuallyExclusive("--account and --no-account cannot be used together",
				cmd.Flags().Changed("account"), opts.Filter.NoAccount); err != nil {
				return err
			}
			if err := cmdutil.CheckLimit(opts.Filter.Limit); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return listRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Filter.Account, "account", "", "only contacts of this `account` (id, name, @domain or ext:ID)")
	fl.BoolVar(&opts.Filter.NoAccount, "no-account", false, "only contacts that belong to no account")
	fl.StringVarP(&opts.Filter.Search, "search", "s", "", "case-insensitive `text` in the name or the email")
	cmdutil.AddPageFlags(fl, &opts.Filter.Limit, &opts.Filter.After, "contacts", "start after the contact with this `id`")
	return cmd
}

func listRun(ctx context.Context, opts *ListOptions) error {
	p, err := opts.Factory.Printer("contact", defaultColumns)
	if err != nil {
		return err
	}
	w, err := p.List()
	if err != nil {
		return err
	}
	err = opts.Factory.View(ctx, func(tx *desk.Tx) error {
		return tx.ListContacts(opts.Filter, func(c *desk.Contact) error { return w.Write(c) })
	})
	return w.Finish(err)
}
