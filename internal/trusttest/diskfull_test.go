package trusttest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiskFull fills a real (small) file system: a 512 KiB tmpfs mounted
// in a private mount namespace (unshare -rm, so no mount outlives the
// test; skipped where that is not allowed). The store starts small; an
// import of megabytes, then single writes, run until the disk is full.
// Each failure is exit 1 with one line naming the file and "no space left
// on device", never a stack trace; the store then passes db check and
// holds exactly what the writes that exited 0 wrote. The file size limit
// variant (ulimit -f) is testdata/script/trust_faults_disk.txtar.
func TestDiskFull(t *testing.T) {
	bin := deskctlBinary(t)
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Skip("no unshare command to mount a private tmpfs with")
	}
	dir := t.TempDir()
	mnt := filepath.Join(dir, "mnt")
	if err := os.Mkdir(mnt, 0o700); err != nil {
		t.Fatal(err)
	}
	probe := exec.Command("unshare", "-rm", "sh", "-c", `mount -t tmpfs -o size=64k tmpfs "$1"`, "sh", mnt)
	if out, err := probe.CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs in a private namespace here: %v: %s", err, out)
	}

	var csv strings.Builder
	csv.WriteString("name,description\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&csv, "Big %d,%s\n", i, strings.Repeat("x", 2000))
	}
	big := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(big, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// In the namespace: mount, run the writes, copy the store out (the
	// mount goes away with the namespace). Each command's exit code and
	// stderr go to numbered files.
	script := `
set -u
mount -t tmpfs -o size=512k tmpfs "$MNT" || exit 99
export DESKCTL_DB="$MNT/deskctl.db"
n=0
run() { n=$((n+1)); "$BIN" "$@" >/dev/null 2>"$OUT/$n.err"; echo $? >"$OUT/$n.code"; }
run account create --name First -q
run import accounts "$BIG"
i=0
while [ $i -lt 400 ]; do
	i=$((i+1))
	run account create --name "Small $i" --description "$PAD" -q
	[ "$(cat "$OUT/$n.code")" = 0 ] || break
done
echo $i >"$OUT/small"
# Whether one more small record fits depends on the pages the failed
# writes left free; the whole import again (2 MB) never does.
run import accounts "$BIG"
cp "$DESKCTL_DB" "$OUT/after.db"
`
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("unshare", "-rm", "sh", "-c", script)
	cmd.Env = append(os.Environ(), "MNT="+mnt, "BIN="+bin, "OUT="+out, "BIG="+big,
		"PAD="+strings.Repeat("p", 4000), "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, ".config"), "DESKCTL_ACTOR=tester")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the writes in the namespace: %v: %s", err, b)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(b))
	}
	code := func(n int) string { return read(fmt.Sprint(n, ".code")) }
	if code(1) != "0" {
		t.Fatalf("first write: exit %s: %s", code(1), read("1.err"))
	}
	wantFull := func(n int, what string) {
		t.Helper()
		stderr := read(fmt.Sprint(n, ".err"))
		lines := strings.Split(stderr, "\n")
		last := lines[len(lines)-1]
		if code(n) != "1" || !strings.HasPrefix(last, "deskctl: ") || !strings.HasSuffix(last, "no space left on device") ||
			strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
			t.Errorf("%s: exit %s, stderr:\n%s\nwant exit 1, deskctl: ... no space left on device", what, code(n), stderr)
			return
		}
		t.Logf("%s: exit 1: %s", what, stderr)
	}
	wantFull(2, "import of 2 MB into 512 KiB")
	var small int
	fmt.Sscan(read("small"), &small)
	// Writes 3 .. 3+small-2 exited 0; the last of the loop hit the wall.
	wantFull(2+small, fmt.Sprintf("single write %d", small))
	wantFull(3+small, "an import after the disk is full")

	// The store copied out of the full disk is whole and holds exactly
	// the writes that exited 0.
	sh := newShell(t, dir, filepath.Join(out, "after.db"))
	if r := sh.run("db", "check"); r.code != 0 {
		t.Fatalf("db check of the store from the full disk: %v", r)
	}
	r := sh.must("account", "list", "-o", "csv", "--fields", "name", "--no-header", "--limit", "0")
	want := "First\n"
	for i := 1; i < small; i++ {
		want += fmt.Sprintf("Small %d\n", i)
	}
	if r.stdout != want {
		t.Errorf("the store holds\n%s\nwant the %d writes that exited 0", r.stdout, small)
	}
	if bytes.Contains([]byte(r.stdout), []byte("Big ")) {
		t.Errorf("rows of the failed import landed")
	}
	t.Logf("%d single writes of 4 KB fitted after the failed import; the store passes db check", small-1)
}
