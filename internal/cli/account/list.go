package account

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// ListOptions are the inputs of `account list`.
type ListOptions struct {
	Factory *cmdutil.Factory
	Filter  desk.AccountFilter
	Fields  []string // --field k=v filters
}

// NewCmdList returns `account list`.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{Factory: f}
	cmd := &cobra.Command{
		Use:     "list [flags]",
		Aliases: []string{"ls"},
		Short:   "List accounts",
		Long: `List accounts, filtered and sorted. --search matches a case-insensitive
substring of the name, a domain or the email. Page with --after: pass the
id of the last account of the previous page.`,
		Example: `  $ deskctl account list --search acme
  $ deskctl account list --status inactive --tag vip -o jsonl
  $ deskctl account list --sort name --limit 50 --after 1234`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Filter.Fields = map[string]string{}
			for _, kv := range opts.Fields {
				k, v, ok := strings.Cut(kv, "=")
				if !ok {
					return cmdutil.FlagErrorf("--field %q: want key=value", kv)
				}
				opts.Filter.Fields[k] = v
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
	fl.StringVarP(&opts.Filter.Search, "search", "s", "", "case-insensitive `text` in the name, a domain or the email")
	fl.StringVar(&opts.Filter.Status, "status", "", "only accounts with this `status`: active or inactive")
	fl.StringVar(&opts.Filter.Manager, "manager", "", "only accounts of this `manager` (id, email, login)")
	fl.StringVar(&opts.Filter.Tag, "tag", "", "only accounts with this `tag`")
	fl.StringArrayVar(&opts.Fields, "field", nil, "only accounts whose custom field `key=value` (repeatable)")
	fl.StringVar(&opts.Filter.Domain, "domain", "", "only the account owning this `domain`")
	fl.StringVar(&opts.Filter.CRMStatus, "crm-status", "", "only accounts with this CRM `status`")
	fl.StringVar(&opts.Filter.Parent, "parent", "", "only sub-accounts of this `account`")
	fl.StringVar(&opts.Filter.Sort, "sort", "id", "sort by `field`: id, name, created_at, updated_at; prefix - to reverse")
	cmdutil.AddPageFlags(fl, &opts.Filter.Limit, &opts.Filter.After, "accounts", "start after the account with this `id` in the sort order")
	return cmd
}

func listRun(ctx context.Context, opts *ListOptions) error {
	p, err := opts.Factory.CheckedPrinter("account", defaultColumns, NewRecord(&desk.Account{}))
	if err != nil {
		return err
	}
	w, err := p.List()
	if err != nil {
		return err
	}
	err = opts.Factory.View(ctx, func(tx *desk.Tx) error {
		return tx.ListAccounts(opts.Filter, func(a *desk.Account) error { return w.Write(NewRecord(a)) })
	})
	return w.Finish(err)
}
