package desk_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
)

// dump is every key and value of d's store, in order, but for the keys
// under skip (see desk.StoreDump).
func dump(t *testing.T, d *desk.Desk, skip ...string) []byte {
	t.Helper()
	return desk.StoreDump(t, d, skip...)
}

// TestRandomOperationsKeepTheRule applies thousands of random operations,
// valid and invalid mixed, and checks after each one that the store passes
// db check and that a rejected operation changed nothing at all.
func TestRandomOperationsKeepTheRule(t *testing.T) {
	steps := 2000
	if testing.Short() {
		steps = 300
	}
	d := newDesk(t)
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(n int) string { return strconv.Itoa(rng.IntN(n) + 1) }
	domains := []string{"acme.com", "globex.com", "initech.io", "umbrella.org", "gmail.com", "bad domain"}
	dom := func() string { return domains[rng.IntN(len(domains))] }
	email := func() string { return fmt.Sprintf("u%d@%s", rng.IntN(40), dom()) }
	ops := []func(tx *desk.Tx) (string, error){
		func(tx *desk.Tx) (string, error) {
			_, err := tx.CreateAccount(desk.AccountChange{Set: set("name", "Co "+pick(30), "domains", dom(), "parent_id", []string{"", "", pick(20)}[rng.IntN(3)])})
			return "create account", err
		},
		func(tx *desk.Tx) (string, error) {
			_, err := tx.CreateContact(desk.ContactChange{Set: set("email", email(), "account_id", []string{"", pick(20)}[rng.IntN(2)]), NoAutoAccount: rng.IntN(4) == 0})
			return "create contact", err
		},
		func(tx *desk.Tx) (string, error) {
			_, err := tx.Associate([]string{pick(25), pick(25)}, pick(20), rng.IntN(2) == 0)
			return "associate", err
		},
		func(tx *desk.Tx) (string, error) {
			_, err := tx.Disassociate([]string{pick(25)})
			return "disassociate", err
		},
		func(tx *desk.Tx) (string, error) {
			_, err := tx.CreateTicket(desk.TicketChange{Contact: pick(25), Set: set("subject", "S", "priority", []string{"high", "urgent", "meh"}[rng.IntN(3)])})
			return "create ticket", err
		},
		func(tx *desk.Tx) (string, error) {
			_, err := tx.EditTicket(uint64(rng.IntN(40)+1), desk.TicketChange{Contact: pick(25)})
			return "move ticket", err
		},
		func(tx *desk.Tx) (string, error) {
			_, err := tx.DeleteAccount(pick(20), desk.DeleteAccountOptions{Detach: rng.IntN(2) == 0})
			return "delete account", err
		},
		func(tx *desk.Tx) (string, error) {
			_, err := tx.DeleteContact(pick(25), 0)
			return "delete contact", err
		},
		func(tx *desk.Tx) (string, error) {
			_, err := tx.MergeAccounts(pick(20), pick(20))
			return "merge", err
		},
		func(tx *desk.Tx) (string, error) {
			_, err := tx.SetAccountStatus(pick(20), []string{"active", "inactive"}[rng.IntN(2)])
			return "set status", err
		},
		func(tx *desk.Tx) (string, error) {
			_, err := tx.EditAccount(pick(20), desk.AccountChange{Set: set("parent_id", pick(20)), AddDomains: []string{dom()}})
			return "reparent", err
		},
		func(tx *desk.Tx) (string, error) {
			_, err := tx.AddNote(pick(20), "note")
			return "note", err
		},
	}
	rejected := 0
	for i := 0; i < steps; i++ {
		before := dump(t, d)
		var what string
		_, err := d.Update(context.Background(), func(tx *desk.Tx) error {
			var err error
			what, err = ops[rng.IntN(len(ops))](tx)
			return err
		})
		if err != nil {
			rejected++
			if !errors.Is(err, desk.ErrConflict) && !errors.Is(err, desk.ErrNotFound) && !errors.Is(err, desk.ErrInvalid) {
				t.Fatalf("step %d %s: unclassified error %v", i, what, err)
			}
			if after := dump(t, d); !bytes.Equal(before, after) {
				t.Fatalf("step %d %s: rejected (%v) but the store changed", i, what, err)
			}
		}
		r, cerr := d.Check(context.Background())
		if cerr != nil || !r.OK() {
			t.Fatalf("step %d %s (err %v): db check: %v %v", i, what, err, cerr, r.Problems)
		}
	}
	if rejected == 0 || rejected == steps {
		t.Fatalf("%d of %d operations rejected: the mix does not exercise both paths", rejected, steps)
	}
	t.Logf("%d steps, %d rejected", steps, rejected)
}

