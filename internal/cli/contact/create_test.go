package contact

import (
	"errors"
	"reflect"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

func TestNewCmdCreate(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		given   []string
		want    CreateOptions // the flags outside Fields
		wantErr string
	}{
		{name: "every field",
			args: []string{"--name", "Ann Lee", "--email", "ann@acme.com", "--phone", "1", "--mobile", "2",
				"--title", "CTO", "--external-id", "CRM-1", "--field", "tier=gold", "--account", "@acme.com", "--dry-run"},
			given: []string{"name=Ann Lee", "email=ann@acme.com", "phone=1", "mobile=2", "title=CTO",
				"external_id=CRM-1", "field.tier=gold", "account=@acme.com"},
			want: CreateOptions{DryRun: true}},
		{name: "email alone", args: []string{"--email", "bob@gmail.com"}, given: []string{"email=bob@gmail.com"}},
		{name: "no auto account", args: []string{"--email", "x@acme.com", "--no-auto-account"},
			given: []string{"email=x@acme.com"}, want: CreateOptions{NoAutoAccount: true}},
		{name: "empty account", args: []string{"--name", "X", "--account", ""}, given: []string{"name=X", "account="}},
		{name: "neither name nor email", args: []string{"--phone", "1"}, wantErr: "--name or --email is required"},
		{name: "account and no-auto-account", args: []string{"--email", "x@acme.com", "--account", "1", "--no-auto-account"},
			wantErr: "--account and --no-auto-account cannot be used together"},
		{name: "bad custom field", args: []string{"--name", "X", "--field", "=1"}, wantErr: `--field "=1": want key=value`},
		{name: "move is for edit", args: []string{"--name", "X", "--move"}, wantErr: "unknown flag: --move"},
		{name: "no arguments", args: []string{"X"}, wantErr: `unknown command "X" for "create"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *CreateOptions
			err := cmdtest.Execute(NewCmdCreate(cmdtest.ParseFactory(t), func(o *CreateOptions) error { got = o; return nil }), tc.args...)
			if tc.wantErr != "" {
				if !errors.Is(err, cmdutil.ErrUsage) || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want the usage error %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g := given(&got.Fields); !reflect.DeepEqual(g, tc.given) {
				t.Errorf("fields = %q, want %q", g, tc.given)
			}
			got.Factory, got.Fields = nil, fieldFlags{}
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("options = %+v, want %+v", *got, tc.want)
			}
		})
	}
}

func TestCreateRun(t *testing.T) {
	for _, tc := range []struct {
		name       string
		args       []string
		fields     []string // --fields, a global flag the factory's config carries
		out, errs  string
		wantErr    error
		errMessage string
	}{
		{name: "joins the account of its domain",
			args: []string{"--email", "bob@acme.com"}, fields: []string{"id", "name", "account_id"},
			out:  "id           2\nname         bob\naccount_id   1\n",
			errs: "created contact 2 (bob@acme.com) in account 1\n"},
		{name: "free mail joins nothing",
			args: []string{"--name", "Cy", "--email", "cy@gmail.com"}, fields: []string{"id", "account_id"},
			out:  "id           2\naccount_id\n",
			errs: "created contact 2 (cy@gmail.com) without an account\n"},
		{name: "explicit account",
			args: []string{"--name", "Dee", "--account", "Globex"}, fields: []string{"id", "account_id"},
			out:  "id           2\naccount_id   2\n",
			errs: "created contact 2 (Dee) in account 2\n"},
		{name: "taken email", args: []string{"--email", "ANN@acme.com"},
			wantErr: desk.ErrConflict, errMessage: "email is already used by contact 1"},
		{name: "unknown account", args: []string{"--name", "X", "--account", "Nope"},
			wantErr: desk.ErrNotFound, errMessage: `account "Nope" not found`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.seed()
			before := e.StoreBytes()
			e.cfg.Fields = tc.fields
			err := e.Run(NewCmdCreate(e.f, nil), tc.args...)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) || err.Error() != tc.errMessage {
					t.Fatalf("err = %v, want %q (%v)", err, tc.errMessage, tc.wantErr)
				}
				if !reflect.DeepEqual(before, e.StoreBytes()) {
					t.Error("a refused create changed the store")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if e.out.String() != tc.out {
				t.Errorf("stdout = %q, want %q", e.out, tc.out)
			}
			if e.eo.String() != tc.errs {
				t.Errorf("stderr = %q, want %q", e.eo, tc.errs)
			}
		})
	}
}
