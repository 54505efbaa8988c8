package importcmd

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/transfer"
)

// NewCmdLinks returns `deskctl import links`.
func NewCmdLinks(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f, transfer.Links)
	cmd := &cobra.Command{
		Use:   "links {<file> | -} [flags]",
		Short: "Associate contacts with accounts in bulk",
		Long: `Associate contacts with accounts: each row names an account and a contact
(columns account and contact, as "deskctl export links" writes them). Both
must exist. A contact that already belongs to another account is refused
unless --move.

By default a cell is read as a reference: an account by id, @domain,
ext:EXTERNAL_ID or exact name; a contact by id, email or ext:EXTERNAL_ID.
--account-key and --contact-key read every cell as one kind of key, so that
plain external ids or names need no prefix.`,
		Example: `  $ deskctl import links links.csv
  $ deskctl import links crm-links.csv --account-key external_id --contact-key email --move`,
	}
	cmd.Flags().StringVar(&opts.AccountKey, "account-key", "auto", "how the account column names an account: "+strings.Join(transfer.AccountRefs, ", "))
	cmd.Flags().StringVar(&opts.ContactKey, "contact-key", "auto", "how the contact column names a contact: "+strings.Join(transfer.ContactRefs, ", "))
	cmd.Flags().BoolVar(&opts.Move, "move", false, "move contacts that belong to another account")
	return newKindCmd(opts, runF, cmd)
}
