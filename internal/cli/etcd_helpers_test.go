package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/deskctl/deskctl/internal/cli/etcdstore" // commands on etcd run in this binary
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/etcd"
	"github.com/deskctl/deskctl/internal/store/etcd/etcdtest"
)

// Helpers of the end-to-end tests that run deskctl against etcd outside the
// scripts: real deskctl processes (this test binary, which testscript.Main
// put on $PATH under the name deskctl) with an environment of their own.

// result is what one deskctl process did.
type result struct {
	args           []string
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("deskctl %s: exit %d\nstdout:\n%sstderr:\n%s", strings.Join(r.args, " "), r.code, r.stdout, r.stderr)
}

// machine is one user's shell: a home of their own (no config file unless
// the test writes one) and the environment deskctl reads.
type machine struct {
	t   *testing.T
	env []string
}

// newMachine returns a shell whose HOME and XDG directories are under a new
// temporary directory, with DESKCTL_STORE set to store (when not empty)
// and the given extra VAR=value settings. Nothing of the test's own
// environment reaches deskctl but PATH and GORACE.
func newMachine(t *testing.T, storeURL string, extra ...string) *machine {
	t.Helper()
	home := t.TempDir()
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"TMPDIR=" + home,
		"DESKCTL_ACTOR=tester",
		"NO_COLOR=1",
		// See setupScript: a -race child would sleep 1s at exit.
		"GORACE=" + strings.TrimSpace("atexit_sleep_ms=0 "+os.Getenv("GORACE")),
	}
	if storeURL != "" {
		env = append(env, "DESKCTL_STORE="+storeURL)
	}
	return &machine{t: t, env: append(env, extra...)}
}

// home is the machine's $HOME.
func (m *machine) home() string {
	for _, kv := range m.env {
		if v, ok := strings.CutPrefix(kv, "HOME="); ok {
			return v
		}
	}
	panic("no HOME")
}

// start starts deskctl with args; wait for it with finish.
func (m *machine) start(args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	m.t.Helper()
	cmd := exec.Command("deskctl", args...)
	cmd.Env = m.env
	cmd.Dir = m.home()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		m.t.Fatalf("starting deskctl: %v", err)
	}
	return cmd, &stdout, &stderr
}

// finish waits for a process of start.
func (m *machine) finish(cmd *exec.Cmd, stdout, stderr *bytes.Buffer) result {
	m.t.Helper()
	err := cmd.Wait()
	r := result{args: cmd.Args[1:], stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		m.t.Fatalf("running deskctl: %v", err)
	}
	return r
}

// run runs deskctl with args and returns what it did.
func (m *machine) run(args ...string) result {
	m.t.Helper()
	return m.finish(m.start(args...))
}

// must runs deskctl with args and fails the test unless it exits 0.
func (m *machine) must(args ...string) result {
	m.t.Helper()
	r := m.run(args...)
	if r.code != 0 {
		m.t.Fatalf("%v", r)
	}
	return r
}

// wantExit runs deskctl with args and fails the test unless it exits code
// with stderr matching the substring msg.
func (m *machine) wantExit(code int, msg string, args ...string) result {
	m.t.Helper()
	r := m.run(args...)
	if r.code != code || !strings.Contains(r.stderr, msg) {
		m.t.Fatalf("want exit %d and %q on stderr; got %v", code, msg, r)
	}
	return r
}

// startEtcd starts a test server for t, stopped when t ends.
func startEtcd(t *testing.T, cfg etcdtest.Config) *etcdtest.Server {
	t.Helper()
	return etcdtest.Start(t, cfg)
}

// checkDataset runs the integrity check (`db check`'s code) in this
// process, on a read-only connection of its own, and fails t on any
// problem.
func checkDataset(t *testing.T, cfg etcd.Config) *desk.CheckReport {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := etcd.Open(ctx, cfg, store.Options{ReadOnly: true, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("opening %s for the check: %v", cfg, err)
	}
	d, err := desk.Open(ctx, s, desk.Options{Actor: "check"})
	if err != nil {
		s.Close()
		t.Fatalf("opening %s for the check: %v", cfg, err)
	}
	defer d.Close()
	report, err := d.Check(ctx)
	if err != nil {
		t.Fatalf("check of %s: %v", cfg, err)
	}
	if !report.OK() {
		t.Errorf("check of %s found problems:\n%s", cfg, strings.Join(report.Problems, "\n"))
	}
	return report
}
