package account

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
		{args: []string{"1"}, want: DeleteOptions{Ref: "1"}},
		{args: []string{"@acme.com", "--detach", "--yes", "--if-version", "2", "--dry-run"},
			want: DeleteOptions{Ref: "@acme.com", Detach: true, Yes: true, IfVersion: 2, DryRun: true}},
		{args: []string{"-y", "ext:X"}, want: DeleteOptions{Ref: "ext:X", Yes: true}},
		{args: nil, wantErr: "an account is required: an id, a name, @domain or ext:ID"},
		{args: []string{"1", "2"}, wantErr: `too many arguments: ["2"] (want 1)`},
		{args: []string{"1", "--force"}, wantErr: "unknown flag: --force"},
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
		setup     func(e *testEnv)
		args      []string
		tty       bool
		input     string
		noInput   bool
		stderr    string
		errIs     error
		errMsg    string
		unchanged bool
		gone      bool // account 1 no longer exists
	}{
		{name: "needs --yes off a terminal", args: []string{"1"}, errIs: cmdutil.ErrUsage,
			errMsg: "refusing to delete account 1 without --yes when input is not a terminal", unchanged: true},
		{name: "--no-input never prompts", args: []string{"1"}, tty: true, noInput: true, errIs: cmdutil.ErrUsage,
			errMsg: "refusing to delete account 1 without --yes: --no-input is set", unchanged: true},
		{name: "confirmed on a terminal", args: []string{"1"}, tty: true, input: "y\n",
			stderr: "Really delete account 1? [y/N] deleted account 1 (Acme Ltd)\n", gone: true},
		{name: "declined on a terminal", args: []string{"1"}, tty: true, input: "n\n",
			stderr: "Really delete account 1? [y/N] ", errIs: cmdutil.ErrCancelled, unchanged: true},
		{name: "yes", args: []string{"Acme Ltd", "--yes"}, stderr: "deleted account 1 (Acme Ltd)\n", gone: true},
		{name: "has contacts", setup: func(e *testEnv) { e.Contact("name", "Ann", "email", "ann@acme.com") },
			args: []string{"1", "--yes"}, errIs: desk.ErrConflict,
			errMsg:    "account 1 (Acme Ltd) still has 1 contact(s) (1); use --detach to disassociate them first (contacts and their tickets stay)",
			unchanged: true},
		{name: "detach", setup: func(e *testEnv) { e.Contact("name", "Ann", "email", "ann@acme.com") },
			args: []string{"1", "--yes", "--detach"}, stderr: "deleted account 1 (Acme Ltd)\n", gone: true},
		{name: "stale version", args: []string{"1", "--yes", "--if-version", "9"}, errIs: desk.ErrConflict,
			errMsg: "account 1 is at version 1, not 9: it changed since you read it", unchanged: true},
		{name: "dry run needs no --yes", args: []string{"1", "--dry-run"},
			stderr: "dry run: would have deleted account 1 (Acme Ltd); nothing was written\n", unchanged: true},
		{name: "not found", args: []string{"@nowhere.example", "--yes"}, errIs: desk.ErrNotFound, unchanged: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.Account("name", "Acme Ltd", "domains", "acme.com")
			if tc.setup != nil {
				tc.setup(e)
			}
			e.cfg.NoInput = tc.noInput
			e.f.IOStreams.SetStdinTTY(tc.tty)
			before := e.StoreBytes()
			e.in.WriteString(tc.input)
			err := e.Run(NewCmdDelete(e.f, nil), tc.args...)
			assertResult(t, e, err, tc.errIs, tc.errMsg, "", tc.stderr)
			if tc.unchanged && string(e.StoreBytes()) != string(before) {
				t.Error("the store changed")
			}
			if tc.gone {
				err := e.f.View(t.Context(), func(tx *desk.Tx) error { _, err := tx.Account("1"); return err })
				if !errors.Is(err, desk.ErrNotFound) {
					t.Errorf("account 1 after delete: %v", err)
				}
			}
		})
	}
}
