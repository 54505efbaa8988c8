package export

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/transfer"
)

// NewCmdLinks returns `deskctl export links`.
func NewCmdLinks(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f, transfer.Links)
	cmd := &cobra.Command{
		Use:   "links [--account <account>] [--file <path>] [flags]",
		Short: "Export which contact belongs to which account",
		Long: `Export one row per contact that belongs to an account, with the columns
"deskctl import links" reads: account and contact, both ids.`,
		Example: `  $ deskctl export links --file links.csv
  $ deskctl export links --account @acme.com`,
	}
	cmd.Flags().StringVar(&opts.Contacts.Account, "account", "", "only the contacts of this `account`")
	return newKindCmd(opts, runF, cmd, nil)
}
