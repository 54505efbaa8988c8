package contact

import (
	"errors"
	"reflect"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

func TestNewCmdAssociate(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		want    AssociateOptions
		wantErr string
	}{
		{name: "several contacts", args: []string{"1", "ann@acme.com", "ext:C-9", "--account", "@acme.com"},
			want: AssociateOptions{Refs: []string{"1", "ann@acme.com", "ext:C-9"}, Account: "@acme.com"}},
		{name: "move and dry run", args: []string{"1", "--account", "2", "--move", "--dry-run"},
			want: AssociateOptions{Refs: []string{"1"}, Account: "2", Move: true, DryRun: true}},
		{name: "no contact", args: []string{"--account", "2"},
			wantErr: "at least one contact is required: an id, an email or ext:ID"},
		{name: "no account", args: []string{"1"}, wantErr: "--account is required"},
		{name: "account without value", args: []string{"1", "--account"},
			wantErr: "flag needs an argument: --account"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *AssociateOptions
			err := cmdtest.Execute(NewCmdAssociate(cmdtest.ParseFactory(t), func(o *AssociateOptions) error { got = o; return nil }), tc.args...)
			if tc.wantErr != "" {
				if !errors.Is(err, cmdutil.ErrUsage) || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want the usage error %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got.Factory = nil
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("options = %+v, want %+v", *got, tc.want)
			}
		})
	}
}

func TestAssociateRun(t *testing.T) {
	for _, tc := range []struct {
		name       string
		args       []string
		out, errs  string
		wantErr    error
		errMessage string
	}{
		{name: "moved and joined in one write",
			args: []string{"bob@gmail.com", "ann@acme.com", "--account", "Globex", "--move"},
			out: "ID   NAME   EMAIL           ACCOUNT ID   TITLE   PHONE\n" +
				"2    bob    bob@gmail.com   2\n" +
				"1    Ann    ann@acme.com    2\n",
			errs: "associated contact 2 (bob@gmail.com) with account 2\n" +
				"moved contact 1 (ann@acme.com) from account 1 to account 2\n"},
		{name: "already there", args: []string{"ann@acme.com", "--account", "@acme.com"},
			out:  "ID   NAME   EMAIL          ACCOUNT ID   TITLE   PHONE\n1    Ann    ann@acme.com   1\n",
			errs: "contact 1 (ann@acme.com) already belongs to account 1\n"},
		{name: "dry run", args: []string{"bob@gmail.com", "--account", "2", "--dry-run"},
			out:  "ID   NAME   EMAIL           ACCOUNT ID   TITLE   PHONE\n2    bob    bob@gmail.com   2\n",
			errs: "dry run: would have associated contact 2 (bob@gmail.com) with account 2; nothing was written\n"},
		{name: "another account without --move changes no one",
			args:    []string{"bob@gmail.com", "ann@acme.com", "--account", "Globex"},
			wantErr: desk.ErrConflict, errMessage: "contact 1 (ann@acme.com) belongs to account 1; use --move to move it to account 2"},
		{name: "unknown account", args: []string{"bob@gmail.com", "--account", "@nope.example"},
			wantErr: desk.ErrNotFound, errMessage: `account "@nope.example" not found`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.seed()
			e.Update(func(tx *desk.Tx) error {
				_, err := tx.CreateContact(desk.ContactChange{Set: []desk.FieldValue{{Field: "email", Value: "bob@gmail.com"}}})
				return err
			})
			before := e.StoreBytes()
			err := e.Run(NewCmdAssociate(e.f, nil), tc.args...)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) || err.Error() != tc.errMessage {
					t.Fatalf("err = %v, want %q (%v)", err, tc.errMessage, tc.wantErr)
				}
				if e.out.Len() != 0 || e.eo.Len() != 0 {
					t.Errorf("a refused associate printed %q and %q", e.out, e.eo)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if e.out.String() != tc.out {
				t.Errorf("stdout = %q, want %q", e.out, tc.out)
			}
			if e.eo.String() != tc.errs {
				t.Errorf("stderr = %q, want %q", e.eo, tc.errs)
			}
			if (tc.wantErr != nil || tc.name == "dry run") && !reflect.DeepEqual(before, e.StoreBytes()) {
				t.Error("the store changed")
			}
		})
	}
}
