// Package testbin builds the real binaries of cmd/ for tests that run
// them as processes: each once per test process, all into one temporary
// directory (so deskctl finds deskctl-etcd beside it), readable by all
// since some tests run them as another user. Not race-instrumented: tests
// start hundreds of them. TestMain (or, where testscript owns TestMain,
// the test) calls Cleanup.
package testbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

var built struct {
	mu   sync.Mutex
	dir  string
	errs map[string]error // by name; present once tried
}

// Path builds cmd/name (once) and returns the binary's path. It skips t
// when there is no go command to build with.
func Path(t testing.TB, name string) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build " + name + " with")
	}
	built.mu.Lock()
	defer built.mu.Unlock()
	if built.errs == nil {
		built.errs = map[string]error{}
	}
	if built.dir == "" {
		dir, err := os.MkdirTemp("", "deskctl-bin-")
		if err == nil {
			err = os.Chmod(dir, 0o755)
		}
		if err != nil {
			t.Fatalf("a directory for the binaries: %v", err)
		}
		built.dir = dir
	}
	path := filepath.Join(built.dir, name)
	err, tried := built.errs[name]
	if !tried {
		out, berr := exec.Command("go", "build", "-o", path, "github.com/deskctl/deskctl/cmd/"+name).CombinedOutput()
		if berr != nil {
			err = fmt.Errorf("%w\n%s", berr, out)
		}
		built.errs[name] = err
	}
	if err != nil {
		t.Fatalf("building %s: %v", name, err)
	}
	return path
}

// Cleanup removes the binaries built; a later Path builds again.
func Cleanup() {
	built.mu.Lock()
	defer built.mu.Unlock()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	built.dir, built.errs = "", nil
}
