package desk_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/desk"
)

func mustContact(t *testing.T, d *desk.Desk, ch desk.ContactChange) *desk.Contact {
	t.Helper()
	var c *desk.Contact
	if err := update(t, d, func(tx *desk.Tx) (err error) {
		c, err = tx.CreateContact(ch)
		return err
	}); err != nil {
		t.Fatalf("create contact: %v", err)
	}
	return c
}

func mustTicket(t *testing.T, d *desk.Desk, ch desk.TicketChange) *desk.TicketView {
	t.Helper()
	var v *desk.TicketView
	if err := update(t, d, func(tx *desk.Tx) (err error) {
		v, err = tx.CreateTicket(ch)
		return err
	}); err != nil {
		t.Fatalf("create ticket: %v", err)
	}
	return v
}

func checkClean(t *testing.T, d *desk.Desk) {
	t.Helper()
	r, err := d.Check(context.Background())
	if err != nil || !r.OK() {
		t.Fatalf("db check: %v %v", err, r.Problems)
	}
}

func TestRuleAutoAssociationAndMove(t *testing.T) {
	d := newDesk(t)
	mustCreateAccount(t, d, "name", "Acme", "domains", "acme.com")
	mustCreateAccount(t, d, "name", "Globex", "domains", "globex.com")
	a := mustContact(t, d, desk.ContactChange{Set: set("email", "a@ACME.com")})
	b := mustContact(t, d, desk.ContactChange{Set: set("email", "b@gmail.com")})
	n := mustContact(t, d, desk.ContactChange{Set: set("email", "n@acme.com"), NoAutoAccount: true})
	if a.AccountID != 1 || b.AccountID != 0 || n.AccountID != 0 || a.Name != "a" {
		t.Fatalf("auto-association: a=%+v b=%+v n=%+v", a, b, n)
	}
	tk := mustTicket(t, d, desk.TicketChange{Contact: "a@acme.com", Set: set("subject", "X")})
	if tk.AccountID != 1 {
		t.Fatalf("ticket account %d", tk.AccountID)
	}
	err := update(t, d, func(tx *desk.Tx) error { _, err := tx.Associate([]string{"a@acme.com"}, "2", false); return err })
	if !errors.Is(err, desk.ErrConflict) || !strings.Contains(err.Error(), "--move") {
		t.Fatalf("associate without move: %v", err)
	}
	if err := update(t, d, func(tx *desk.Tx) error { _, err := tx.Associate([]string{"a@acme.com"}, "2", true); return err }); err != nil {
		t.Fatal(err)
	}
	_ = d.View(context.Background(), func(tx *desk.Tx) error {
		v, _ := tx.Ticket(tk.ID)
		if v.AccountID != 2 || v.Version != 1 {
			t.Errorf("ticket after move: account %d version %d, want 2 and unrewritten", v.AccountID, v.Version)
		}
		return nil
	})
	checkClean(t, d)
}