// TestCheckReportsDamage removes an index entry behind the domain's back
// and expects db check to say so.
func TestCheckReportsDamage(t *testing.T) {
	d := newDesk(t)
	mustCreateAccount(t, d, "name", "Acme", "domains", "acme.com")
	if err := d.Store().Update(context.Background(), func(tx store.Tx) error {
		return tx.Delete([]byte("ix/account/domain/acme.com"))
	}); err != nil {
		t.Fatal(err)
	}
	r, err := d.Check(context.Background())
	if err != nil || r.OK() || r.Problems[0] != `account 1: missing domain index entry "acme.com"` {
		t.Fatalf("got %v %v", err, r.Problems)
	}
}

// TestFieldNameTally follows the tally of custom field names through
// creates, edits, merges and deletes: export's field.NAME columns come
// from it, so it must name exactly the fields some record holds.
func TestFieldNameTally(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	names := func() []string {
		t.Helper()
		checkClean(t, d)
		return accountFieldNames(t, d)
	}
	a := mustCreateAccount(t, d, "name", "Acme", "field.tier", "gold", "field.region", "eu")
	b := mustCreateAccount(t, d, "name", "Beta", "field.tier", "silver")
	if got := names(); !slices.Equal(got, []string{"region", "tier"}) {
		t.Fatalf("after creates: %v", got)
	}
	edit := func(id uint64, field, value string) {
		t.Helper()
		if err := update(t, d, func(tx *desk.Tx) error {
			_, err := tx.EditAccount(strconv.FormatUint(id, 10), desk.AccountChange{Set: set(field, value)})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	edit(a.ID, "field.region", "")
	if got := names(); !slices.Equal(got, []string{"tier"}) {
		t.Fatalf("after clearing the only region: %v", got)
	}
	edit(b.ID, "field.size", "s")
	edit(a.ID, "field.tier", "")
	if got := names(); !slices.Equal(got, []string{"size", "tier"}) {
		t.Fatalf("after edits: %v", got)
	}
	// A merge removes the source, whose fields the target does not take.
	c := mustCreateAccount(t, d, "name", "Gamma", "field.legacy", "x")
	if got := names(); !slices.Equal(got, []string{"legacy", "size", "tier"}) {
		t.Fatalf("after a create: %v", got)
	}
	if err := update(t, d, func(tx *desk.Tx) error {
		_, err := tx.MergeAccounts(strconv.FormatUint(c.ID, 10), strconv.FormatUint(b.ID, 10))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := names(); !slices.Equal(got, []string{"size", "tier"}) {
		t.Fatalf("after the merge: %v", got)
	}
	if err := update(t, d, func(tx *desk.Tx) error {
		_, err := tx.DeleteAccount(strconv.FormatUint(b.ID, 10), desk.DeleteAccountOptions{})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := names(); len(got) != 0 {
		t.Fatalf("after deleting the last account with fields: %v", got)
	}
	// A tally that disagrees with the records is damage db check reports.
	mustCreateAccount(t, d, "name", "Delta", "field.tier", "gold")
	if err := d.Store().Update(ctx, func(tx store.Tx) error {
		return tx.Put([]byte("ix/account/fields/tier"), []byte{0, 0, 0, 0, 0, 0, 0, 2})
	}); err != nil {
		t.Fatal(err)
	}
	r, err := d.Check(ctx)
	if err != nil || r.OK() || r.Problems[0] != `account fields tally "tier" is 2, but 1 account records carry it` {
		t.Fatalf("got %v %v", err, r.Problems)
	}
}

// accountFieldNames returns the custom field names of every account.
func accountFieldNames(t *testing.T, d *desk.Desk) []string {
	t.Helper()
	var got []string
	if err := d.View(context.Background(), func(tx *desk.Tx) (err error) {
		got, err = tx.AccountFieldNames(desk.AccountFilter{})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return got
}
