package manager

import (
	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
)

// NewCmdManager returns the manager command group.
func NewCmdManager(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "manager <command>",
		Short: "Create, list, edit and delete account managers",
		Long: `An account manager looks after accounts: each account has at most one
manager (account create/edit --manager), and a manager may manage many
accounts. A manager has a name, and optionally an email, an employee id and
a login — each unique — a phone and a mobile.

A manager is named by its id, its email, emp:EMPLOYEE_ID or its login.`,
	}
	cmd.AddCommand(
		NewCmdCreate(f, nil),
		NewCmdList(f, nil),
		NewCmdShow(f, nil),
		NewCmdEdit(f, nil),
		NewCmdDelete(f, nil),
	)
	return cmd
}

// defaultColumns are the table and csv columns unless config
// `columns.manager` or --fields say otherwise.
var defaultColumns = cmdutil.DefaultColumns["manager"]

// refHelp is the argument error of the verbs that name one manager.
const refHelp = "a manager is required: an id, an email, emp:EMPLOYEE_ID or a login"
