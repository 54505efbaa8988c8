package desk_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
)

// The benchmarks of the domain's hot paths: what every imported row costs
// besides reading it — validation, the rule's checks, index maintenance,
// the record's encoding and its activity log entry — on a bbolt store.
// Record encoding alone is BenchmarkRecordEncode/Decode (codec_test.go).
//
//	go test ./internal/desk -run '^$' -bench . -benchmem

func benchDesk(b *testing.B) *desk.Desk {
	b.Helper()
	s, err := bolt.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{Timeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	d, err := desk.Open(context.Background(), s, desk.Options{Actor: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	return d
}

// inBatches runs fn for n items in write transactions of batch items.
func inBatches(b *testing.B, d *desk.Desk, start, n, batch int, fn func(tx *desk.Tx, i int) error) {
	b.Helper()
	for lo := start; lo < start+n; lo += batch {
		_, err := d.Update(context.Background(), func(tx *desk.Tx) error {
			for i := lo; i < min(lo+batch, start+n); i++ {
				if err := fn(tx, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func accountRow(i int) []desk.FieldValue {
	return set("name", fmt.Sprintf("Globex Acme Inc %d", i), "domains", fmt.Sprintf("globex%d.io", i),
		"external_id", fmt.Sprintf("CRM-%08d", i), "phone", fmt.Sprintf("+1 555 %07d", i), "tags", "vip", "field.tier", "silver")
}

// BenchmarkCreateAccount creates accounts 1,000 per transaction: validation
// (IDNA, case folding), three unique indexes, the record and its log entry.
func BenchmarkCreateAccount(b *testing.B) {
	d := benchDesk(b)
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		inBatches(b, d, n, 1000, 1000, func(tx *desk.Tx, i int) error {
			_, err := tx.CreateAccount(desk.AccountChange{Set: accountRow(i)})
			return err
		})
		n += 1000
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/account")
}

// BenchmarkCreateContactAutoAssociate creates contacts whose email domain
// belongs to an account (rule 7: the domain lookup and the account's status
// check), 1,000 per transaction, over 10,000 accounts.
func BenchmarkCreateContactAutoAssociate(b *testing.B) {
	d := benchDesk(b)
	const accounts = 10000
	inBatches(b, d, 0, accounts, 1000, func(tx *desk.Tx, i int) error {
		_, err := tx.CreateAccount(desk.AccountChange{Set: accountRow(i)})
		return err
	})
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		inBatches(b, d, n, 1000, 1000, func(tx *desk.Tx, i int) error {
			c, err := tx.CreateContact(desk.ContactChange{Set: set("name", fmt.Sprintf("Person %d", i),
				"email", fmt.Sprintf("person%d@globex%d.io", i, i%accounts), "external_id", fmt.Sprintf("P-%d", i))})
			if err == nil && c.AccountID == 0 {
				err = fmt.Errorf("contact %d not associated", i)
			}
			return err
		})
		n += 1000
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/contact")
}

// BenchmarkAssociate moves contacts between two accounts (rules 1, 3 and
// 6, the account index of the contact, the diff for the log).
func BenchmarkAssociate(b *testing.B) {
	d := benchDesk(b)
	inBatches(b, d, 0, 2, 2, func(tx *desk.Tx, i int) error {
		_, err := tx.CreateAccount(desk.AccountChange{Set: accountRow(i)})
		return err
	})
	const contacts = 1000
	inBatches(b, d, 0, contacts, 1000, func(tx *desk.Tx, i int) error {
		_, err := tx.CreateContact(desk.ContactChange{Set: set("name", fmt.Sprintf("Person %d", i), "email", fmt.Sprintf("p%d@gmail.com", i))})
		return err
	})
	round := 0
	b.ReportAllocs()
	for b.Loop() {
		target := fmt.Sprintf("ext:CRM-%08d", round%2)
		inBatches(b, d, 0, contacts, contacts, func(tx *desk.Tx, i int) error {
			_, err := tx.Associate([]string{fmt.Sprintf("p%d@gmail.com", i)}, target, true)
			return err
		})
		round++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(round*contacts), "ns/associate")
}

// BenchmarkSearchAccounts is `account list --search` over 20,000 accounts
// that scans them all (no match).
func BenchmarkSearchAccounts(b *testing.B) {
	d := benchDesk(b)
	const accounts = 20000
	inBatches(b, d, 0, accounts, 5000, func(tx *desk.Tx, i int) error {
		_, err := tx.CreateAccount(desk.AccountChange{Set: accountRow(i)})
		return err
	})
	b.ReportAllocs()
	for b.Loop() {
		err := d.View(context.Background(), func(tx *desk.Tx) error {
			return tx.ListAccounts(desk.AccountFilter{Search: "no such text", Limit: 50}, func(*desk.Account) error { return nil })
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*accounts), "ns/account")
}
