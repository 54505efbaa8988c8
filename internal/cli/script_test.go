package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// The end-to-end tests: every testdata/script/*.txtar at the repository
// root is a story of real deskctl invocations (see the Go command's
// testdata/script/README for the language). On top of the standard
// commands, scripts have:
//
//	exits N program [args...]   run program like exec, then fail unless it
//	                            exited with code N; stdout and stderr are
//	                            kept for the following stdout/stderr/cmp
//	                            commands, and a preceding `stdin FILE` (or
//	                            ttyin) feeds it
//	[store:NAME]                condition: the scripts run against backend
//	                            NAME ("bolt" unless DESKCTL_TEST_STORE says)
//
// Each script gets HOME, XDG_DATA_HOME and XDG_CONFIG_HOME under $WORK, so
// the default store is $WORK/.local/share/deskctl/deskctl.db and the
// default config $WORK/.config/deskctl/config.yaml; DESKCTL_ACTOR=tester
// and NO_COLOR=1.
//
// Run with -update to rewrite the golden files that `cmp stdout FILE`
// compares against.

var update = flag.Bool("update", false, "rewrite the golden files of testdata/script")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"deskctl": func() { os.Exit(Main()) },
		// echostdin CODE copies stdin to stdout and exits CODE: the
		// harness's own test (exits_harness.txtar) uses it to prove that
		// `exits` passes stdin through and reports any exit code.
		"echostdin": func() {
			_, _ = io.Copy(os.Stdout, os.Stdin)
			code, _ := strconv.Atoi(os.Args[len(os.Args)-1])
			os.Exit(code)
		},
	})
}

// extraScriptCmds are script commands defined next to the tests that need
// them (trust_script_test.go: forging damaged stores, writing bytes that a
// txtar file cannot hold); every script may use them.
var extraScriptCmds = map[string]func(*testscript.TestScript, bool, []string){}

func TestScript(t *testing.T) {
	testscript.Run(t, scriptParams(t, filepath.Join("..", "..", "testdata", "script")))
}

func scriptParams(t *testing.T, dir string) testscript.Params {
	p := testscript.Params{
		Dir:                 dir,
		Setup:               setupScript,
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"exits": cmdExits},
		Condition:           scriptCondition,
		RequireExplicitExec: true,
		UpdateScripts:       *update,
	}
	for name, cmd := range extraScriptCmds {
		p.Cmds[name] = cmd
	}
	if d, ok := t.Deadline(); ok {
		p.Deadline = d
	}
	return p
}

// storeBackends maps a value of the environment variable DESKCTL_TEST_STORE
// to a function that prepares an empty store for one script and returns
// the URL to put in DESKCTL_STORE ("" = the default bbolt file). It is the
// seam for running every script against another backend:
//
//	// etcd_script_test.go
//	func init() {
//		storeBackends["etcd"] = func(env *testscript.Env) (string, error) {
//			// start (or reuse) a server, pick a fresh key prefix,
//			// env.Defer(cleanup) ...
//			return "etcd://127.0.0.1:2379/" + prefix, nil
//		}
//	}
//
// then `DESKCTL_TEST_STORE=etcd go test ./internal/cli -run TestScript`.
// Scripts that only make sense on one backend start with `[!store:bolt] skip`.
var storeBackends = map[string]func(env *testscript.Env) (url string, err error){
	"bolt": func(*testscript.Env) (string, error) { return "", nil },
}

// testBackend is the backend the scripts run against.
func testBackend() string {
	if b := os.Getenv("DESKCTL_TEST_STORE"); b != "" {
		return b
	}
	return "bolt"
}

func setupScript(env *testscript.Env) error {
	work := env.WorkDir
	env.Setenv("HOME", filepath.Join(work, "home"))
	env.Setenv("XDG_DATA_HOME", filepath.Join(work, ".local", "share"))
	env.Setenv("XDG_CONFIG_HOME", filepath.Join(work, ".config"))
	env.Setenv("DESKCTL_ACTOR", "tester")
	env.Setenv("NO_COLOR", "1")
	// The examples/ scripts, which the docs tell users to run, are run by
	// the scripts too (examples_*.txtar, hooks_example.txtar).
	examples, err := filepath.Abs(filepath.Join("..", "..", "examples"))
	if err != nil {
		return err
	}
	env.Setenv("EXAMPLES", examples)
	// A -race binary sleeps 1s at exit by default to let other goroutines
	// report; every deskctl run would pay it. Options set by the caller
	// come after, so they win.
	env.Setenv("GORACE", strings.TrimSpace("atexit_sleep_ms=0 "+os.Getenv("GORACE")))

	name := testBackend()
	prepare, ok := storeBackends[name]
	if !ok {
		known := make([]string, 0, len(storeBackends))
		for k := range storeBackends {
			known = append(known, k)
		}
		sort.Strings(known)
		return fmt.Errorf("DESKCTL_TEST_STORE=%q: no such test backend (have %s)", name, strings.Join(known, ", "))
	}
	url, err := prepare(env)
	if err != nil {
		return fmt.Errorf("preparing the %s store: %w", name, err)
	}
	if url != "" {
		env.Setenv("DESKCTL_STORE", url)
	}
	return nil
}

func scriptCondition(cond string) (bool, error) {
	if name, ok := strings.CutPrefix(cond, "store:"); ok {
		return name == testBackend(), nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

// cmdExits implements `exits N program [args...]`.
//
// It runs the program through TestScript.Exec, which is what exec itself
// uses: Exec consumes a pending `stdin FILE` and stores stdout and stderr
// where the stdout/stderr/cmp commands read them. (Writing to ts.Stdout()
// would not do: those buffers replace the program's output when the
// command returns.)
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exits (state the exit code instead)")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exits CODE program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil || want < 0 {
		ts.Fatalf("exits: bad exit code %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: running %s: %v", args[1], err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with code %d, want %d", args[1], got, want)
	}
}
