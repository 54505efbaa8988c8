package desk_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
	"github.com/deskctl/deskctl/internal/store/bolt/bolttest"
)

// newDesk opens a fresh store in a temp dir with a pinned clock.
func newDesk(t *testing.T) *desk.Desk {
	t.Helper()
	s, err := bolt.Open(filepath.Join(t.TempDir(), "desk.db"), store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	d, err := desk.Open(context.Background(), s, desk.Options{Actor: "tester", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func update(t *testing.T, d *desk.Desk, fn func(*desk.Tx) error) error {
	t.Helper()
	_, err := d.Update(context.Background(), fn)
	return err
}

func set(kv ...string) []desk.FieldValue {
	var out []desk.FieldValue
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, desk.FieldValue{Field: kv[i], Value: kv[i+1]})
	}
	return out
}

func mustCreateAccount(t *testing.T, d *desk.Desk, kv ...string) *desk.Account {
	t.Helper()
	var a *desk.Account
	if err := update(t, d, func(tx *desk.Tx) (err error) {
		a, err = tx.CreateAccount(desk.AccountChange{Set: set(kv...)})
		return err
	}); err != nil {
		t.Fatalf("create account %v: %v", kv, err)
	}
	return a
}

func TestAccountNameUniqueIgnoringCaseAndSpaces(t *testing.T) {
	d := newDesk(t)
	a := mustCreateAccount(t, d, "name", "Acme Ltd", "domains", "acme.com")
	if a.ID != 1 || a.Version != 1 || a.Status != "active" || a.Domains[0] != "acme.com" {
		t.Fatalf("unexpected account %+v", a)
	}
	for _, name := range []string{"  acme   LTD ", "ACME LTD", "acme\tltd"} {
		err := update(t, d, func(tx *desk.Tx) error {
			_, err := tx.CreateAccount(desk.AccountChange{Set: set("name", name)})
			return err
		})
		if !errors.Is(err, desk.ErrConflict) || !strings.Contains(err.Error(), "account 1") {
			t.Errorf("name %q: got %v, want a conflict naming account 1", name, err)
		}
	}
	// Unicode case folding: ß folds to ss.
	mustCreateAccount(t, d, "name", "Straße GmbH")
	err := update(t, d, func(tx *desk.Tx) error {
		_, err := tx.CreateAccount(desk.AccountChange{Set: set("name", "STRASSE gmbh")})
		return err
	})
	if !errors.Is(err, desk.ErrConflict) {
		t.Errorf("folded name: got %v, want conflict", err)
	}
}

func TestDomainBelongsToOneAccount(t *testing.T) {
	d := newDesk(t)
	mustCreateAccount(t, d, "name", "Acme", "domains", "acme.com")
	err := update(t, d, func(tx *desk.Tx) error {
		_, err := tx.CreateAccount(desk.AccountChange{Set: set("name", "Other", "domains", "ACME.com.")})
		return err
	})
	if !errors.Is(err, desk.ErrConflict) || !strings.Contains(err.Error(), "acme.com") {
		t.Fatalf("got %v, want conflict on acme.com", err)
	}
	// The rejected create left nothing behind: the name is still free.
	mustCreateAccount(t, d, "name", "Other")
}

func TestAccountValidation(t *testing.T) {
	tests := []struct {
		kv    []string
		field string
	}{
		{[]string{"name", ""}, "name"},
		{[]string{"name", strings.Repeat("x", 201)}, "name"},
		{[]string{"name", "a\x1b[31mb"}, "name"},
		{[]string{"name", "A", "status", "maybe"}, "status"},
		{[]string{"name", "A", "domains", "not a domain"}, "domains"},
		{[]string{"name", "A", "domains", "-bad.com"}, "domains"},
		{[]string{"name", "A", "email", "nope"}, "email"},
		{[]string{"name", "A", "crm_status", "done"}, "crm_status"},
		{[]string{"name", "A", "logo_url", "ftp://x"}, "logo_url"},
		{[]string{"name", "A", "parent_id", "x"}, "parent_id"},
		{[]string{"name", "A", "colour", "red"}, "colour"},
		{[]string{"name", "A", "field.bad name", "x"}, "fields"},
	}
	d := newDesk(t)
	for _, tt := range tests {
		err := update(t, d, func(tx *desk.Tx) error {
			_, err := tx.CreateAccount(desk.AccountChange{Set: set(tt.kv...)})
			return err
		})
		var fe *desk.FieldError
		if !errors.As(err, &fe) || fe.Field != tt.field || !errors.Is(err, desk.ErrInvalid) {
			t.Errorf("%v: got %v, want a field error on %s", tt.kv, err, tt.field)
		}
	}
}

func TestNormalizeDomainIDNA(t *testing.T) {
	disp, key, err := desk.NormalizeDomain(" Bücher.DE. ")
	if err != nil || disp != "bücher.de" || key != "xn--bcher-kva.de" {
		t.Fatalf("got %q %q %v", disp, key, err)
	}
}

func TestEditIfVersionAndLog(t *testing.T) {
	d := newDesk(t)
	mustCreateAccount(t, d, "name", "Acme")
	err := update(t, d, func(tx *desk.Tx) error {
		_, err := tx.EditAccount("1", desk.AccountChange{IfVersion: 7, Set: set("phone", "1")})
		return err
	})
	if !errors.Is(err, desk.ErrConflict) || !strings.Contains(err.Error(), "version 1, not 7") {
		t.Fatalf("got %v", err)
	}
	var a *desk.Account
	if err := update(t, d, func(tx *desk.Tx) (err error) {
		a, err = tx.EditAccount("acme", desk.AccountChange{IfVersion: 1, AddTags: []string{"vip"}, Set: set("field.tier", "gold")})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if a.Version != 2 || a.Tags[0] != "vip" || a.Fields["tier"] != "gold" {
		t.Fatalf("edit: %+v", a)
	}
	// An edit that changes nothing writes nothing.
	if err := update(t, d, func(tx *desk.Tx) (err error) {
		a, err = tx.EditAccount("1", desk.AccountChange{AddTags: []string{"vip"}})
		return err
	}); err != nil || a.Version != 2 {
		t.Fatalf("no-op edit bumped the version: %v %+v", err, a)
	}
}

func TestParentCycleAndDeactivateCascade(t *testing.T) {
	d := newDesk(t)
	mustCreateAccount(t, d, "name", "Root")
	mustCreateAccount(t, d, "name", "Child", "parent_id", "1")
	mustCreateAccount(t, d, "name", "Grandchild", "parent_id", "2")
	err := update(t, d, func(tx *desk.Tx) error {
		_, err := tx.EditAccount("1", desk.AccountChange{Set: set("parent_id", "3")})
		return err
	})
	if !errors.Is(err, desk.ErrConflict) {
		t.Fatalf("cycle: got %v", err)
	}
	if err := update(t, d, func(tx *desk.Tx) error {
		_, err := tx.SetAccountStatus("Root", "inactive")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	_ = d.View(context.Background(), func(tx *desk.Tx) error {
		for _, ref := range []string{"1", "2", "3"} {
			a, err := tx.Account(ref)
			if err != nil || a.Status != "inactive" {
				t.Errorf("account %s: %v %+v", ref, err, a)
			}
		}
		return nil
	})
}

func TestAccountRefs(t *testing.T) {
	d := newDesk(t)
	mustCreateAccount(t, d, "name", "Acme", "domains", "acme.com;acme.io", "external_id", "CRM-1")
	_ = d.View(context.Background(), func(tx *desk.Tx) error {
		for _, ref := range []string{"1", "Acme", "  ACME ", "@acme.io", "@ACME.COM", "ext:CRM-1"} {
			if id, err := tx.AccountID(ref); err != nil || id != 1 {
				t.Errorf("ref %q: %d %v", ref, id, err)
			}
		}
		for _, ref := range []string{"2", "Nope", "@nope.com", "ext:CRM-2"} {
			if _, err := tx.AccountID(ref); !errors.Is(err, desk.ErrNotFound) {
				t.Errorf("ref %q: %v, want not found", ref, err)
			}
		}
		return nil
	})
}

func TestManagerDeleteNeedsUnassign(t *testing.T) {
	d := newDesk(t)
	if err := update(t, d, func(tx *desk.Tx) error {
		_, err := tx.CreateManager(desk.ManagerChange{Set: set("name", "Mia", "email", "mia@desk.test", "login", "mia")})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	mustCreateAccount(t, d, "name", "Acme", "manager_id", "1")
	err := update(t, d, func(tx *desk.Tx) error { _, err := tx.DeleteManager("mia", false); return err })
	if !errors.Is(err, desk.ErrConflict) || !strings.Contains(err.Error(), "1 account") {
		t.Fatalf("got %v", err)
	}
	if err := update(t, d, func(tx *desk.Tx) error { _, err := tx.DeleteManager("mia@desk.test", true); return err }); err != nil {
		t.Fatal(err)
	}
	_ = d.View(context.Background(), func(tx *desk.Tx) error {
		a, _ := tx.Account("1")
		if a.ManagerID != 0 || a.Version != 2 {
			t.Errorf("account kept its manager: %+v", a)
		}
		return nil
	})
}

func TestListAccounts(t *testing.T) {
	d := newDesk(t)
	mustCreateAccount(t, d, "name", "Zeta", "domains", "zeta.com", "tags", "vip")
	mustCreateAccount(t, d, "name", "alpha", "email", "ops@ACMEMAIL.com")
	mustCreateAccount(t, d, "name", "Beta Acme", "status", "inactive")
	list := func(f desk.AccountFilter) string {
		var names []string
		if err := d.View(context.Background(), func(tx *desk.Tx) error {
			return tx.ListAccounts(f, func(a *desk.Account) error { names = append(names, a.Name); return nil })
		}); err != nil {
			return err.Error()
		}
		return strings.Join(names, ",")
	}
	cases := []struct {
		f    desk.AccountFilter
		want string
	}{
		{desk.AccountFilter{}, "Zeta,alpha,Beta Acme"},
		{desk.AccountFilter{Sort: "name"}, "alpha,Beta Acme,Zeta"},
		{desk.AccountFilter{Sort: "-name"}, "Zeta,Beta Acme,alpha"},
		{desk.AccountFilter{Sort: "name", After: 2}, "Beta Acme,Zeta"},
		{desk.AccountFilter{Sort: "-name", After: 3}, "alpha"},
		{desk.AccountFilter{Sort: "-id", Limit: 2}, "Beta Acme,alpha"},
		{desk.AccountFilter{After: 1}, "alpha,Beta Acme"},
		{desk.AccountFilter{Search: "ACME"}, "alpha,Beta Acme"},
		{desk.AccountFilter{Status: "inactive"}, "Beta Acme"},
		{desk.AccountFilter{Tag: "vip"}, "Zeta"},
		{desk.AccountFilter{Domain: "ZETA.com"}, "Zeta"},
		{desk.AccountFilter{Sort: "colour"}, `sort: "colour" is not one of id, name, created_at, updated_at`},
	}
	for _, c := range cases {
		if got := list(c.f); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.f, got, c.want)
		}
	}
}

// roomRecorder is a store that records what desk asks it to leave room for.
type roomRecorder struct {
	*bolt.DB
	prefixes []string
}

func (r *roomRecorder) ReserveRoom(prefixes [][]byte) {
	for _, p := range prefixes {
		r.prefixes = append(r.prefixes, string(p))
	}
	r.DB.ReserveRoom(prefixes)
}

// Records that edits make larger get room in a store that packs appended
// keys; the activity log, only ever appended to, does not.
func TestOpenReservesRoomForEditedRecords(t *testing.T) {
	s := &roomRecorder{DB: bolttest.Open(t)}
	if _, err := desk.Open(context.Background(), s, desk.Options{Actor: "tester"}); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(s.prefixes, " ")
	for _, want := range []string{"rec/account/", "rec/contact/", "rec/ticket/"} {
		if !strings.Contains(got, want) {
			t.Errorf("room reserved for %q, not for %s", got, want)
		}
	}
	if strings.Contains(got, "rec/log/") {
		t.Errorf("room reserved for the activity log: %q", got)
	}
}
