package desk

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt/bolttest"
	"github.com/deskctl/deskctl/internal/store/bulk"
)

// The tests here run imports with heldIndexBytes shrunk to a few rows'
// worth, so that the held index entries spill to the temporary file many
// times in the middle of the import and the filter and the runs answer
// most lookups (journal.Unit.Hold, package bulk), and compare them with
// the same imports on a store that holds nothing.

// holdMode is how an import's index entries are held.
type holdMode int

const (
	holdNone    holdMode = iota // a store that is not store.Exclusive
	holdDefault                 // heldIndexBytes as shipped: applied at the commit
	holdTiny                    // 1 KiB: spilled after nearly every batch
)

func (m holdMode) String() string { return [...]string{"none", "default", "tiny"}[m] }

// plainStore hides the backend's store.Exclusive: BeginImport then holds
// nothing back.
type plainStore struct{ store.Store }

// shippedHeldIndexBytes is the budget as shipped.
var shippedHeldIndexBytes = heldIndexBytes

// setHeldIndexBytes sets the budget of the imports that begin next.
func setHeldIndexBytes(t *testing.T, n int) {
	heldIndexBytes = n
	t.Cleanup(func() { heldIndexBytes = shippedHeldIndexBytes })
}

// heldTestNow is the pinned clock: stores written at different times
// compare equal.
var heldTestNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// openHeldDesk opens a fresh bolt store, hiding its exclusivity for
// holdNone, with a few accounts that exist before any import, and sets
// heldIndexBytes for m.
func openHeldDesk(t *testing.T, m holdMode) *Desk {
	t.Helper()
	if m == holdTiny {
		setHeldIndexBytes(t, 1<<10)
	} else {
		setHeldIndexBytes(t, shippedHeldIndexBytes)
	}
	b := bolttest.Open(t)
	var s store.Store = b
	if m == holdNone {
		s = plainStore{b}
	}
	d, err := Open(context.Background(), s, Options{Actor: "tester", Now: func() time.Time { return heldTestNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Update(context.Background(), func(tx *Tx) error {
		for k := range 10 {
			if _, err := tx.CreateAccount(AccountChange{Set: fv(
				"name", fmt.Sprintf("Pre %d", k), "domains", fmt.Sprintf("pre%d.com", k),
				"external_id", fmt.Sprintf("P-%d", k), "field.tier", "gold")}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return d
}

func fv(kv ...string) []FieldValue {
	var out []FieldValue
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, FieldValue{Field: kv[i], Value: kv[i+1]})
	}
	return out
}

// importOp is one row of the test imports: a create, or an edit of the
// account ref names.
type importOp struct {
	ref      string // "" for a create
	set      []FieldValue
	conflict string // the rejection expected, "" when the row lands
	// sameBatch puts the row in the batch of the one before.
	sameBatch bool
}

// importOps are the rows of the test import: 300 accounts, with rows that
// take a name, a domain or an external id already taken — by an earlier
// row of the import, long since spilled (or applied by a scan) or still
// held in memory, or
// by an account from before — renames that free values later rows take,
// and deactivations of parents, whose cascade scans the held index.
func importOps() []importOp {
	var ops []importOp
	for i := range 300 {
		set := fv("name", fmt.Sprintf("Co %d", i), "domains", fmt.Sprintf("co%d.com;alt%d.org", i, i),
			"external_id", fmt.Sprintf("X-%d", i), "field.tier", fmt.Sprintf("t%d", i%4))
		if i%3 == 0 {
			set = append(set, FieldValue{"parent_id", fmt.Sprint(i%10 + 1)})
		}
		ops = append(ops, importOp{set: set})
		if i < 50 {
			continue
		}
		fresh := func(kv ...string) []FieldValue {
			return fv(append([]string{"name", fmt.Sprintf("Dup %d", i), "domains", fmt.Sprintf("dup%d.com", i),
				"external_id", fmt.Sprintf("D-%d", i)}, kv...)...)
		}
		switch i % 10 {
		case 1: // an earlier row's name, in another case and spacing
			ops = append(ops, importOp{set: fresh("name", fmt.Sprintf("  CO   %d ", i-37)), conflict: "account name"})
		case 2: // an earlier row's second domain
			ops = append(ops, importOp{set: fresh("domains", fmt.Sprintf("new%d.com;ALT%d.ORG", i, i-23)), conflict: "domain"})
		case 4: // an earlier row's external id, after its name and domain were written
			ops = append(ops, importOp{set: fresh("external_id", fmt.Sprintf("X-%d", i-45)), conflict: "external id"})
		case 5: // the row just before
			ops = append(ops, importOp{set: fresh("domains", fmt.Sprintf("co%d.com", i)), conflict: "domain"})
		case 6: // an account from before the import
			ops = append(ops, importOp{set: fresh("name", fmt.Sprintf("pre %d", i%10)), conflict: "account name"})
		case 7: // a rename frees a name and domains that a new row takes
			j := i - 30
			ops = append(ops,
				importOp{ref: fmt.Sprintf("ext:X-%d", j), set: fv("name", fmt.Sprintf("Renamed %d", j), "domains", fmt.Sprintf("renamed%d.com", j))},
				importOp{set: fv("name", fmt.Sprintf("co %d", j), "domains", fmt.Sprintf("alt%d.org", j), "external_id", fmt.Sprintf("Z-%d", j))},
				importOp{set: fresh("name", fmt.Sprintf("Renamed %d", j)), conflict: "account name"},
				importOp{set: fresh("domains", fmt.Sprintf("RENAMED%d.com", j)), conflict: "domain"})
		case 8: // deactivate a parent: its children follow, one of them still held
			if i%50 == 8 {
				k := (i / 50) % 10
				ops = append(ops,
					importOp{set: fv("name", fmt.Sprintf("Kid %d", i), "parent_id", fmt.Sprint(k+1))},
					importOp{ref: fmt.Sprintf("Pre %d", k), set: fv("status", "inactive"), sameBatch: true})
			}
		case 9: // edits by name and domain of rows long spilled
			if i < 70 {
				break
			}
			ops = append(ops,
				importOp{ref: fmt.Sprintf("co %d", i-60), set: fv("phone", fmt.Sprint(i))},
				importOp{ref: fmt.Sprintf("@co%d.com", i-61), set: fv("field.tier", "", "tags", "edited")})
		}
	}
	return ops
}

// savepoint runs one import row over the batch's transaction: its writes
// reach the batch only when the row succeeds, as in the importer
// (package transfer's overlay).
type savepoint struct {
	store.Tx
	keys   []string
	writes map[string][]byte // nil: deleted
}

func (s *savepoint) wrap(base store.Tx) store.Tx {
	s.Tx, s.keys, s.writes = base, nil, map[string][]byte{}
	return s
}

func (s *savepoint) Get(key []byte) ([]byte, error) {
	if v, ok := s.writes[string(key)]; ok {
		if v == nil {
			return nil, store.ErrNotFound
		}
		return v, nil
	}
	return s.Tx.Get(key)
}

func (s *savepoint) set(key, value []byte) {
	if _, ok := s.writes[string(key)]; !ok {
		s.keys = append(s.keys, string(key))
	}
	s.writes[string(key)] = value
}

func (s *savepoint) Put(key, value []byte) error {
	s.set(key, append([]byte{}, value...))
	return nil
}

func (s *savepoint) Delete(key []byte) error {
	s.set(key, nil)
	return nil
}

// Scan merges the base's keys with the row's writes (forward scans from
// the prefix only, which is all an account import needs).
func (s *savepoint) Scan(prefix []byte, opts store.ScanOptions, fn func(key, value []byte) error) error {
	if opts.Reverse || opts.From != nil {
		return errors.New("savepoint: unsupported scan")
	}
	merged := map[string][]byte{}
	if err := s.Tx.Scan(prefix, opts, func(k, v []byte) error {
		merged[string(k)] = bytes.Clone(v)
		return nil
	}); err != nil {
		return err
	}
	for k, v := range s.writes {
		if !strings.HasPrefix(k, string(prefix)) {
			continue
		}
		if v == nil {
			delete(merged, k)
		} else {
			merged[k] = v
		}
	}
	keys := make([]string, 0, len(merged))
	for k := range merged {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := fn([]byte(k), merged[k]); err != nil {
			if errors.Is(err, store.ErrStop) {
				return nil
			}
			return err
		}
	}
	return nil
}

func (s *savepoint) flush() error {
	for _, k := range s.keys {
		var err error
		if v := s.writes[k]; v == nil {
			err = s.Tx.Delete([]byte(k))
		} else {
			err = s.Tx.Put([]byte(k), v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// runImport runs ops as an import in batches of 1 to 9 rows, each row in
// its own savepoint, and returns the import (not finished) with each
// row's rejection ("" when it landed).
func runImport(t *testing.T, d *Desk, ops []importOp) (*Import, []string) {
	t.Helper()
	ctx := context.Background()
	im, err := d.BeginImport(ctx, ImportJob{Kind: "accounts", File: "held.csv"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	rejected := make([]string, len(ops))
	var sp savepoint
	for start, n := 0, 0; start < len(ops); start += n {
		n = min(1+start%9, len(ops)-start)
		for start+n < len(ops) && ops[start+n].sameBatch {
			n++
		}
		batch := ops[start : start+n]
		if err := im.Batch(ctx, func(tx *Tx) error {
			for k, op := range batch {
				err := tx.Within(sp.wrap, func(sub *Tx) error {
					if op.ref == "" {
						_, err := sub.CreateAccount(AccountChange{Set: op.set})
						return err
					}
					_, err := sub.EditAccount(op.ref, AccountChange{Set: op.set})
					return err
				})
				switch {
				case err == nil:
					if err := sp.flush(); err != nil {
						return err
					}
					rejected[start+k] = ""
				case errors.Is(err, ErrConflict) || errors.Is(err, ErrInvalid) || errors.Is(err, ErrNotFound):
					rejected[start+k] = err.Error()
				default:
					return fmt.Errorf("row %d: %w", start+k, err)
				}
			}
			return nil
		}); err != nil {
			t.Fatalf("batch at row %d: %v", start, err)
		}
	}
	return im, rejected
}

// storeDump is every key and value of the store, in order, but for the
// keys under skip.
func storeDump(t *testing.T, d *Desk, skip ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := d.store.View(context.Background(), func(tx store.Tx) error {
		return tx.Scan(nil, store.ScanOptions{}, func(k, v []byte) error {
			for _, p := range skip {
				if bytes.HasPrefix(k, []byte(p)) {
					return nil
				}
			}
			b.Write(binary.AppendUvarint(nil, uint64(len(k))))
			b.Write(k)
			b.Write(binary.AppendUvarint(nil, uint64(len(v))))
			b.Write(v)
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// storedNames returns the name index entries the store itself holds
// (not the import's held writes).
func storedNames(t *testing.T, d *Desk) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	prefix := indexPrefix(accounts.kind, "name")
	if err := d.store.View(context.Background(), func(tx store.Tx) error {
		return tx.Scan(prefix, store.ScanOptions{}, func(k, _ []byte) error {
			out[string(k[len(prefix):])] = true
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// assertSpilled checks that the held entries of an import with a tiny
// budget left memory for the spill file, and so that reads went through
// the filter and the runs: the name of a late row, held since, is not in
// the store itself before the commit.
func assertSpilled(t *testing.T, d *Desk, im *Import) {
	t.Helper()
	if !im.unit.Spilled() {
		t.Fatal("nothing spilled with a tiny budget")
	}
	if names := storedNames(t, d); names["co 290"] {
		t.Fatalf("names in the store before the commit: %d, with co 290", len(names))
	}
}

func checkStore(t *testing.T, d *Desk, what string) {
	t.Helper()
	r, err := d.Check(context.Background())
	if err != nil || !r.OK() {
		t.Fatalf("%s: db check: %v %v", what, err, r.Problems)
	}
}

// TestHeldImportRejectsLikeUnheld: a row that takes a value an earlier
// row of the import holds — spilled many batches ago and known through
// the filter and the runs, or still held in memory — is rejected with the same
// error as on a store that holds nothing, and the import lands the same
// store, byte for byte.
func TestHeldImportRejectsLikeUnheld(t *testing.T) {
	ops := importOps()
	var want []byte
	var wantRejected []string
	for _, m := range []holdMode{holdNone, holdDefault, holdTiny} {
		d := openHeldDesk(t, m)
		im, rejected := runImport(t, d, ops)
		if m == holdTiny {
			assertSpilled(t, d, im)
		}
		if m == holdNone {
			wantRejected = rejected
			for i, op := range ops {
				if got := rejected[i]; (op.conflict == "") != (got == "") || !strings.Contains(got, op.conflict) {
					t.Errorf("row %d %v: rejection %q, want %q", i, op.set, got, op.conflict)
				}
			}
		} else {
			for i := range ops {
				if rejected[i] != wantRejected[i] {
					t.Errorf("%v: row %d %v: rejection %q, without holding %q", m, i, ops[i].set, rejected[i], wantRejected[i])
				}
			}
		}
		if err := im.Commit(context.Background(), JobDone); err != nil {
			t.Fatal(err)
		}
		checkStore(t, d, m.String())
		got := storeDump(t, d)
		if m == holdNone {
			want = got
		} else if !bytes.Equal(got, want) {
			t.Errorf("%v: the committed store differs from the one without holding", m)
		}
	}
}

// TestHeldImportCommitFindsEveryAccount: after the commit every account
// the import created or renamed is found by name, domain and external id,
// and none by a value it gave up.
func TestHeldImportCommitFindsEveryAccount(t *testing.T) {
	d := openHeldDesk(t, holdTiny)
	im, rejected := runImport(t, d, importOps())
	if err := im.Commit(context.Background(), JobDone); err != nil {
		t.Fatal(err)
	}
	checkStore(t, d, "after the commit")
	if err := d.View(context.Background(), func(tx *Tx) error {
		found := func(ref string, want uint64) {
			t.Helper()
			id, err := tx.AccountID(ref)
			if err != nil || id != want {
				t.Errorf("%s: account %d, %v; want %d", ref, id, err, want)
			}
		}
		n := 0
		err := tx.ListAccounts(AccountFilter{}, func(a *Account) error {
			n++
			found(a.Name, a.ID)
			if a.ExternalID != "" {
				found("ext:"+a.ExternalID, a.ID)
			}
			for _, dom := range a.Domains {
				found("@"+dom, a.ID)
			}
			// A renamed account is no longer found by what it gave up.
			if j, ok := strings.CutPrefix(a.Name, "Renamed "); ok {
				if id, _ := tx.AccountID("@alt" + j + ".org"); id == a.ID {
					t.Errorf("%s still found by its old domain", a.Name)
				}
			}
			return nil
		})
		landed := 0
		for _, r := range rejected {
			if r == "" {
				landed++
			}
		}
		creates := 0
		for i, op := range importOps() {
			if op.ref == "" && rejected[i] == "" {
				creates++
			}
		}
		if want := 10 + creates; n != want {
			t.Errorf("%d accounts, want %d (%d rows landed)", n, want, landed)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// TestHeldImportRollbackRestores: a rollback, or the recovery after a
// crash, leaves the store as it was before the import, byte for byte,
// but for the job's record.
func TestHeldImportRollbackRestores(t *testing.T) {
	jobKeys := []string{"rec/job/", "seq/job"}
	for _, crash := range []bool{false, true} {
		d := openHeldDesk(t, holdTiny)
		before := storeDump(t, d, jobKeys...)
		im, _ := runImport(t, d, importOps())
		assertSpilled(t, d, im)
		status := JobRolledBack
		if crash {
			// The process "dies": no commit, no rollback; its held
			// writes are gone with it.
			if err := d.Recover(context.Background()); err != nil {
				t.Fatal(err)
			}
		} else {
			status = JobFailed
			if err := im.Rollback(context.Background(), JobFailed); err != nil {
				t.Fatal(err)
			}
		}
		if after := storeDump(t, d, jobKeys...); !bytes.Equal(before, after) {
			t.Errorf("crash %v: the store differs from before the import", crash)
		}
		if needs, err := d.NeedsRecovery(context.Background()); err != nil || needs {
			t.Errorf("crash %v: journal left: %v %v", crash, needs, err)
		}
		checkStore(t, d, "after the rollback")
		if err := d.View(context.Background(), func(tx *Tx) error {
			j, err := tx.ImportJob(im.Job.ID)
			if err == nil && j.Status != status {
				t.Errorf("crash %v: job status %s, want %s", crash, j.Status, status)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestHeldImportFailedBatch: a batch that fails after it wrote index
// entries loses the held ones (the store rolled its transaction back
// while they stayed held), so the import refuses further batches and the
// commit with bulk.ErrLost; its rollback still restores the store. The
// same when the failed batch's deactivation scanned the held index: while
// nothing has spilled, that applied every held entry in its own
// transaction, which the store rolled back, so nothing is left held and
// yet the entries are lost (once something has spilled, the scan applies
// nothing, and the batch's own writes are what is lost).
func TestHeldImportFailedBatch(t *testing.T) {
	ctx := context.Background()
	jobKeys := []string{"rec/job/", "seq/job"}
	errBatch := errors.New("the batch failed")
	for _, c := range []struct {
		name  string
		rows  int
		batch func(tx *Tx) error
	}{
		{"write", 100, func(tx *Tx) error {
			_, err := tx.CreateAccount(AccountChange{Set: fv("name", "Failed", "domains", "failed.com")})
			return err
		}},
		{"scan", 40, func(tx *Tx) error {
			// A child of the account, held, then the deactivation that
			// scans for it.
			if _, err := tx.CreateAccount(AccountChange{Set: fv("name", "Kid", "parent_id", "10")}); err != nil {
				return err
			}
			_, err := tx.SetAccountStatus("Pre 9", StatusInactive)
			return err
		}},
	} {
		for _, m := range []holdMode{holdDefault, holdTiny} {
			d := openHeldDesk(t, m)
			before := storeDump(t, d, jobKeys...)
			im, _ := runImport(t, d, importOps()[:c.rows])
			if err := im.Batch(ctx, func(tx *Tx) error {
				if err := c.batch(tx); err != nil {
					return err
				}
				return errBatch
			}); !errors.Is(err, errBatch) {
				t.Fatalf("%s, %v: failing batch: %v", c.name, m, err)
			}
			if err := im.Batch(ctx, func(tx *Tx) error {
				_, err := tx.CreateAccount(AccountChange{Set: fv("name", "Next")})
				return err
			}); !errors.Is(err, bulk.ErrLost) {
				t.Errorf("%s, %v: the batch after the failure: %v, want ErrLost", c.name, m, err)
			}
			err := im.Commit(ctx, JobDone)
			if !errors.Is(err, bulk.ErrLost) {
				t.Errorf("%s, %v: commit after the failure: %v, want ErrLost", c.name, m, err)
			}
			if err == nil {
				if r, err := d.Check(ctx); err != nil || !r.OK() {
					t.Errorf("%s, %v: the committed store: db check: %v, %d problems, the first %q", c.name, m, err, len(r.Problems), r.Problems[:min(3, len(r.Problems))])
				}
				continue
			}
			if err := im.Rollback(ctx, JobFailed); err != nil {
				t.Fatal(err)
			}
			if after := storeDump(t, d, jobKeys...); !bytes.Equal(before, after) {
				t.Errorf("%s, %v: the store differs from before the import", c.name, m)
			}
			checkStore(t, d, c.name+", "+m.String()+" after the rollback")
		}
	}
}
