package importcmd

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
)

// The tests of this file run the real deskctl binary, built once per test
// process into a temporary directory.
var binary struct {
	once sync.Once
	dir  string
	err  error
}

func buildDeskctl(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build deskctl with")
	}
	binary.once.Do(func() {
		binary.dir, binary.err = os.MkdirTemp("", "deskctl-bin-")
		if binary.err != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", filepath.Join(binary.dir, "deskctl"), "github.com/deskctl/deskctl/cmd/deskctl").CombinedOutput()
		if err != nil {
			binary.err = err
			t.Logf("go build: %s", out)
		}
	})
	if binary.err != nil {
		t.Fatalf("building deskctl: %v", binary.err)
	}
	return filepath.Join(binary.dir, "deskctl")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}

// deskctlEnv is the environment of a deskctl child: its own store,
// config and home, and the binary first in PATH (for the examples).
func deskctlEnv(bin, db, home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DESKCTL_") && !strings.HasPrefix(kv, "XDG_") && !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "PATH=") {
			env = append(env, kv)
		}
	}
	return append(env, "DESKCTL_DB="+db, "DESKCTL_ACTOR=tester", "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// deskctlRun runs the binary and returns stdout, stderr and the exit code.
func deskctlRun(t *testing.T, env []string, dir string, stdin string, args ...string) (string, string, int) {
	t.Helper()
	return runCmd(t, exec.Command(buildDeskctl(t), args...), env, dir, stdin)
}

func runCmd(t *testing.T, cmd *exec.Cmd, env []string, dir, stdin string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd.Env, cmd.Dir, cmd.Stdout, cmd.Stderr = env, dir, &out, &errOut
	cmd.Stdin = strings.NewReader(stdin)
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	return out.String(), errOut.String(), code
}

// openStore opens a store file in-process (write, so that it is not
// shared with a live deskctl), with the pinned clock.
func openStore(t *testing.T, path string) *desk.Desk {
	t.Helper()
	s, err := bolt.Open(path, store.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	d, err := desk.Open(context.Background(), s, desk.Options{Actor: "tester", Now: func() time.Time { return cmdtest.Now }})
	if err != nil {
		t.Fatal(err)
	}
	return d
}
