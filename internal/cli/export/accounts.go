package export

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/transfer"
)

// NewCmdAccounts returns `deskctl export accounts`.
func NewCmdAccounts(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f, transfer.Accounts)
	a := &opts.Accounts
	cmd := &cobra.Command{
		Use:   "accounts [--status <status>] [--tag <tag>] [--file <path>] [flags]",
		Short: "Export accounts",
		Long: `Export accounts with the columns "deskctl import accounts" reads: id, name,
domains, external_id, status, parent_id, manager_id, phone, email, website,
description, tags, crm_id, crm_status, logo_url, slack_channel, then one
field.NAME column per custom field in use (sorted). Lists are ';'-separated
in one cell; ids are decimal, empty for none. The filters are those of
"deskctl account list".`,
		Example: `  $ deskctl export accounts > accounts.csv
  $ deskctl export accounts --status active --tag vip --file vip.csv
  $ deskctl export accounts --format jsonl --field tier=gold`,
	}
	fl := cmd.Flags()
	fl.StringVar(&a.Status, "status", "", "only accounts with this `status`: active or inactive")
	fl.StringVar(&a.Tag, "tag", "", "only accounts with this `tag`")
	fl.StringVar(&a.Manager, "manager", "", "only accounts of this `manager` (id, email, emp:ID or login)")
	fl.StringArrayVar(&opts.FieldFilters, "field", nil, "only accounts whose custom field `name=value` (repeatable)")
	fl.StringVar(&a.Domain, "domain", "", "only the account owning this `domain`")
	fl.StringVar(&a.CRMStatus, "crm-status", "", "only accounts with this CRM `status`: unmapped, pending, synced or failed")
	fl.StringVar(&a.Parent, "parent", "", "only sub-accounts of this `account`")
	fl.StringVar(&a.Search, "search", "", "only accounts whose name, a domain or email contains `text`")
	fl.IntVarP(&a.Limit, "limit", "L", 0, "export at most `n` accounts (0 = all)")
	fl.Uint64Var(&a.After, "after", 0, "start after account `id` (paging)")
	return newKindCmd(opts, runF, cmd, func() error {
		if len(opts.FieldFilters) > 0 {
			a.Fields = map[string]string{}
		}
		for _, kv := range opts.FieldFilters {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || strings.TrimSpace(k) == "" {
				return cmdutil.FlagErrorf("invalid --field %q: want name=value", kv)
			}
			a.Fields[strings.TrimSpace(k)] = v
		}
		if a.Limit < 0 {
			return cmdutil.FlagErrorf("--limit must be 0 (all) or more")
		}
		return nil
	})
}
