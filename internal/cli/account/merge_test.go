package account

import (
	"errors"
	"reflect"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
)

func TestNewCmdMerge(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    MergeOptions
		wantErr string
	}{
		{args: []string{"Acme Inc", "Acme Ltd"}, want: MergeOptions{Src: "Acme Inc", Dst: "Acme Ltd"}},
		{args: []string{"2", "1", "--yes", "--dry-run"}, want: MergeOptions{Src: "2", Dst: "1", Yes: true, DryRun: true}},
		{args: []string{"2"}, wantErr: "two accounts are required: the source, then the destination"},
		{args: []string{"3", "2", "1"}, wantErr: `too many arguments: ["1"] (want 2)`},
	} {
		var got *MergeOptions
		err := cmdtest.Execute(NewCmdMerge(cmdtest.ParseFactory(t), func(o *MergeOptions) error { got = o; return nil }), tc.args...)
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

func TestMergeRun(t *testing.T) {
	for _, tc := range []struct {
		name      string
		args      []string
		setup     func(e *testEnv)
		stdout    string
		stderr    string
		errIs     error
		errMsg    string
		unchanged bool
		merged    bool
	}{
		{name: "merge", args: []string{"Acme Inc", "Acme Ltd", "--yes"},
			stdout: `{"id":1,"domains":["acme.com","acme-inc.com"],"tags":["gold","vip"]}` + "\n",
			stderr: "merged Acme Inc into account 1 (Acme Ltd)\n", merged: true},
		{name: "needs --yes", args: []string{"2", "1"}, errIs: cmdutil.ErrUsage,
			errMsg: "refusing to merge account 2 into 1 and delete 2 without --yes when input is not a terminal", unchanged: true},
		{name: "into itself", args: []string{"1", "@acme.com", "--yes"}, errIs: desk.ErrInvalid,
			errMsg: "account: cannot merge account 1 into itself", unchanged: true},
		{name: "into an inactive account", args: []string{"2", "1", "--yes"},
			setup: func(e *testEnv) {
				e.Update(func(tx *desk.Tx) error { _, err := tx.SetAccountStatus("1", "inactive"); return err })
			},
			errIs: desk.ErrConflict, errMsg: "account 1 (Acme Ltd) is inactive and takes no new contacts; activate it before merging into it",
			unchanged: true},
		{name: "dry run", args: []string{"2", "1", "--dry-run"},
			stdout: `{"id":1,"domains":["acme.com","acme-inc.com"],"tags":["gold","vip"]}` + "\n",
			stderr: "dry run: would have merged 2 into account 1 (Acme Ltd); nothing was written\n", unchanged: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.Account("name", "Acme Ltd", "domains", "acme.com", "tags", "vip")
			e.Account("name", "Acme Inc", "domains", "acme-inc.com", "tags", "gold")
			e.Contact("name", "Ann", "email", "ann@acme-inc.com")
			e.Update(func(tx *desk.Tx) error { _, err := tx.AddNote("2", "renewal in May"); return err })
			if tc.setup != nil {
				tc.setup(e)
			}
			e.cfg.Output, e.cfg.Fields = output.FormatJSONL, []string{"id", "domains", "tags"}
			before := e.StoreBytes()
			err := e.Run(NewCmdMerge(e.f, nil), tc.args...)
			assertResult(t, e, err, tc.errIs, tc.errMsg, tc.stdout, tc.stderr)
			if tc.unchanged && string(e.StoreBytes()) != string(before) {
				t.Error("the store changed")
			}
			if !tc.merged {
				return
			}
			var contact *desk.Contact
			var notes int
			if err := e.f.View(t.Context(), func(tx *desk.Tx) (err error) {
				if _, err := tx.Account("2"); !errors.Is(err, desk.ErrNotFound) {
					t.Errorf("source after merge: %v", err)
				}
				if contact, err = tx.Contact("ann@acme-inc.com"); err != nil {
					return err
				}
				return tx.Notes("1", func(*desk.Note) error { notes++; return nil })
			}); err != nil {
				t.Fatal(err)
			}
			if contact.AccountID != 1 || notes != 1 {
				t.Errorf("after merge: contact's account %d, %d note(s) on account 1", contact.AccountID, notes)
			}
		})
	}
}