func TestRuleDeletes(t *testing.T) {
	d := newDesk(t)
	mustCreateAccount(t, d, "name", "Acme", "domains", "acme.com")
	mustContact(t, d, desk.ContactChange{Set: set("email", "a@acme.com")})
	mustTicket(t, d, desk.TicketChange{Contact: "a@acme.com", Set: set("subject", "X")})
	err := update(t, d, func(tx *desk.Tx) error { _, err := tx.DeleteAccount("1", desk.DeleteAccountOptions{}); return err })
	if !errors.Is(err, desk.ErrConflict) || !strings.Contains(err.Error(), "1 contact(s) (1)") {
		t.Fatalf("delete account: %v", err)
	}
	err = update(t, d, func(tx *desk.Tx) error { _, err := tx.DeleteContact("a@acme.com", 0); return err })
	if !errors.Is(err, desk.ErrConflict) || !strings.Contains(err.Error(), "tickets (1)") {
		t.Fatalf("delete contact: %v", err)
	}
	if err := update(t, d, func(tx *desk.Tx) error {
		_, err := tx.DeleteAccount("1", desk.DeleteAccountOptions{Detach: true})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	_ = d.View(context.Background(), func(tx *desk.Tx) error {
		c, err := tx.Contact("a@acme.com")
		if err != nil || c.AccountID != 0 {
			t.Errorf("contact after detach: %v %+v", err, c)
		}
		return nil
	})
	checkClean(t, d)
}

func TestRuleInactiveAccount(t *testing.T) {
	d := newDesk(t)
	mustCreateAccount(t, d, "name", "Acme", "domains", "acme.com")
	mustContact(t, d, desk.ContactChange{Set: set("email", "a@acme.com")})
	if err := update(t, d, func(tx *desk.Tx) error { _, err := tx.SetAccountStatus("1", "inactive"); return err }); err != nil {
		t.Fatal(err)
	}
	err := update(t, d, func(tx *desk.Tx) error {
		_, err := tx.CreateTicket(desk.TicketChange{Contact: "a@acme.com", Set: set("subject", "X")})
		return err
	})
	if !errors.Is(err, desk.ErrConflict) || !strings.Contains(err.Error(), "inactive") {
		t.Fatalf("ticket for inactive account: %v", err)
	}
	err = update(t, d, func(tx *desk.Tx) error {
		_, err := tx.CreateContact(desk.ContactChange{Set: set("name", "B", "account_id", "1")})
		return err
	})
	if !errors.Is(err, desk.ErrConflict) {
		t.Fatalf("contact for inactive account: %v", err)
	}
	// Auto-association skips an inactive account instead of failing.
	c := mustContact(t, d, desk.ContactChange{Set: set("email", "c@acme.com")})
	if c.AccountID != 0 {
		t.Fatalf("auto-associated into an inactive account: %+v", c)
	}
}

func TestRuleTicketNeedsContact(t *testing.T) {
	d := newDesk(t)
	mustCreateAccount(t, d, "name", "Acme", "domains", "acme.com")
	mustContact(t, d, desk.ContactChange{Set: set("email", "a@acme.com")})
	err := update(t, d, func(tx *desk.Tx) error {
		_, err := tx.CreateTicket(desk.TicketChange{Account: "Acme", Set: set("subject", "X")})
		return err
	})
	if !errors.Is(err, desk.ErrInvalid) || !strings.Contains(err.Error(), "--contact 1   (a@acme.com)") {
		t.Fatalf("ticket by account: %v", err)
	}
	err = update(t, d, func(tx *desk.Tx) error {
		_, err := tx.CreateTicket(desk.TicketChange{Set: set("subject", "X", "account_id", "1")})
		return err
	})
	if !errors.Is(err, desk.ErrInvalid) {
		t.Fatalf("ticket with account_id: %v", err)
	}
}

func TestRuleIntakeCreatesOneAccount(t *testing.T) {
	d := newDesk(t)
	for i := 0; i < 2; i++ {
		mustTicket(t, d, desk.TicketChange{
			Intake: &desk.Intake{Email: "jo@newco.io", Name: "Jo", CreateAccount: true},
			Set:    set("subject", "Help"),
		})
	}
	mustTicket(t, d, desk.TicketChange{
		Intake: &desk.Intake{Email: "kim@newco.io", CreateAccount: true},
		Set:    set("subject", "Help too"),
	})
	mustTicket(t, d, desk.TicketChange{Intake: &desk.Intake{Email: "x@gmail.com", CreateAccount: true}, Set: set("subject", "Free")})
	var n int
	_ = d.View(context.Background(), func(tx *desk.Tx) error {
		return tx.ListAccounts(desk.AccountFilter{}, func(a *desk.Account) error { n++; return nil })
	})
	if n != 1 {
		t.Fatalf("%d accounts, want 1", n)
	}
	_ = d.View(context.Background(), func(tx *desk.Tx) error {
		det, err := tx.AccountDetails("@newco.io")
		if err != nil || det.ContactCount != 2 || det.TicketCount != 3 {
			t.Errorf("details: %v %+v", err, det)
		}
		return nil
	})
	checkClean(t, d)
}

func TestRuleMerge(t *testing.T) {
	d := newDesk(t)
	mustCreateAccount(t, d, "name", "Acme", "domains", "acme.com", "tags", "a")
	mustCreateAccount(t, d, "name", "Acme Inc", "domains", "acme.io", "tags", "b")
	mustCreateAccount(t, d, "name", "Acme EU", "parent_id", "1")
	mustContact(t, d, desk.ContactChange{Set: set("email", "a@acme.com")})
	if err := update(t, d, func(tx *desk.Tx) error { _, err := tx.AddNote("1", "called them"); return err }); err != nil {
		t.Fatal(err)
	}
	var dst *desk.Account
	if err := update(t, d, func(tx *desk.Tx) (err error) { dst, err = tx.MergeAccounts("1", "2"); return err }); err != nil {
		t.Fatal(err)
	}
	if strings.Join(dst.Domains, ",") != "acme.io,acme.com" || strings.Join(dst.Tags, ",") != "a,b" {
		t.Fatalf("merged: %+v", dst)
	}
	_ = d.View(context.Background(), func(tx *desk.Tx) error {
		if _, err := tx.Account("1"); !errors.Is(err, desk.ErrNotFound) {
			t.Errorf("source still exists: %v", err)
		}
		c, _ := tx.Contact("a@acme.com")
		eu, _ := tx.Account("Acme EU")
		var notes int
		_ = tx.Notes("2", func(*desk.Note) error { notes++; return nil })
		if c.AccountID != 2 || eu.ParentID != 2 || notes != 1 {
			t.Errorf("after merge: contact %d, sub-account parent %d, %d notes", c.AccountID, eu.ParentID, notes)
		}
		return nil
	})
	checkClean(t, d)
}

func TestRuleManagerTickets(t *testing.T) {
	d := newDesk(t)
	if err := update(t, d, func(tx *desk.Tx) error {
		_, err := tx.CreateManager(desk.ManagerChange{Set: set("name", "Mia", "login", "mia")})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	mustCreateAccount(t, d, "name", "Acme", "domains", "acme.com", "manager_id", "1")
	mustContact(t, d, desk.ContactChange{Set: set("email", "a@acme.com")})
	err := update(t, d, func(tx *desk.Tx) error {
		_, err := tx.CreateTicket(desk.TicketChange{Contact: "a@acme.com", ByManager: "mia", Set: set("subject", "X")})
		return err
	})
	if !errors.Is(err, desk.ErrConflict) || !strings.Contains(err.Error(), "can_create_tickets") {
		t.Fatalf("setting off: %v", err)
	}
}
