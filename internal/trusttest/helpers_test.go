package trusttest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/testbin"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testbin.Cleanup()
	os.Exit(code)
}

// deskctlBinary returns the real deskctl (internal/testbin).
func deskctlBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs many real deskctl processes; skipped with -short")
	}
	return testbin.Path(t, "deskctl")
}

// result is what one deskctl process did.
type result struct {
	args           []string
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return "deskctl " + strings.Join(r.args, " ") + ": exit " + strconv.Itoa(r.code) + "\nstdout:\n" + r.stdout + "stderr:\n" + r.stderr
}

// shell is an admin's environment: the binary, a store, a home of its own.
type shell struct {
	t   *testing.T
	bin string
	dir string
	env []string
}

// newShell returns an environment whose store is db (DESKCTL_DB) and whose
// HOME, XDG directories and working directory are under dir. Nothing of
// the test's own environment reaches deskctl but PATH.
func newShell(t *testing.T, dir, db string) *shell {
	t.Helper()
	return &shell{t: t, bin: deskctlBinary(t), dir: dir, env: []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir,
		"XDG_DATA_HOME=" + filepath.Join(dir, ".local", "share"),
		"XDG_CONFIG_HOME=" + filepath.Join(dir, ".config"),
		"TMPDIR=" + dir,
		"DESKCTL_DB=" + db,
		"DESKCTL_ACTOR=tester",
		"NO_COLOR=1",
	}}
}

// command returns the exec.Cmd of deskctl with args, not started.
func (s *shell) command(ctx context.Context, stdin string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, s.bin, args...)
	cmd.Env, cmd.Dir = s.env, s.dir
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	return cmd
}

// run runs deskctl with args and returns what it did. A process that does
// not end within two minutes is killed and fails the test.
func (s *shell) run(args ...string) result {
	return s.runInput("", args...)
}

func (s *shell) runInput(stdin string, args ...string) result {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := s.command(ctx, stdin, args...)
	return s.wait(cmd, args)
}

func (s *shell) wait(cmd *exec.Cmd, args []string) result {
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{args: args, stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		r.code = ee.ExitCode()
	case err != nil:
		r.code = -1
		r.stderr += "\n(test: " + err.Error() + ")"
	}
	return r
}

// must runs deskctl and fails the test unless it exits 0.
func (s *shell) must(args ...string) result {
	s.t.Helper()
	r := s.run(args...)
	if r.code != 0 {
		s.t.Fatalf("%v", r)
	}
	return r
}

// noStackTrace fails t if stderr shows a Go panic or stack trace.
func noStackTrace(t *testing.T, r result) {
	t.Helper()
	for _, bad := range []string{"panic:", "goroutine ", ".go:", "runtime."} {
		if strings.Contains(r.stderr, bad) {
			t.Errorf("stack trace on stderr (%q): %v", bad, r)
		}
	}
}

// memDir returns a new directory in /dev/shm when that is a writable
// memory file system, else in the test's temporary directory. The
// concurrency tests put their store there: what they prove (one writer at
// a time, nothing lost, nothing half-seen) does not depend on the disk,
// and without an fsync of some milliseconds per commit they get through
// several times more writes in their minute.
func memDir(t *testing.T) string {
	t.Helper()
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "deskctl-trust-"); err == nil {
			t.Cleanup(func() { os.RemoveAll(dir) })
			return dir
		}
	}
	return t.TempDir()
}
