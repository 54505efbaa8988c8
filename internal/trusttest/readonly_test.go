package trusttest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// nobody is the user the read-only tests run deskctl as when the test runs
// as root, for whom no permission bit forbids anything.
const nobody = 65534

// runAs runs deskctl with args as the user uid (as the test's own user
// when uid is 0).
func (s *shell) runAs(uid int, args ...string) result {
	cmd := s.command(context.Background(), "", args...)
	if uid != 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid)}}
	}
	return s.wait(cmd, args)
}

// TestReadOnlyStore runs deskctl on a store it may not write: the file
// read-only, or the directory read-only. Reads work; writes that need what
// is forbidden exit 1 with one line naming the file and "permission
// denied", never a stack trace, and the store is unchanged. A store file
// that is writable in a read-only directory takes writes (bbolt writes in
// place and creates no file); what needs a new file there (a new store,
// an export --file, a backup) is refused. As root, deskctl runs as nobody
// so that the permission bits apply.
func TestReadOnlyStore(t *testing.T) {
	uid := os.Getuid()
	if uid == 0 {
		uid = nobody
	}
	base := t.TempDir()
	// The user must reach the test's directories (testing makes them 0700).
	for _, d := range []string{filepath.Dir(base), base} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The home and the working directory: the user's own.
	home := filepath.Join(base, "home")
	mkdirOwned(t, home, uid)
	storeDir := filepath.Join(base, "data")
	if err := os.Mkdir(storeDir, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(storeDir, "deskctl.db")
	sh := newShell(t, home, db)
	sh.must("account", "create", "--name", "Acme", "--domain", "acme.example", "-q")
	chown(t, storeDir, uid)
	chown(t, db, uid)
	orig, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	unchanged := func(what string) {
		t.Helper()
		now, err := os.ReadFile(db)
		if err != nil || !bytes.Equal(now, orig) {
			t.Errorf("%s: the store changed (%v)", what, err)
		}
	}
	wantDenied := func(r result, path string) {
		t.Helper()
		noStackTrace(t, r)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if r.code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "deskctl: ") ||
			!strings.Contains(lines[0], path) || !strings.HasSuffix(lines[0], "permission denied") {
			t.Errorf("want exit 1 and one line naming %s, permission denied; got %v", path, r)
			return
		}
		t.Logf("%s: %s", strings.Join(r.args, " "), lines[0])
	}
	reads := func(what string) {
		t.Helper()
		if r := sh.runAs(uid, "account", "list", "-o", "csv", "--fields", "name", "--no-header"); r.code != 0 || r.stdout != "Acme\n" {
			t.Errorf("%s: account list: %v", what, r)
		}
		if r := sh.runAs(uid, "export", "accounts"); r.code != 0 || !strings.Contains(r.stdout, "Acme") {
			t.Errorf("%s: export: %v", what, r)
		}
		if r := sh.runAs(uid, "db", "check"); r.code != 0 {
			t.Errorf("%s: db check: %v", what, r)
		}
	}

	// The file read-only, its directory writable.
	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}
	reads("read-only file")
	wantDenied(sh.runAs(uid, "account", "create", "--name", "Globex"), db)
	wantDenied(sh.runAs(uid, "account", "edit", "Acme", "--description", "changed"), db)
	unchanged("read-only file")

	// The directory read-only, the file writable: writes work, new files
	// in the directory are refused.
	if err := os.Chmod(db, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(storeDir, 0o555); err != nil {
		t.Fatal(err)
	}
	reads("read-only directory")
	newStore := filepath.Join(storeDir, "new.db")
	wantDenied(sh.runAs(uid, "--db", newStore, "account", "create", "--name", "Globex"), newStore)
	wantDenied(sh.runAs(uid, "--db", newStore, "account", "list"), newStore)
	r := sh.runAs(uid, "export", "accounts", "--file", filepath.Join(storeDir, "accounts.csv"))
	wantDenied(r, storeDir)
	r = sh.runAs(uid, "db", "backup", filepath.Join(storeDir, "backup.db"))
	wantDenied(r, storeDir)
	entries, _ := os.ReadDir(storeDir)
	if len(entries) != 1 {
		t.Errorf("the read-only directory holds %d files, want the store alone", len(entries))
	}
	unchanged("refused writes in a read-only directory")
	if r := sh.runAs(uid, "account", "create", "--name", "Globex", "-q"); r.code != 0 {
		t.Errorf("a write to a writable store in a read-only directory: %v", r)
	}
	if err := os.Chmod(storeDir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func mkdirOwned(t *testing.T, dir string, uid int) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	chown(t, dir, uid)
}

func chown(t *testing.T, path string, uid int) {
	t.Helper()
	if uid == os.Getuid() {
		return
	}
	if err := os.Chown(path, uid, uid); err != nil {
		t.Skipf("cannot give %s to uid %d: %v", path, uid, err)
	}
}
