package export

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/transfer"
)

// NewCmdContacts returns `deskctl export contacts`.
func NewCmdContacts(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f, transfer.Contacts)
	c := &opts.Contacts
	cmd := &cobra.Command{
		Use:   "contacts [--account <account>] [--file <path>] [flags]",
		Short: "Export contacts",
		Long: `Export contacts with the columns "deskctl import contacts" reads: id, name,
email, phone, mobile, title, external_id, account_id, then one field.NAME
column per custom field in use (sorted).`,
		Example: `  $ deskctl export contacts --file contacts.csv
  $ deskctl export contacts --account @acme.com --format jsonl`,
	}
	fl := cmd.Flags()
	fl.StringVar(&c.Account, "account", "", "only contacts of this `account` (id, name, @domain or ext:ID)")
	fl.BoolVar(&c.NoAccount, "no-account", false, "only contacts that belong to no account")
	fl.StringVar(&c.Search, "search", "", "only contacts whose name or email contains `text`")
	fl.IntVarP(&c.Limit, "limit", "L", 0, "export at most `n` contacts (0 = all)")
	fl.Uint64Var(&c.After, "after", 0, "start after contact `id` (paging)")
	cmd.MarkFlagsMutuallyExclusive("account", "no-account")
	return newKindCmd(opts, runF, cmd, nil)
}
