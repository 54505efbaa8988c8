package transfer_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/transfer"
)

// nasty are values that break naive CSV and JSON handling.
var nasty = []string{
	`Comma, Inc.`, `Quote "the" quote`, "Multi\nline\ntext", `Ünïcødé Straße 株式会社`,
	`=HYPERLINK("http://evil")`, `+1 (555) 010-0000`, `-negative`, `@handle`, `tab	inside`,
	`emoji 🎉 and RTL שלום`, `back\slash`, `semi;colon`, `'already quoted`, `   spaced   out   `,
}

// pick returns a nasty value for a multi-line field, line one for a
// one-line field (no newline or tab).
func pick(i int) string { return nasty[i%len(nasty)] }

func line(i int) string {
	s := pick(i)
	for strings.ContainsAny(s, "\n\t") {
		i++
		s = pick(i)
	}
	return s
}

// buildStore fills d with managers, accounts, contacts, tickets and notes
// that use every field, with nasty values, sub-accounts, inactive
// accounts, a deleted account (a gap in the ids) and an import job.
func buildStore(t testing.TB, d *desk.Desk, accounts, contacts, tickets int) {
	t.Helper()
	ctx := context.Background()
	fv := func(kv ...string) []desk.FieldValue {
		var out []desk.FieldValue
		for i := 0; i+1 < len(kv); i += 2 {
			out = append(out, desk.FieldValue{Field: kv[i], Value: kv[i+1]})
		}
		return out
	}
	batch := func(n int, fn func(tx *desk.Tx, i int) error) {
		for start := 1; start <= n; start += 1000 {
			if _, err := d.Update(ctx, func(tx *desk.Tx) error {
				for i := start; i < start+1000 && i <= n; i++ {
					if err := fn(tx, i); err != nil {
						return fmt.Errorf("record %d: %w", i, err)
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
	batch(5, func(tx *desk.Tx, i int) error {
		_, err := tx.CreateManager(desk.ManagerChange{Set: fv("name", "Manager "+line(i), "email", fmt.Sprintf("m%d@staff.example", i),
			"employee_id", fmt.Sprintf("E-%d", i), "login", fmt.Sprintf("mgr%d", i), "phone", "+44 20 7946 000"+strconv.Itoa(i), "mobile", "07700 900"+strconv.Itoa(i))})
		return err
	})
	inactive := func(i int) bool { return i%97 == 0 }
	batch(accounts, func(tx *desk.Tx, i int) error {
		set := fv("name", fmt.Sprintf("%s %d", line(i), i), "domains", fmt.Sprintf("a%d.example.com;bücher-%d.example", i, i),
			"external_id", fmt.Sprintf("crm-%d", i), "phone", line(i+1), "email", fmt.Sprintf("info@a%d.example.com", i),
			"website", fmt.Sprintf("https://a%d.example.com/?q=1&r=2", i), "description", pick(i)+"\n"+pick(i+2),
			"tags", "vip;tier "+strconv.Itoa(i%3), "crm_id", "CRM"+strconv.Itoa(i), "crm_status", []string{"unmapped", "pending", "synced", "failed"}[i%4],
			"logo_url", fmt.Sprintf("https://cdn.example/%d.png", i), "slack_channel", "#acct-"+strconv.Itoa(i),
			"field.region", pick(i+3), "field.Tier", strconv.Itoa(i%5))
		if i%7 == 0 {
			set = append(set, fv("manager_id", strconv.Itoa(1+i%5))...)
		}
		if i > 10 && i%10 == 1 {
			set = append(set, fv("parent_id", strconv.Itoa(i-10))...)
		}
		if i%11 == 0 {
			set = append(set, fv("field.only_some", "x, \"y\"\nz")...)
		}
		if inactive(i) {
			set = append(set, fv("status", "inactive")...)
		}
		_, err := tx.CreateAccount(desk.AccountChange{Set: set})
		return err
	})
	// A deleted account leaves a gap: the counter is above the last id.
	if _, err := d.Update(ctx, func(tx *desk.Tx) error {
		a, err := tx.CreateAccount(desk.AccountChange{Set: fv("name", "Doomed")})
		if err != nil {
			return err
		}
		_, err = tx.DeleteAccount(strconv.FormatUint(a.ID, 10), desk.DeleteAccountOptions{})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	batch(contacts, func(tx *desk.Tx, i int) error {
		acct := 1 + i%accounts
		if inactive(acct) || i%9 == 0 {
			acct = 0
		}
		set := fv("name", line(i)+" "+strconv.Itoa(i), "email", fmt.Sprintf("c%d@a%d.example.com", i, 1+i%accounts),
			"phone", line(i+5), "mobile", "+33 6 12 34 56 "+strconv.Itoa(i%100), "title", line(i+6),
			"external_id", "person-"+strconv.Itoa(i), "field.lang", pick(i+7))
		if acct != 0 {
			set = append(set, fv("account_id", strconv.Itoa(acct))...)
		}
		// No auto-association: some contacts stay outside the account of
		// their email's domain, which a re-import must keep.
		_, err := tx.CreateContact(desk.ContactChange{Set: set, NoAutoAccount: true})
		return err
	})
	batch(tickets, func(tx *desk.Tx, i int) error {
		_, err := tx.CreateTicket(desk.TicketChange{Set: fv("subject", line(i)+" #"+strconv.Itoa(i),
			"description", "Line one, \"quoted\"\nLine two\n\n"+pick(i+1), "status", desk.TicketStatuses[i%4],
			"priority", desk.TicketPriorities[i%4]), Contact: strconv.Itoa(1 + i%contacts)})
		return err
	})
	batch(20, func(tx *desk.Tx, i int) error {
		_, err := tx.AddNote(strconv.Itoa(1+i), "Note "+pick(i)+"\nsecond line")
		return err
	})
}

// TestRoundTrip exports each entity, imports the files into an empty
// store (ids kept with --key id), exports again, and requires identical
// bytes, in CSV and in JSON Lines; then the same for export all. With
// DESKCTL_ISSUE_SIZE=1 it runs at the size (10,000 accounts,
// 30,000 contacts, 50,000 tickets; a few minutes).
func TestRoundTrip(t *testing.T) {
	na, nc, nt := 2000, 5000, 5000
	switch {
	case os.Getenv("DESKCTL_ISSUE_SIZE") != "":
		na, nc, nt = 10000, 30000, 50000 // the "done when"
	case testing.Short() || raceEnabled:
		na, nc, nt = 300, 600, 600
	}
	src := newDesk(t)
	buildStore(t, src, na, nc, nt)
	// An import job in the source, so that jobs are dumped too.
	if _, err := importText(t, src, "name\nFrom a job\n", transfer.ReadOptions{}, transfer.Options{Kind: transfer.Accounts}); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{transfer.FormatCSV, transfer.FormatJSONL} {
		t.Run(format, func(t *testing.T) {
			dst := newDesk(t)
			for _, kind := range transfer.Kinds {
				first := exportText(t, src, transfer.ExportOptions{Kind: kind, Format: format})
				opts := transfer.Options{Kind: kind}
				if kind != transfer.Links {
					opts.Key = "id"
				}
				res, err := importText(t, dst, first, transfer.ReadOptions{Format: format}, opts)
				if err != nil {
					t.Fatalf("import %s: %v %v", kind, err, res.Rejected)
				}
				second := exportText(t, dst, transfer.ExportOptions{Kind: kind, Format: format})
				if first != second {
					t.Fatalf("%s: second export differs from the first\n%s", kind, firstDiff(first, second))
				}
			}
		})
	}
	t.Run("all", func(t *testing.T) {
		var first, second bytes.Buffer
		ctx := context.Background()
		if _, err := transfer.ExportAll(ctx, src, &first); err != nil {
			t.Fatal(err)
		}
		dst := newDesk(t)
		counts, err := transfer.ImportAll(ctx, dst, bytes.NewReader(first.Bytes()), transfer.RestoreOptions{BatchSize: 700})
		if err != nil {
			t.Fatal(err)
		}
		if counts["account"] != na+1 || counts["counter"] == 0 || counts["job"] != 1 {
			t.Errorf("counts = %v", counts)
		}
		if _, err := transfer.ExportAll(ctx, dst, &second); err != nil {
			t.Fatal(err)
		}
		if first.String() != second.String() {
			t.Fatalf("export all differs after import all\n%s", firstDiff(first.String(), second.String()))
		}
		// The restored store goes on where the old one stopped.
		if _, err := dst.Update(ctx, func(tx *desk.Tx) error {
			a, err := tx.CreateAccount(desk.AccountChange{Set: []desk.FieldValue{{Field: "name", Value: "Next"}}})
			if err == nil && a.ID != uint64(na+3) {
				err = fmt.Errorf("next account id %d, want %d", a.ID, na+3)
			}
			return err
		}); err != nil {
			t.Error(err)
		}
		// A second restore into a store that now holds data is refused.
		if _, err := transfer.ImportAll(ctx, dst, bytes.NewReader(first.Bytes()), transfer.RestoreOptions{}); err == nil {
			t.Error("import all into a non-empty store succeeded")
		}
	})
}

// firstDiff shows the first line where two texts differ.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n- %q\n+ %q", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(la), len(lb))
}
