package cli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/store/etcd/etcdtest"
	"github.com/deskctl/deskctl/internal/testbin"
)

// TestHandOverToEtcdHelper runs the real binaries as a user installs them:
// deskctl, which has no etcd backend, hands a command whose store is etcd
// to deskctl-etcd beside it — output, stdin and exit code pass through —
// and says what is missing when deskctl-etcd is not installed.
func TestHandOverToEtcdHelper(t *testing.T) {
	t.Cleanup(testbin.Cleanup)      // testscript owns this package's TestMain
	testbin.Path(t, "deskctl-etcd") // beside deskctl
	deskctl := testbin.Path(t, "deskctl")
	srv := startEtcd(t, etcdtest.Config{})
	home := t.TempDir()
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "XDG_DATA_HOME=" + home, "PATH=/usr/bin:/bin",
		"DESKCTL_STORE=etcd://" + srv.Endpoint + "/handover"}
	run := func(deskctl, stdin string, args ...string) (string, string, int) {
		t.Helper()
		cmd := exec.Command(deskctl, args...)
		cmd.Env, cmd.Dir, cmd.Stdin = env, home, strings.NewReader(stdin)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("running %s: %v", deskctl, err)
		}
		return stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()
	}
	if _, stderr, code := run(deskctl, "name,domains\nAcme Ltd,acme.com\n", "import", "accounts", "-", "-q"); code != 0 {
		t.Fatalf("import through the hand-over: exit %d: %s", code, stderr)
	}
	if stdout, stderr, code := run(deskctl, "", "account", "show", "@acme.com", "-o", "json", "--jq", ".name"); code != 0 || stdout != "Acme Ltd\n" {
		t.Fatalf("show through the hand-over: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, stderr, code := run(deskctl, "", "account", "show", "@nowhere.com"); code != 3 || !strings.Contains(stderr, "not found") {
		t.Fatalf("a miss through the hand-over: exit %d (want 3), stderr %q", code, stderr)
	}

	// deskctl alone, deskctl-etcd neither beside it nor on PATH.
	alone := filepath.Join(t.TempDir(), "deskctl")
	data, err := os.ReadFile(deskctl)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(alone, data, 0o755); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := run(alone, "", "account", "list")
	if code != 1 || !strings.Contains(stderr, "no etcd backend") || !strings.Contains(stderr, "deskctl-etcd") {
		t.Fatalf("without deskctl-etcd: exit %d (want 1), stderr %q", code, stderr)
	}
	// The file store needs no helper.
	if _, stderr, code := run(alone, "", "--store", "", "--db", filepath.Join(home, "x.db"), "account", "list"); code != 0 {
		t.Fatalf("the file store without deskctl-etcd: exit %d: %s", code, stderr)
	}
}
