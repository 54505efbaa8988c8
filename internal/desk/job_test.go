package desk_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
)

func countAccounts(t *testing.T, d *desk.Desk) int {
	t.Helper()
	n := 0
	if err := d.View(context.Background(), func(tx *desk.Tx) error {
		return tx.ListAccounts(desk.AccountFilter{}, func(*desk.Account) error { n++; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

func importBatches(t *testing.T, d *desk.Desk, batches, per int) *desk.Import {
	t.Helper()
	ctx := context.Background()
	im, err := d.BeginImport(ctx, desk.ImportJob{Kind: "accounts", File: "test.csv"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for b := 0; b < batches; b++ {
		if err := im.Batch(ctx, func(tx *desk.Tx) error {
			for i := 0; i < per; i++ {
				// Every batch also edits account 1, so undo must restore
				// the oldest value of a key written many times.
				if _, err := tx.EditAccount("1", desk.AccountChange{Set: set("phone", fmt.Sprint(b, i))}); err != nil {
					return err
				}
				if _, err := tx.CreateAccount(desk.AccountChange{Set: set("name", fmt.Sprintf("Co %d-%d", b, i))}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	return im
}

func TestImportRollbackRestoresEverything(t *testing.T) {
	d := newDesk(t)
	mustCreateAccount(t, d, "name", "Existing", "phone", "123")
	jobKeys := []string{"rec/job/", "seq/job"}
	before := dump(t, d, jobKeys...)
	im := importBatches(t, d, 3, 50)
	if n := countAccounts(t, d); n != 151 {
		t.Fatalf("%d accounts mid-import", n)
	}
	if err := im.Rollback(context.Background(), desk.JobFailed); err != nil {
		t.Fatal(err)
	}
	if n := countAccounts(t, d); n != 1 {
		t.Fatalf("%d accounts after rollback", n)
	}
	checkClean(t, d)
	// Only the job record (and its id counter) may differ from before.
	var j *desk.ImportJob
	_ = d.View(context.Background(), func(tx *desk.Tx) (err error) { j, err = tx.ImportJob(im.Job.ID); return err })
	if j.Status != desk.JobFailed || j.FinishedAt == nil {
		t.Fatalf("job %+v", j)
	}
	if after := dump(t, d, jobKeys...); !bytes.Equal(before, after) {
		t.Fatal("the store differs from before the import")
	}
}

func TestImportRecoverAfterCrash(t *testing.T) {
	d := newDesk(t)
	mustCreateAccount(t, d, "name", "Existing")
	importBatches(t, d, 2, 20) // the process "dies": no commit, no rollback
	if needs, err := d.NeedsRecovery(context.Background()); err != nil || !needs {
		t.Fatalf("needs recovery: %v %v", needs, err)
	}
	if err := d.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := countAccounts(t, d); n != 1 {
		t.Fatalf("%d accounts after recovery", n)
	}
	if needs, _ := d.NeedsRecovery(context.Background()); needs {
		t.Fatal("journal left behind")
	}
	checkClean(t, d)
	_ = d.View(context.Background(), func(tx *desk.Tx) error {
		return tx.ImportJobs(0, func(j *desk.ImportJob) error {
			if j.Status != desk.JobRolledBack {
				t.Errorf("job status %s", j.Status)
			}
			return nil
		})
	})
}

func TestImportCommit(t *testing.T) {
	d := newDesk(t)
	mustCreateAccount(t, d, "name", "Existing")
	im := importBatches(t, d, 2, 20)
	im.Job.Created = 40
	if err := im.Commit(context.Background(), desk.JobDone); err != nil {
		t.Fatal(err)
	}
	if needs, _ := d.NeedsRecovery(context.Background()); needs {
		t.Fatal("journal left behind after commit")
	}
	if n := countAccounts(t, d); n != 41 {
		t.Fatalf("%d accounts", n)
	}
	checkClean(t, d)
}

// TestMigrationWaitsForRollback opens a schema 1 store that a killed
// import left open: the migrations (schema 2 on) wait until the import is
// rolled back, so that the tally it builds never counts the rows that
// disappear; until then readers take custom field names from the records.
func TestMigrationWaitsForRollback(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	mustCreateAccount(t, d, "name", "Acme", "field.tier", "gold")
	im, err := d.BeginImport(ctx, desk.ImportJob{Kind: "accounts", File: "test.csv"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := im.Batch(ctx, func(tx *desk.Tx) error {
		_, err := tx.CreateAccount(desk.AccountChange{Set: set("name", "Beta", "field.region", "eu")})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// What schema 1 looked like: no tally, and the version says so.
	if err := d.Store().Update(ctx, func(tx store.Tx) error {
		for _, k := range []string{"ix/account/fields/tier", "ix/account/fields/region"} {
			if err := tx.Delete([]byte(k)); err != nil {
				return err
			}
		}
		return tx.Put([]byte("meta/schema"), []byte("1"))
	}); err != nil {
		t.Fatal(err)
	}
	schema := func(d *desk.Desk) string {
		t.Helper()
		var v []byte
		if err := d.Store().View(ctx, func(tx store.Tx) (err error) { v, err = tx.Get([]byte("meta/schema")); return err }); err != nil {
			t.Fatal(err)
		}
		return string(v)
	}
	names := func(d *desk.Desk) string { return fmt.Sprint(accountFieldNames(t, d)) }
	reopened, err := desk.Open(ctx, d.Store(), desk.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	if got := schema(reopened); got != "1" {
		t.Fatalf("schema %s with an import still open, want 1 (not migrated yet)", got)
	}
	if got := names(reopened); got != "[region tier]" {
		t.Fatalf("field names before the rollback: %s", got)
	}
	if err := reopened.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := schema(reopened), fmt.Sprint(desk.SchemaVersion); got != want {
		t.Fatalf("schema %s after the rollback, want %s", got, want)
	}
	if got := names(reopened); got != "[tier]" {
		t.Fatalf("field names after the rollback: %s", got)
	}
	checkClean(t, reopened)
}

// A schema 2 store with an import open is stamped with the current schema
// at once: the migration from 2 rewrites nothing, and writes in the
// current forms must not land in a store that says it is older.
func TestMigrationFromSchema2DoesNotWait(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	im, err := d.BeginImport(ctx, desk.ImportJob{Kind: "accounts", File: "test.csv"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := im.Batch(ctx, func(tx *desk.Tx) error {
		_, err := tx.CreateAccount(desk.AccountChange{Set: set("name", "Beta")})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := d.Store().Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("meta/schema"), []byte("2")) }); err != nil {
		t.Fatal(err)
	}
	reopened, err := desk.Open(ctx, d.Store(), desk.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	var v []byte
	if err := reopened.Store().View(ctx, func(tx store.Tx) (err error) { v, err = tx.Get([]byte("meta/schema")); return err }); err != nil {
		t.Fatal(err)
	}
	if got, want := string(v), fmt.Sprint(desk.SchemaVersion); got != want {
		t.Errorf("schema %s with an import open, want %s", got, want)
	}
	if err := reopened.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	checkClean(t, reopened)
}
