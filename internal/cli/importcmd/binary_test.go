package importcmd

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
	"github.com/deskctl/deskctl/internal/testbin"
)

// The tests of this file run the real deskctl binary (internal/testbin).
func buildDeskctl(t *testing.T) string { return testbin.Path(t, "deskctl") }

func TestMain(m *testing.M) {
	code := m.Run()
	testbin.Cleanup()
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
