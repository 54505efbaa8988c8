package desk_test

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
)

// The fuzz targets of the domain's parsing of what users type: host names,
// email addresses and record references. `go test` replays the seeds in
// testdata/fuzz/<target>; `make fuzz` runs each target for a while.

// isASCII reports whether s holds only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// FuzzNormalizeDomain: no panic; a refusal is ErrInvalid; an accepted
// domain has an ASCII, lower-case key with at least two labels, a display
// form that is valid UTF-8 without spaces, and normalizing either form
// again gives the same result (so a domain stored once is found again
// however it is typed).
func FuzzNormalizeDomain(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		display, key, err := desk.NormalizeDomain(s)
		if err != nil {
			if !errors.Is(err, desk.ErrInvalid) {
				t.Fatalf("NormalizeDomain(%q): unclassified error %v", s, err)
			}
			return
		}
		if !isASCII(key) || key != strings.ToLower(key) {
			t.Fatalf("NormalizeDomain(%q): key %q is not lower-case ASCII", s, key)
		}
		if !strings.Contains(key, ".") || strings.HasPrefix(key, ".") || strings.HasSuffix(key, ".") || strings.Contains(key, "..") {
			t.Fatalf("NormalizeDomain(%q): key %q is not a dotted host name", s, key)
		}
		if display == "" || !utf8.ValidString(display) || strings.ContainsAny(display, " \t\r\n@/") {
			t.Fatalf("NormalizeDomain(%q): display form %q", s, display)
		}
		for _, again := range []string{display, key, strings.ToUpper(key), " " + display + ". "} {
			d2, k2, err := desk.NormalizeDomain(again)
			if err != nil || k2 != key || d2 != display {
				t.Fatalf("NormalizeDomain(%q) = %q, %q; again on %q = %q, %q, %v", s, display, key, again, d2, k2, err)
			}
		}
	})
}

// FuzzNormalizeEmail: no panic; a refusal is ErrInvalid; an accepted
// address normalizes to itself again, its key ends with the ASCII key of
// its domain, EmailDomain agrees with it, and changing the case of an
// ASCII address does not change its key.
func FuzzNormalizeEmail(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		addr, key, err := desk.NormalizeEmail("email", s)
		if err != nil {
			if !errors.Is(err, desk.ErrInvalid) {
				t.Fatalf("NormalizeEmail(%q): unclassified error %v", s, err)
			}
			return
		}
		if addr == "" {
			if strings.TrimSpace(s) != "" || key != "" {
				t.Fatalf("NormalizeEmail(%q) = empty address, key %q", s, key)
			}
			return
		}
		at := strings.LastIndexByte(key, '@')
		if at <= 0 || !isASCII(key[at+1:]) || !utf8.ValidString(key) {
			t.Fatalf("NormalizeEmail(%q): key %q", s, key)
		}
		if d := desk.EmailDomain(addr); d != key[at+1:] {
			t.Fatalf("NormalizeEmail(%q): key %q, EmailDomain %q", s, key, d)
		}
		a2, k2, err := desk.NormalizeEmail("email", addr)
		if err != nil || a2 != addr || k2 != key {
			t.Fatalf("NormalizeEmail(%q) = %q, %q; again = %q, %q, %v", s, addr, key, a2, k2, err)
		}
		if isASCII(addr) {
			if _, k3, err := desk.NormalizeEmail("email", strings.ToUpper(addr)); err != nil || k3 != key {
				t.Fatalf("NormalizeEmail(%q): key %q, of the upper-case form %q (%v)", s, key, k3, err)
			}
		}
	})
}

// refDesk returns a small store shared by the iterations of a reference
// fuzz target: two accounts (one named like an id) and two contacts.
func refDesk(f *testing.F) *desk.Desk {
	s, err := bolt.Open(filepath.Join(f.TempDir(), "refs.db"), store.Options{Timeout: time.Second})
	if err != nil {
		f.Fatal(err)
	}
	d, err := desk.Open(context.Background(), s, desk.Options{Actor: "fuzz"})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { d.Close() })
	_, err = d.Update(context.Background(), func(tx *desk.Tx) error {
		for _, kv := range [][]string{
			{"name", "Acme Ltd", "domains", "acme.com;bücher.example", "external_id", "CRM-1"},
			{"name", "2024 Holdings", "domains", "2024.example", "external_id", "ext:odd"},
		} {
			if _, err := tx.CreateAccount(desk.AccountChange{Set: set(kv...)}); err != nil {
				return err
			}
		}
		for _, kv := range [][]string{
			{"email", "Ann.Lee@acme.com", "external_id", "P-1"},
			{"email", "bob@example.org", "name", "Bob"},
		} {
			if _, err := tx.CreateContact(desk.ContactChange{Set: set(kv...)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	return d
}

// FuzzAccountRef resolves arbitrary references (ids, names, @domain,
// ext:ID): no panic; a failure is ErrNotFound or ErrInvalid, never
// anything else; a success names an existing account, and Account(ref)
// returns that same account.
func FuzzAccountRef(f *testing.F) {
	d := refDesk(f)
	f.Fuzz(func(t *testing.T, ref string) {
		_ = d.View(context.Background(), func(tx *desk.Tx) error {
			id, err := tx.AccountID(ref)
			if err != nil {
				if !errors.Is(err, desk.ErrNotFound) && !errors.Is(err, desk.ErrInvalid) {
					t.Fatalf("AccountID(%q): unclassified error %v", ref, err)
				}
				return nil
			}
			if id != 1 && id != 2 {
				t.Fatalf("AccountID(%q) = %d, no such account", ref, id)
			}
			a, err := tx.Account(ref)
			if err != nil || a.ID != id {
				t.Fatalf("AccountID(%q) = %d, Account = %v, %v", ref, id, a, err)
			}
			if again, err := tx.AccountID(strconv.FormatUint(id, 10)); err != nil || again != id {
				t.Fatalf("account %d not found by its id: %v", id, err)
			}
			return nil
		})
	})
}

// FuzzContactRef is FuzzAccountRef for contacts (id, email, ext:ID).
func FuzzContactRef(f *testing.F) {
	d := refDesk(f)
	f.Fuzz(func(t *testing.T, ref string) {
		_ = d.View(context.Background(), func(tx *desk.Tx) error {
			id, err := tx.ContactID(ref)
			if err != nil {
				if !errors.Is(err, desk.ErrNotFound) && !errors.Is(err, desk.ErrInvalid) {
					t.Fatalf("ContactID(%q): unclassified error %v", ref, err)
				}
				return nil
			}
			if id != 1 && id != 2 {
				t.Fatalf("ContactID(%q) = %d, no such contact", ref, id)
			}
			c, err := tx.Contact(ref)
			if err != nil || c.ID != id {
				t.Fatalf("ContactID(%q) = %d, Contact = %v, %v", ref, id, c, err)
			}
			if c.Email != "" {
				if byEmail, err := tx.ContactID(strings.ToUpper(c.Email)); err != nil || byEmail != id {
					t.Fatalf("contact %d not found by its upper-case email: %d, %v", id, byEmail, err)
				}
			}
			return nil
		})
	})
}
