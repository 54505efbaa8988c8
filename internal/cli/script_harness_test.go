package cli

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// recordingT is a testscript.T that records failures instead of failing
// the Go test, so a test can assert that a script fails.
type recordingT struct {
	mu     sync.Mutex
	failed bool
	log    strings.Builder
}

type failNowPanic struct{}

func (r *recordingT) Skip(args ...any) { panic(failNowPanic{}) }
func (r *recordingT) Fatal(args ...any) {
	r.mu.Lock()
	r.failed = true
	r.mu.Unlock()
	panic(failNowPanic{})
}
func (r *recordingT) Parallel() {}
func (r *recordingT) Log(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, a := range args {
		if s, ok := a.(string); ok {
			r.log.WriteString(s)
		}
	}
}
func (r *recordingT) FailNow() {
	r.mu.Lock()
	r.failed = true
	r.mu.Unlock()
	panic(failNowPanic{})
}
func (r *recordingT) Run(name string, f func(testscript.T)) {
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(failNowPanic); !ok {
				panic(v)
			}
		}
	}()
	f(r)
}
func (r *recordingT) Verbose() bool { return false }

// TestExitsHarness checks the `exits` command itself: each script below
// must fail, for the reason given, which proves that the command and the
// assertions after it are not vacuous.
func TestExitsHarness(t *testing.T) {
	for name, tc := range map[string]struct{ script, reason string }{
		"wrong_code": {"exits 3 deskctl version\n",
			"deskctl exited with code 0, want 3"},
		"wrong_code_zero": {"exits 0 deskctl bogus\n",
			"deskctl exited with code 2, want 0"},
		"stdout_is_kept": {"exits 0 deskctl version\n! stdout 'deskctl'\n",
			"unexpected match for `deskctl` found in stdout"},
		"stderr_is_kept": {"exits 2 deskctl bogus\n! stderr 'unknown command'\n",
			"unexpected match for `unknown command` found in stderr"},
		"stdin_is_fed": {"stdin in.txt\nexits 0 echostdin 0\n! stdout 'hello'\n-- in.txt --\nhello\n",
			"unexpected match for `hello` found in stdout"},
		"bad_usage": {"exits deskctl\n",
			"usage: exits CODE program [args...]"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, name+".txtar"), []byte(tc.script), 0o666); err != nil {
				t.Fatal(err)
			}
			rt := &recordingT{}
			testscript.RunT(rt, scriptParams(t, dir))
			log := rt.log.String()
			if !rt.failed {
				t.Errorf("script %q passed, want a failure", tc.script)
			}
			if !strings.Contains(log, tc.reason) {
				t.Errorf("script %q failed, but not with %q:\n%s", tc.script, tc.reason, log)
			}
		})
	}
}
