package trusttest

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestKilledWrites kills single-record writes with SIGKILL at random
// moments (seeded, so that a failure replays): before the store opens,
// while the transaction runs, during the commit's fsyncs, after it. The
// next command must find the store consistent (db check), and each write
// whole or absent: an account is found by its name and by its domain, or
// by neither; a moved contact is in the old account or the new one, with
// the version to match. Imports, which commit in batches, are killed by
// internal/cli/importcmd's TestImportSurvivesSIGKILL.
func TestKilledWrites(t *testing.T) {
	const trials = 24
	dir := t.TempDir()
	db := filepath.Join(dir, "store", "deskctl.db")
	sh := newShell(t, dir, db)
	sh.must("account", "create", "--name", "Left", "--domain", "left.example", "-q")
	sh.must("account", "create", "--name", "Right", "--domain", "right.example", "-q")
	sh.must("contact", "create", "--email", "mover@example.org", "--account", "Left", "-q")

	leftID := accountIDOf(t, sh, "Left")

	// How long one write takes here, to spread the kills over it.
	start := time.Now()
	sh.must("account", "create", "--name", "Timing", "--domain", "timing.example", "-q")
	span := time.Since(start)

	rng := rand.New(rand.NewSource(20261124))
	outcomes := map[string]int{}
	for i := 0; i < trials; i++ {
		delay := time.Duration(rng.Int63n(int64(span) * 3 / 2))
		var args []string
		move := i%2 == 1
		before := contactState(t, sh)
		if move {
			target := "Left"
			if before.account == leftID {
				target = "Right"
			}
			args = []string{"contact", "associate", "mover@example.org", "--account", target, "--move", "-q"}
		} else {
			args = []string{"account", "create", "--name", fmt.Sprintf("Killed %d", i), "--domain", fmt.Sprintf("killed%d.example", i), "-q"}
		}
		cmd := sh.command(context.Background(), "", args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		killed := err != nil

		if r := sh.run("db", "check"); r.code != 0 {
			t.Fatalf("trial %d (kill after %v): db check: %v", i, delay, r)
		}
		var outcome string
		if move {
			after := contactState(t, sh)
			switch {
			case after == before:
				outcome = "move absent"
			case after.version == before.version+1 && after.account != before.account:
				outcome = "move whole"
			default:
				t.Fatalf("trial %d: contact went from %+v to %+v", i, before, after)
			}
		} else {
			byName := sh.run("account", "show", fmt.Sprintf("Killed %d", i), "-o", "json", "--jq", ".id")
			byDomain := sh.run("account", "show", fmt.Sprintf("@killed%d.example", i), "-o", "json", "--jq", ".id")
			switch {
			case byName.code == 3 && byDomain.code == 3:
				outcome = "create absent"
			case byName.code == 0 && byDomain.code == 0 && byName.stdout == byDomain.stdout:
				outcome = "create whole"
			default:
				t.Fatalf("trial %d: by name %v; by domain %v", i, byName, byDomain)
			}
		}
		if !killed && outcome != "move whole" && outcome != "create whole" {
			t.Errorf("trial %d: the write exited 0 but is %s", i, outcome)
		}
		outcomes[outcome]++
	}
	t.Logf("%d writes killed at random over %v: %v", trials, span.Round(time.Millisecond), outcomes)
}

type contactSnapshot struct {
	account string
	version int
}

func contactState(t *testing.T, sh *shell) contactSnapshot {
	t.Helper()
	r := sh.must("contact", "show", "mover@example.org", "-o", "json", "--jq", `"\(.account_id) \(.version)"`)
	var s contactSnapshot
	if _, err := fmt.Sscanf(r.stdout, "%s %d", &s.account, &s.version); err != nil {
		t.Fatalf("contact show: %q: %v", r.stdout, err)
	}
	return s
}

func accountIDOf(t *testing.T, sh *shell, name string) string {
	t.Helper()
	r := sh.must("account", "show", name, "-o", "json", "--jq", ".id")
	var id string
	fmt.Sscan(r.stdout, &id)
	return id
}
