package manager

import (
	"errors"
	"reflect"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

func TestNewCmdDelete(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    DeleteOptions
		wantErr string
	}{
		{args: []string{"mia"}, want: DeleteOptions{Ref: "mia"}},
		{args: []string{"emp:E-1", "--unassign", "-y", "--dry-run"}, want: DeleteOptions{Ref: "emp:E-1", Unassign: true, Yes: true, DryRun: true}},
		{args: nil, wantErr: "a manager is required: an id, an email, emp:EMPLOYEE_ID or a login"},
		{args: []string{"mia", "raj"}, wantErr: `too many arguments: ["raj"] (want 1)`},
	} {
		var got *DeleteOptions
		err := cmdtest.Execute(NewCmdDelete(cmdtest.ParseFactory(t), func(o *DeleteOptions) error { got = o; return nil }), tc.args...)
		if tc.wantErr != "" {
			if !errors.Is(err, cmdutil.ErrUsage) || err.Error() != tc.wantErr {
				t.Errorf("%q: err = %v, want the usage error %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		got.Factory = nil
		if !reflect.DeepEqual(*got, tc.want) {
			t.Errorf("%q: options = %+v, want %+v", tc.args, *got, tc.want)
		}
	}
}

func TestDeleteRun(t *testing.T) {
	for _, tc := range []struct {
		name      string
		args      []string
		tty       bool
		input     string
		stderr    string
		errIs     error
		errMsg    string
		unchanged bool
		managers  int // how many managers are left
		managed   int // how many accounts still have a manager
	}{
		{name: "refused while managing accounts", args: []string{"mia", "--yes"}, errIs: desk.ErrConflict,
			errMsg:    "manager 1 still manages 2 account(s) (1, 2); use --unassign to clear them first",
			unchanged: true, managers: 2, managed: 2},
		{name: "unassign", args: []string{"mia", "--yes", "--unassign"},
			stderr: "deleted manager 1 (Mia Wong) and unassigned 2 account(s)\n", managers: 1, managed: 0},
		{name: "manages nothing", args: []string{"raj", "--yes"}, stderr: "deleted manager 2 (Raj Patel)\n", managers: 1, managed: 2},
		{name: "needs --yes off a terminal", args: []string{"raj"}, errIs: cmdutil.ErrUsage,
			errMsg: "refusing to delete manager raj without --yes when input is not a terminal", unchanged: true, managers: 2, managed: 2},
		{name: "confirmed on a terminal", args: []string{"raj"}, tty: true, input: "yes\n",
			stderr: "Really delete manager raj? [y/N] deleted manager 2 (Raj Patel)\n", managers: 1, managed: 2},
		{name: "declined on a terminal", args: []string{"raj"}, tty: true, input: "\n",
			stderr: "Really delete manager raj? [y/N] ", errIs: cmdutil.ErrCancelled, unchanged: true, managers: 2, managed: 2},
		{name: "dry run", args: []string{"1", "--unassign", "--dry-run"},
			stderr:    "dry run: would have deleted manager 1 (Mia Wong) and unassigned 2 account(s); nothing was written\n",
			unchanged: true, managers: 2, managed: 2},
		{name: "not found", args: []string{"nobody", "--yes"}, errIs: desk.ErrNotFound, errMsg: `manager "nobody" not found`,
			unchanged: true, managers: 2, managed: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.Manager("name", "Mia Wong", "login", "mia")
			e.Manager("name", "Raj Patel", "login", "raj")
			e.Account("name", "Acme Ltd", "manager_id", "1")
			e.Account("name", "Globex", "manager_id", "1")
			e.f.IOStreams.SetStdinTTY(tc.tty)
			e.in.WriteString(tc.input)
			before := e.StoreBytes()
			err := e.Run(NewCmdDelete(e.f, nil), tc.args...)
			assertResult(t, e, err, tc.errIs, tc.errMsg, "", tc.stderr)
			if tc.unchanged && string(e.StoreBytes()) != string(before) {
				t.Error("the store changed")
			}
			managers, managed := 0, 0
			if err := e.f.View(t.Context(), func(tx *desk.Tx) error {
				if err := tx.ListManagers(0, func(*desk.Manager) error { managers++; return nil }); err != nil {
					return err
				}
				return tx.ListAccounts(desk.AccountFilter{}, func(a *desk.Account) error {
					if a.ManagerID != 0 {
						managed++
					}
					return nil
				})
			}); err != nil {
				t.Fatal(err)
			}
			if managers != tc.managers || managed != tc.managed {
				t.Errorf("%d manager(s), %d managed account(s); want %d, %d", managers, managed, tc.managers, tc.managed)
			}
		})
	}
}
