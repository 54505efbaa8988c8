package importcmd

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/desk"
)

// TestImportSurvivesSIGKILL starts a real `deskctl import accounts` of a
// file that updates every existing account and adds thousands, kills it
// with SIGKILL at a random moment (seeded, so a failure replays), and
// checks, after the next open, that the store holds all of the import or
// none of it, and that db check is clean. Some kills land before the
// import starts, some while batches commit, some during the commit and its
// cleanup, some after the end; half of them while the import writes held
// index entries between its batches.
func TestImportSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real imports; skipped with -short")
	}
	bin := buildDeskctl(t)
	dir := t.TempDir()
	const base, added = 50, 2000
	seed := filepath.Join(dir, "seed.db")
	env := deskctlEnv(bin, seed, dir)

	var b strings.Builder
	b.WriteString("name,domains,phone\n")
	for i := 1; i <= base; i++ {
		fmt.Fprintf(&b, "Base %d,base%d.example,old\n", i, i)
	}
	if _, stderr, code := deskctlRun(t, env, dir, b.String(), "import", "accounts", "-"); code != 0 {
		t.Fatalf("seeding: %s", stderr)
	}
	b.Reset()
	b.WriteString("name,domains,phone\n")
	for i := 1; i <= base; i++ {
		fmt.Fprintf(&b, "Base %d,base%d.example,new\n", i, i)
	}
	for i := 1; i <= added; i++ {
		fmt.Fprintf(&b, "New %d,new%d.example,new\n", i, i)
	}
	big := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(big, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	// How long a whole import takes here, to spread the kills over it.
	full := filepath.Join(dir, "full.db")
	copyFile(t, seed, full)
	start := time.Now()
	if _, stderr, code := deskctlRun(t, deskctlEnv(bin, full, dir), dir, "", "import", "accounts", big, "--on-conflict", "update", "--batch-size", "250"); code != 0 {
		t.Fatalf("full import: %s", stderr)
	}
	span := time.Since(start)

	rng := rand.New(rand.NewSource(20261124))
	outcomes := map[string]int{}
	for trial := 0; trial < 24; trial++ {
		db := filepath.Join(dir, fmt.Sprintf("trial%d.db", trial))
		copyFile(t, seed, db)
		delay := time.Duration(rng.Int63n(int64(span) * 3 / 2))
		args := []string{"import", "accounts", big, "--on-conflict", "update", "--batch-size", "250"}
		if trial%2 == 1 {
			// Every other import holds back a few kilobytes of index
			// entries only, so that kills also land while held entries
			// are written mid-import and after the filter is built.
			args = append(args, "--held-index-bytes", "4096")
		}
		cmd := exec.Command(bin, args...)
		cmd.Env, cmd.Dir, cmd.Stdout, cmd.Stderr = deskctlEnv(bin, db, dir), dir, io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()

		// The next open of the store, by any command, rolls an interrupted
		// import back: here a read-only one, the export.
		out, stderr, code := deskctlRun(t, deskctlEnv(bin, db, dir), dir, "", "export", "accounts", "--format", "jsonl")
		if code != 0 {
			t.Fatalf("trial %d (kill after %v): export after the kill: exit %d: %s", trial, delay, code, stderr)
		}
		lines := strings.Count(out, "\n")
		newPhones := strings.Count(out, `"phone":"new"`)
		var outcome string
		switch {
		case lines == base && newPhones == 0:
			outcome = "none"
		case lines == base+added && newPhones == base+added:
			outcome = "all"
		default:
			t.Fatalf("trial %d (kill after %v): %d accounts, %d with the new phone: neither all of the import nor none", trial, delay, lines, newPhones)
		}
		outcomes[outcome]++

		d := openStore(t, db)
		ctx := context.Background()
		if needs, err := d.NeedsRecovery(ctx); err != nil || needs {
			t.Errorf("trial %d: journal left after recovery (%v)", trial, err)
		}
		r, err := d.Check(ctx)
		if err != nil || !r.OK() {
			t.Errorf("trial %d: db check: %v %v", trial, err, r.Problems)
		}
		// Job 1 seeded the store; job 2, if the kill let it start, is this
		// import: done, or rolled back by the recovery.
		var status string
		_ = d.View(ctx, func(tx *desk.Tx) error {
			if j, err := tx.ImportJob(2); err == nil {
				status = j.Status
			}
			return nil
		})
		// A kill between BeginImport's two transactions (the job record,
		// then the journal unit) leaves the job "running" with nothing to
		// roll back: the data is untouched, only the job's status is stale.
		// Reported to the lead (desk.BeginImport should open both in one
		// transaction); tolerated here, and counted.
		if status == desk.JobRunning && outcome == "none" {
			outcomes["none, job left running"]++
		} else if want := map[string][]string{"all": {desk.JobDone}, "none": {"", desk.JobRolledBack}}[outcome]; !slices.Contains(want, status) {
			t.Errorf("trial %d: outcome %s but job 2 is %q", trial, outcome, status)
		}
		d.Close()
		os.Remove(db)
	}
	t.Logf("over %v per import: %v", span.Round(time.Millisecond), outcomes)
	if outcomes["none"] == 0 || outcomes["all"] == 0 {
		t.Logf("warning: every kill had the same outcome; the kill moments may not cover the import")
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
