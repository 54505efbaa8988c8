package transfer_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/transfer"
)

func accountNames(t *testing.T, d *desk.Desk) string {
	t.Helper()
	var names []string
	if err := d.View(context.Background(), func(tx *desk.Tx) error {
		return tx.ListAccounts(desk.AccountFilter{}, func(a *desk.Account) error {
			names = append(names, a.Name)
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	return strings.Join(names, ",")
}

const threeAccounts = "name,domains,phone\nAcme,acme.com,1\nBeta,beta.io,2\nGamma,gamma.net,3\n"

func TestImportAllOrNothing(t *testing.T) {
	d := newDesk(t)
	// Row 3 is bad; rows 2 and 4 are fine but must not land. Batches of
	// one row make the bad row's batch not the last one.
	text := "name,domains\nAcme,acme.com\nBad,not a domain\nGamma,gamma.net\n"
	var errs bytes.Buffer
	sink := transfer.NewErrorsFile(&errs, []string{"name", "domains"}, ',')
	res, err := importText(t, d, text, transfer.ReadOptions{}, transfer.Options{Kind: transfer.Accounts, BatchSize: 1, Errors: sink})
	if cerr := sink.Close(); cerr != nil {
		t.Fatal(cerr)
	}
	if !errors.Is(err, transfer.ErrRejected) || !errors.Is(err, desk.ErrInvalid) {
		t.Fatalf("err = %v, want ErrRejected", err)
	}
	if want := "1 of 3 rows rejected; nothing was imported (job 1)"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if got := accountNames(t, d); got != "" {
		t.Errorf("accounts after a rejected import: %q", got)
	}
	j := res.Job
	if j.Status != desk.JobFailed || j.Read != 3 || j.Created != 2 || j.Rejected != 1 {
		t.Errorf("job = %+v", j)
	}
	if len(res.Rejected) != 1 || res.Rejected[0].Error() != `line 3, column 2 (domains): "not a domain" is not a valid domain name` {
		t.Errorf("rejected = %v", res.Rejected)
	}
	if want := "name,domains,error\nBad,not a domain,\"\"\"not a domain\"\" is not a valid domain name\"\n"; errs.String() != want {
		t.Errorf("errors file:\n%s\nwant:\n%s", errs.String(), want)
	}
}

func TestImportContinueOnError(t *testing.T) {
	d := newDesk(t)
	text := "name,domains,status\nAcme,acme.com,active\nBad,bad.com,sleeping\nGamma,gamma.net,\nAcme2,ACME.com,\n"
	res, err := importText(t, d, text, transfer.ReadOptions{}, transfer.Options{Kind: transfer.Accounts, ContinueOnError: true})
	if !errors.Is(err, transfer.ErrRejected) || !strings.Contains(err.Error(), "the other rows were imported") {
		t.Fatalf("err = %v", err)
	}
	if got := accountNames(t, d); got != "Acme,Gamma" {
		t.Errorf("accounts = %q", got)
	}
	var msgs []string
	for _, re := range res.Rejected {
		msgs = append(msgs, re.Error())
	}
	want := `line 3, column 3 (status): "sleeping" is not one of active, inactive` + "\n" +
		"line 5: domain acme.com already belongs to account 1"
	if strings.Join(msgs, "\n") != want {
		t.Errorf("rejected:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), want)
	}
	if !errors.Is(res.Rejected[1], desk.ErrConflict) || !errors.Is(res.Rejected[0], desk.ErrInvalid) {
		t.Error("row errors do not unwrap to the domain's classes")
	}
	if res.Job.Status != desk.JobFailed || res.Job.Created != 2 || res.Job.Rejected != 2 {
		t.Errorf("job = %+v", res.Job)
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	d := newDesk(t)
	if _, err := importText(t, d, "name\nAcme\n", transfer.ReadOptions{}, transfer.Options{Kind: transfer.Accounts}); err != nil {
		t.Fatal(err)
	}
	before := exportText(t, d, transfer.ExportOptions{Kind: transfer.Accounts})
	res, err := importText(t, d, threeAccounts, transfer.ReadOptions{}, transfer.Options{Kind: transfer.Accounts, DryRun: true, OnConflict: "update"})
	if err != nil {
		t.Fatal(err)
	}
	if j := res.Job; j.Status != desk.JobDryRun || j.Created != 2 || j.Updated != 1 {
		t.Errorf("job = %+v", j)
	}
	if after := exportText(t, d, transfer.ExportOptions{Kind: transfer.Accounts}); after != before {
		t.Errorf("dry run changed the store:\n%s", after)
	}
	_, err = importText(t, d, "name\nX\n\n", transfer.ReadOptions{}, transfer.Options{Kind: transfer.Accounts, DryRun: true, Key: "external_id"})
	if err == nil || !strings.Contains(err.Error(), "no column maps to external_id") {
		t.Errorf("missing key column: %v", err)
	}
}

func TestImportOnConflict(t *testing.T) {
	d := newDesk(t)
	run := func(text string, opts transfer.Options) *desk.ImportJob {
		t.Helper()
		opts.Kind = transfer.Accounts
		res, err := importText(t, d, text, transfer.ReadOptions{}, opts)
		if err != nil {
			t.Fatalf("%v: %v", opts, err)
		}
		return res.Job
	}
	run(threeAccounts, transfer.Options{})
	if j := run(threeAccounts, transfer.Options{OnConflict: "skip"}); j.Skipped != 3 || j.Created != 0 {
		t.Errorf("skip re-run: %+v", j)
	}
	if j := run(threeAccounts, transfer.Options{OnConflict: "update"}); j.Unchanged != 3 {
		t.Errorf("update re-run of the same file: %+v", j)
	}
	// A blank cell keeps the stored value, unless --blank clear.
	if j := run("name,phone\nAcme,\nBeta,22\n", transfer.Options{OnConflict: "update"}); j.Unchanged != 1 || j.Updated != 1 {
		t.Errorf("blank keep: %+v", j)
	}
	run("name,phone\nAcme,\n", transfer.Options{OnConflict: "update", BlankClears: true})
	want := "id,name,domains,external_id,status,parent_id,manager_id,phone\n1,Acme,acme.com,,active,,,\n2,Beta,beta.io,,active,,,22\n"
	got := exportText(t, d, transfer.ExportOptions{Kind: transfer.Accounts})
	var short []string
	for _, l := range strings.Split(strings.TrimSpace(got), "\n")[:3] {
		short = append(short, strings.Join(strings.Split(l, ",")[:8], ","))
	}
	if strings.Join(short, "\n")+"\n" != want {
		t.Errorf("after updates:\n%s", got)
	}
}

func TestImportDuplicateKeys(t *testing.T) {
	d := newDesk(t)
	text := "name,external_id\nAcme,A1\nBeta,A2\n  ACME  ,A3\nGamma,a2\n"
	res, err := importText(t, d, text, transfer.ReadOptions{}, transfer.Options{Kind: transfer.Accounts, OnConflict: "update", ContinueOnError: true})
	if !errors.Is(err, transfer.ErrRejected) || len(res.Rejected) != 1 {
		t.Fatalf("err = %v, rejected = %v", err, res.Rejected)
	}
	if got, want := res.Rejected[0].Error(), "line 4, column 1 (name): the same name as line 2: a key may appear only once in a file"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// External ids are compared exactly (they are another system's keys).
	text = "name,external_id\nAcme,A1\nBeta,A2\nGamma,a2\n"
	res, err = importText(t, newDesk(t), text, transfer.ReadOptions{}, transfer.Options{Kind: transfer.Accounts, Key: "external_id"})
	if err != nil {
		t.Fatalf("external ids A2 and a2 differ: %v %v", err, res.Rejected)
	}
}

func TestImportLinksTicketsManagers(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	steps := []struct {
		kind transfer.Kind
		text string
		opts transfer.Options
		want string // "" = success, else a substring of the first rejection
	}{
		{transfer.Managers, "name,email,employee_id,login\nMia,mia@staff.example,E1,mia\n", transfer.Options{}, ""},
		{transfer.Managers, "name,employee_id\nMia Renamed,E1\n", transfer.Options{Key: "employee_id", OnConflict: "update"}, ""},
		{transfer.Accounts, "name,domains,external_id,manager_id\nAcme,acme.com,crm-1,1\nBeta,beta.io,crm-2,\n", transfer.Options{}, ""},
		{transfer.Contacts, "name,email,external_id\nAnn,ann@acme.com,p1\nBob,bob@gmail.com,p2\n", transfer.Options{}, ""},
		{transfer.Links, "account,contact\ncrm-2,ann@acme.com\n", transfer.Options{AccountKey: "external_id"}, "belongs to account 1; use --move"},
		{transfer.Links, "account,contact\ncrm-2,ann@acme.com\n@acme.com,ext:p2\n", transfer.Options{AccountKey: "external_id", Move: true},
			`line 3, column 1 (account): account "ext:@acme.com" not found`},
		{transfer.Links, "account,contact\ncrm-2,ann@acme.com\n@acme.com,ext:p2\n", transfer.Options{Move: true}, `account "crm-2" not found`},
		{transfer.Links, "account,contact\n2,p1\n1,p2\n", transfer.Options{ContactKey: "external_id"}, ""},
		{transfer.Tickets, "subject,contact,priority\nPrinter on fire,ann@acme.com,urgent\nHelp,ext:p2,\nNobody,nobody@x.org,\n", transfer.Options{},
			`line 4, column 2 (contact): contact "nobody@x.org" not found`},
		{transfer.Tickets, "subject,contact_id,priority\nPrinter on fire,1,urgent\nHelp,2,\n", transfer.Options{}, ""},
	}
	for i, s := range steps {
		s.opts.Kind = s.kind
		s.opts.ContinueOnError = s.want != "" && i != 4
		res, err := importText(t, d, s.text, transfer.ReadOptions{}, s.opts)
		switch {
		case s.want == "" && err != nil:
			t.Fatalf("step %d (%s): %v %v", i, s.kind, err, res.Rejected)
		case s.want != "" && (len(res.Rejected) == 0 || !strings.Contains(res.Rejected[0].Error(), s.want)):
			t.Fatalf("step %d (%s): rejected %v, want %q", i, s.kind, res.Rejected, s.want)
		}
	}
	if err := d.View(ctx, func(tx *desk.Tx) error {
		m, err := tx.Manager("emp:E1")
		if err != nil || m.Name != "Mia Renamed" {
			t.Errorf("manager = %+v, %v", m, err)
		}
		for ref, acct := range map[string]desk.Ref{"ann@acme.com": 2, "ext:p2": 1} {
			c, err := tx.Contact(ref)
			if err != nil || c.AccountID != acct {
				t.Errorf("contact %s: %+v %v, want account %d", ref, c, err, acct)
			}
		}
		n := 0
		return tx.ListTickets(desk.TicketFilter{Account: "2"}, func(v *desk.TicketView) error {
			if n++; v.Subject != "Printer on fire" {
				t.Errorf("ticket of account 2: %+v", v.Ticket)
			}
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
}

func TestImportJSONLUnknownKeyIsFatal(t *testing.T) {
	d := newDesk(t)
	text := `{"name":"Acme"}` + "\n" + `{"name":"Beta","colour":"red"}` + "\n"
	res, err := importText(t, d, text, transfer.ReadOptions{Format: transfer.FormatJSONL}, transfer.Options{Kind: transfer.Accounts, ContinueOnError: true})
	if !errors.Is(err, transfer.ErrInput) || !strings.Contains(err.Error(), `line 2: unknown column "colour" for accounts`) {
		t.Fatalf("err = %v", err)
	}
	if res.Job.Status != desk.JobFailed || accountNames(t, d) != "" {
		t.Errorf("job %+v, accounts %q", res.Job, accountNames(t, d))
	}
	res, err = importText(t, d, text, transfer.ReadOptions{Format: transfer.FormatJSONL}, transfer.Options{Kind: transfer.Accounts,
		Mapper: mustMapper(t, transfer.Accounts, transfer.MapOptions{IgnoreUnknown: true})})
	if err != nil || res.Job.Created != 2 {
		t.Fatalf("--ignore-unknown: %v %+v", err, res.Job)
	}
}

func TestImportInterrupted(t *testing.T) {
	d := newDesk(t)
	ctx, cancel := context.WithCancel(context.Background())
	src, _ := transfer.NewReader(strings.NewReader(accountsCSV(3000)), transfer.ReadOptions{})
	n := 0
	res, err := transfer.Import(ctx, d, src, transfer.Options{Kind: transfer.Accounts, File: "x.csv", BatchSize: 500,
		Mapper: mustMapper(t, transfer.Accounts, transfer.MapOptions{}),
		Progress: func(rows int, _ int64) {
			if n++; n == 2 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if res.Job.Status != desk.JobRolledBack || accountNames(t, d) != "" {
		t.Errorf("job %+v; accounts left: %d", res.Job, len(accountNames(t, d)))
	}
}

func mustMapper(t *testing.T, kind transfer.Kind, mo transfer.MapOptions) *transfer.Mapper {
	t.Helper()
	m, err := transfer.NewMapper(kind, mo)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
