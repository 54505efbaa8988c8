package export

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/transfer"
)

// NewCmdManagers returns `deskctl export managers`.
func NewCmdManagers(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := newOptions(f, transfer.Managers)
	cmd := &cobra.Command{
		Use:   "managers [--file <path>] [flags]",
		Short: "Export account managers",
		Long: `Export account managers with the columns "deskctl import managers" reads:
id, name, email, employee_id, login, phone, mobile.`,
		Example: `  $ deskctl export managers --file managers.csv`,
	}
	return newKindCmd(opts, runF, cmd, nil)
}
