package importcmd

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/transfer"
)

// NewCmdAccounts returns `deskctl import accounts`. runF replaces the run
// function in tests; nil runs the import.
func NewCmdAccounts(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f, transfer.Accounts)
	cmd := &cobra.Command{
		Use:   "accounts {<file> | -} [flags]",
		Short: "Import accounts from CSV or JSON Lines",
		Long: `Import accounts. The columns are those "deskctl export accounts" writes:
id, name, domains, external_id, status, parent_id, manager_id, phone,
email, website, description, tags, crm_id, crm_status, logo_url,
slack_channel, and field.NAME for custom fields. Lists (domains, tags) are
';'-separated in one cell. Column names match ignoring case, spaces, '_'
and '-' ("Account Name", "Primary Domain" and "External ID" work).

--key says which column identifies an existing account: name (default),
external_id or id. --key id is the restore path: an account whose id is
absent is created with that id.`,
		Example: `  $ deskctl import accounts accounts.csv
  $ deskctl import accounts crm.csv --key external_id --on-conflict update
  $ deskctl import accounts export.csv --delimiter ";" --encoding windows-1252 --map "Company=name"
  $ deskctl import accounts big.csv --continue-on-error --errors rejected.csv`,
	}
	upsertFlags(cmd, opts, desk.AccountKeys)
	return newKindCmd(opts, runF, cmd)
}
