package ticket

import (
	"errors"
	"os"
	"path/filepath"
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
		want    CreateOptions // without Factory and Fields
		fields  ticketFlags   // the values of Fields
		wantErr string
	}{
		{name: "contact and fields",
			args: []string{"--contact", "ann@acme.com", "--subject", "Fire", "--description", "Smoke",
				"--status", "pending", "--priority", "high", "--account", "Acme", "--by-manager", "mia", "--dry-run"},
			want:   CreateOptions{Contact: "ann@acme.com", Account: "Acme", ByManager: "mia", DryRun: true},
			fields: ticketFlags{Subject: "Fire", Description: "Smoke", Status: "pending", Priority: "high"}},
		{name: "intake by email",
			args:   []string{"--email", "nia@newco.example", "--name", "Nia", "--create-account", "--subject", "Quote"},
			want:   CreateOptions{Email: "nia@newco.example", Name: "Nia", CreateAccount: true},
			fields: ticketFlags{Subject: "Quote"}},
		{name: "from a message needs no subject",
			args: []string{"--from-email", "-", "--no-auto-account"},
			want: CreateOptions{FromEmail: "-", NoAutoAccount: true}},
		{name: "account alone reaches the domain", args: []string{"--account", "Acme", "--subject", "x"},
			want: CreateOptions{Account: "Acme"}, fields: ticketFlags{Subject: "x"}},
		{name: "no contact", args: []string{"--subject", "x"},
			wantErr: "a contact is required: --contact C, --email ADDR or --from-email FILE"},
		{name: "contact and email", args: []string{"--contact", "1", "--email", "a@b.example", "--subject", "x"},
			wantErr: "specify only one of --contact, --email or --from-email"},
		{name: "email and message", args: []string{"--email", "a@b.example", "--from-email", "m.eml"},
			wantErr: "specify only one of --contact, --email or --from-email"},
		{name: "account with intake", args: []string{"--email", "a@b.example", "--account", "1", "--subject", "x"},
			wantErr: "--account cannot be used with --email or --from-email: the sender's domain decides the account"},
		{name: "intake flags without intake", args: []string{"--contact", "1", "--name", "N", "--subject", "x"},
			wantErr: "--name, --create-account and --no-auto-account need --email or --from-email"},
		{name: "create and no auto account", args: []string{"--email", "a@b.example", "--subject", "x", "--create-account", "--no-auto-account"},
			wantErr: "--create-account and --no-auto-account cannot be used together"},
		{name: "no subject", args: []string{"--contact", "1"}, wantErr: "--subject is required"},
		{name: "stdin twice", args: []string{"--from-email", "-", "--description", "-"},
			wantErr: "--from-email - and --description - cannot both read stdin"},
		{name: "empty message file", args: []string{"--from-email", ""},
			wantErr: "--from-email needs a file name, or - for stdin"},
		{name: "no account flag on a ticket", args: []string{"--contact", "1", "--subject", "x", "--account-id", "2"},
			wantErr: "unknown flag: --account-id"},
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
			fields := got.Fields
			fields.cmd = nil
			if fields != tc.fields {
				t.Errorf("fields = %+v, want %+v", fields, tc.fields)
			}
			got.Factory, got.Fields = nil, ticketFlags{}
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("options = %+v, want %+v", *got, tc.want)
			}
		})
	}
}

const message = "From: =?UTF-8?Q?N=C3=ADa_Ode?= <nia@newco.example>\r\n" +
	"Subject: Quote request\r\n" +
	"Content-Type: text/plain; charset=iso-8859-1\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
	"Hello,\r\nfive caf=E9 tables, please.\r\n"

func TestCreateRun(t *testing.T) {
	for _, tc := range []struct {
		name       string
		args       []string
		stdin      string
		fields     []string
		out, errs  string
		wantErr    error
		errMessage string
	}{
		{name: "for a contact",
			args: []string{"--contact", "ann@acme.com", "--subject", "Printer on fire", "--priority", "urgent"},
			out: "id            1\nsubject       Printer on fire\nstatus        open\npriority      urgent\n" +
				"contact_id    1\naccount_id    1\ndescription\ncreated_at    2026-11-24T12:00:00Z\n" +
				"updated_at    2026-11-24T12:00:00Z\nversion       1\n",
			errs: "created ticket 1 for contact 1 (ann@acme.com) in account 1\n"},
		{name: "description from stdin", stdin: "line 1\nline 2\n",
			args: []string{"--contact", "1", "--subject", "x", "--description", "-"}, fields: []string{"description"},
			out: "description   line 1\\nline 2\n", errs: "created ticket 1 for contact 1 (ann@acme.com) in account 1\n"},
		{name: "a message creates account, contact and ticket", stdin: message,
			args: []string{"--from-email", "-", "--create-account"}, fields: []string{"subject", "description", "contact_id", "account_id"},
			out: "subject       Quote request\ndescription   Hello,\\nfive café tables, please.\n" +
				"contact_id    2\naccount_id    3\n",
			errs: "created account 3 (newco.example) for the sender's domain\n" +
				"created contact 2 (nia@newco.example)\n" +
				"created ticket 1 for contact 2 (nia@newco.example) in account 3\n"},
		{name: "explicit flags win over the message", stdin: message,
			args: []string{"--from-email", "-", "--subject", "Mine", "--name", "N. Ode"}, fields: []string{"subject", "account_id"},
			out:  "subject      Mine\naccount_id\n",
			errs: "created contact 2 (nia@newco.example)\ncreated ticket 1 for contact 2 (nia@newco.example) without an account\n"},
		{name: "account alone", args: []string{"--account", "Acme", "--subject", "x"},
			wantErr: desk.ErrInvalid,
			errMessage: "a ticket belongs to a contact, not to an account: pick one of account 1's contacts:\n" +
				"  --contact 1   (ann@acme.com)"},
		{name: "contact of another account", args: []string{"--contact", "1", "--account", "Globex", "--subject", "x"},
			wantErr: desk.ErrConflict, errMessage: "contact 1 (ann@acme.com) does not belong to account 2"},
		{name: "a message without From", stdin: "Subject: x\r\n\r\nbody\r\n", args: []string{"--from-email", "-"},
			wantErr: desk.ErrInvalid, errMessage: "--from-email stdin: the message has no From address"},
		{name: "a missing file", args: []string{"--from-email", "nope.eml"},
			wantErr: cmdutil.ErrUsage, errMessage: "--from-email: open nope.eml: no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.seed()
			before := e.StoreBytes()
			e.cfg.Fields = tc.fields
			e.in.WriteString(tc.stdin)
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

func TestCreateFromFileTwice(t *testing.T) {
	e := newEnv(t)
	path := filepath.Join(t.TempDir(), "message.eml")
	if err := os.WriteFile(path, []byte(message), 0o600); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := e.Run(NewCmdCreate(e.f, nil), "--from-email", path, "--create-account"); err != nil {
			t.Fatal(err)
		}
	}
	var accounts, contacts int
	e.Update(func(tx *desk.Tx) error {
		if err := tx.ListAccounts(desk.AccountFilter{}, func(*desk.Account) error { accounts++; return nil }); err != nil {
			return err
		}
		return tx.ListContacts(desk.ContactFilter{}, func(*desk.Contact) error { contacts++; return nil })
	})
	if accounts != 1 || contacts != 1 {
		t.Errorf("after the same message twice: %d accounts, %d contacts; want 1 and 1", accounts, contacts)
	}
}
