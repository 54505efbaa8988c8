package importcmd

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/transfer"
)

// NewCmdManagers returns `deskctl import managers`.
func NewCmdManagers(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f, transfer.Managers)
	cmd := &cobra.Command{
		Use:   "managers {<file> | -} [flags]",
		Short: "Import account managers from CSV or JSON Lines",
		Long: `Import account managers. The columns are those "deskctl export managers"
writes: id, name, email, employee_id, login, phone, mobile. Import managers
before the accounts that name them in manager_id.`,
		Example: `  $ deskctl import managers managers.csv
  $ deskctl import managers staff.csv --key employee_id --on-conflict update`,
	}
	upsertFlags(cmd, opts, transfer.ManagerKeys)
	return newKindCmd(opts, runF, cmd)
}
