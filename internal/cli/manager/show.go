package manager

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/account"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
)

// ShowOptions are the inputs of `manager show`.
type ShowOptions struct {
	Factory *cmdutil.Factory
	Ref     string
}

// NewCmdShow returns `manager show`.
func NewCmdShow(f *cmdutil.Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "show {<id> | <email> | emp:<employee-id> | <login>}",
		Short: "Show a manager and the accounts they manage",
		Long: `Show a manager's fields, then how many accounts they manage, then those
accounts. In JSON the accounts are a nested array, "accounts", after
"account_count".`,
		Example: `  $ deskctl manager show mia
  $ deskctl manager show mia@example.com -o json --jq '.accounts[].name'
  $ deskctl manager show emp:E-042`,
		Args: cmdutil.ExactArgs(1, refHelp),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(opts)
			}
			return showRun(cmd.Context(), opts)
		},
	}
	return cmd
}

// details is a manager as `manager show` prints it.
type details struct {
	*desk.Manager
	AccountCount int              `json:"account_count"`
	Accounts     []account.Record `json:"accounts"`
}

// detailColumns are the lines of the table form of `manager show`, unless
// config `columns.manager_details` or --fields say otherwise.
var detailColumns = []string{"id", "name", "email", "login", "employee_id", "phone", "mobile",
	"account_count", "created_at", "updated_at", "version"}

func showRun(ctx context.Context, opts *ShowOptions) error {
	f := opts.Factory
	sample := details{Manager: &desk.Manager{}, Accounts: []account.Record{}}
	p, err := f.CheckedPrinter("manager_details", detailColumns, sample)
	if err != nil {
		return err
	}
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	// The accounts table uses the configured account columns: check them
	// now, not after the manager is printed.
	accountColumns := cfg.ColumnsFor("account", cmdutil.DefaultColumns["account"])
	if err := output.ValidateFields(accountColumns, cmdutil.JSONKeys(account.NewRecord(&desk.Account{}))); err != nil {
		return cmdutil.WithHint(err, "check columns.account in "+cfg.File)
	}
	var rec details
	if err := f.View(ctx, func(tx *desk.Tx) (err error) {
		rec = details{Accounts: []account.Record{}}
		if rec.Manager, err = tx.Manager(opts.Ref); err != nil {
			return err
		}
		filter := desk.AccountFilter{Manager: fmt.Sprint(rec.ID)}
		return tx.ListAccounts(filter, func(a *desk.Account) error {
			rec.Accounts = append(rec.Accounts, account.NewRecord(a))
			return nil
		})
	}); err != nil {
		return err
	}
	rec.AccountCount = len(rec.Accounts)
	if err := p.One(rec); err != nil {
		return err
	}
	return printAccounts(f, rec, accountColumns)
}

// printAccounts prints the managed accounts under the manager's fields
// when the output is a table (with the account columns of the config); the
// other formats nest them.
func printAccounts(f *cmdutil.Factory, rec details, columns []string) error {
	oo, err := f.OutputOptions()
	if err != nil || (oo.Format != "" && oo.Format != output.FormatTable) || len(oo.Fields) > 0 {
		return err
	}
	out := f.IOStreams.Out
	fmt.Fprintf(out, "\nACCOUNTS (%d)\n", rec.AccountCount)
	if rec.AccountCount == 0 {
		return nil
	}
	l, err := output.NewList(out, output.Options{Format: output.FormatTable, NoHeader: oo.NoHeader}, columns)
	if err != nil {
		return err
	}
	for _, a := range rec.Accounts {
		if err = l.Write(a); err != nil {
			break
		}
	}
	if cerr := l.Close(); err == nil {
		err = cerr
	}
	return err
}
