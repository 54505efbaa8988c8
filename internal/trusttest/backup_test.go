package trusttest

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// TestBackupWhileWriting takes `db backup FILE` again and again while
// writer processes create accounts and contacts and move contacts: every
// backup must be a store that opens, passes db check (every index
// consistent with its records, the rule holding) and holds a number of
// accounts between what the store held before it started and after it
// ended.
func TestBackupWhileWriting(t *testing.T) {
	const writers, opsPerWriter, backups = 3, 40, 6
	dir := t.TempDir()
	db := filepath.Join(dir, "store", "deskctl.db")
	sh := newShell(t, dir, db)
	sh.must("account", "create", "--name", "Hub", "--domain", "hub.example", "-q")

	var stop atomic.Bool
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < opsPerWriter && !stop.Load(); i++ {
				name := fmt.Sprintf("B%d-%d", w, i)
				r := sh.run("account", "create", "--name", name, "--domain", fmt.Sprintf("b%d-%d.example", w, i), "-q")
				if r.code == 0 {
					r = sh.run("contact", "create", "--email", fmt.Sprintf("p@b%d-%d.example", w, i), "-q")
				}
				if r.code == 0 && i%3 == 0 {
					r = sh.run("contact", "associate", fmt.Sprintf("p@b%d-%d.example", w, i), "--account", "Hub", "--move", "-q")
				}
				if r.code != 0 && r.code != 6 {
					mu.Lock()
					failures = append(failures, r.String())
					mu.Unlock()
					return
				}
			}
		}()
	}

	count := func(args ...string) int {
		r := sh.must(append([]string{"account", "list", "-o", "json", "--limit", "0"}, args...)...)
		var as []accountJSON
		if err := json.Unmarshal([]byte(r.stdout), &as); err != nil {
			t.Fatalf("account list: %v", err)
		}
		return len(as)
	}
	for b := 0; b < backups; b++ {
		before := count()
		file := filepath.Join(dir, fmt.Sprintf("backup-%d.db", b))
		r := sh.run("db", "backup", file, "-q")
		if r.code != 0 {
			t.Errorf("backup %d: %v", b, r)
			continue
		}
		after := count()
		check := sh.run("--db", file, "db", "check")
		if check.code != 0 || !strings.HasPrefix(check.stdout, "ok: ") {
			t.Errorf("backup %d does not pass db check: %v", b, check)
		}
		if n := count("--db", file); n < before || n > after {
			t.Errorf("backup %d holds %d accounts; the store held %d before and %d after", b, n, before, after)
		} else {
			t.Logf("backup %d: %d accounts (store: %d before, %d after); %s", b, n, before, after, strings.TrimSpace(check.stdout))
		}
	}
	stop.Store(true)
	wg.Wait()
	for _, f := range failures {
		t.Errorf("writer: %s", f)
	}
	if r := sh.run("db", "check"); r.code != 0 {
		t.Errorf("db check of the store: %v", r)
	}
}
