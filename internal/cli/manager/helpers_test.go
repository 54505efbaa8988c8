package manager

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
)

// testNow is the pinned clock of run tests, so that timestamps in expected
// output are exact.
var testNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// testEnv is one command invocation's world: a factory over test
// iostreams and a fresh bbolt store in a temp dir.
type testEnv struct {
	t      *testing.T
	f      *cmdutil.Factory
	cfg    *cmdutil.Config
	in     *bytes.Buffer
	out    *bytes.Buffer
	errOut *bytes.Buffer
}

// newEnv returns a testEnv whose Config points the store at t.TempDir().
// The configuration is what the root command would resolve from no flags
// and no config file; tests change cfg before running a command, as -o,
// --fields or a config file would. After the test, the store must pass
// the integrity check of `db check`.
func newEnv(t *testing.T) *testEnv {
	t.Helper()
	ios, in, out, errOut := iostreams.Test()
	cfg := &cmdutil.Config{
		DB:      filepath.Join(t.TempDir(), "deskctl.db"),
		Actor:   "tester",
		Timeout: time.Second,
		Output:  output.FormatTable,
	}
	e := &testEnv{t: t, f: cmdutil.New(ios), cfg: cfg, in: in, out: out, errOut: errOut}
	e.f.Config = func() (*cmdutil.Config, error) { return cfg, nil }
	e.f.Desk = e.openDesk
	// Create the store, so that read-only commands find one.
	d, err := e.openDesk(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	t.Cleanup(e.check)
	return e
}

// openDesk is the factory's Desk with a pinned clock.
func (e *testEnv) openDesk(ctx context.Context, write bool) (*desk.Desk, error) {
	s, err := bolt.Open(e.cfg.DB, store.Options{ReadOnly: !write, Timeout: e.cfg.Timeout})
	if err != nil {
		return nil, err
	}
	d, err := desk.Open(ctx, s, desk.Options{Actor: e.cfg.Actor, Now: func() time.Time { return testNow }})
	if err != nil {
		s.Close()
		return nil, err
	}
	return d, nil
}

// check runs the store's integrity check.
func (e *testEnv) check() {
	d, err := e.openDesk(context.Background(), false)
	if err != nil {
		e.t.Errorf("integrity check: %v", err)
		return
	}
	defer d.Close()
	r, err := d.Check(context.Background())
	if err != nil || !r.OK() {
		e.t.Errorf("integrity check: %v %v", err, r.Problems)
	}
}

// update runs fn in a write transaction, to set up a test's data.
func (e *testEnv) update(fn func(tx *desk.Tx) error) {
	e.t.Helper()
	d, err := e.openDesk(context.Background(), true)
	if err != nil {
		e.t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Update(context.Background(), fn); err != nil {
		e.t.Fatal(err)
	}
}

// account creates an account from field/value pairs.
func (e *testEnv) account(kv ...string) *desk.Account {
	e.t.Helper()
	var a *desk.Account
	e.update(func(tx *desk.Tx) (err error) {
		a, err = tx.CreateAccount(desk.AccountChange{Set: fieldValues(kv...)})
		return err
	})
	return a
}

// manager creates a manager from field/value pairs.
func (e *testEnv) manager(kv ...string) *desk.Manager {
	e.t.Helper()
	var m *desk.Manager
	e.update(func(tx *desk.Tx) (err error) {
		m, err = tx.CreateManager(desk.ManagerChange{Set: fieldValues(kv...)})
		return err
	})
	return m
}

func fieldValues(kv ...string) []desk.FieldValue {
	var set []desk.FieldValue
	for i := 0; i+1 < len(kv); i += 2 {
		set = append(set, desk.FieldValue{Field: kv[i], Value: kv[i+1]})
	}
	return set
}

// storeBytes returns the store file's content, to prove that a command
// wrote nothing.
func (e *testEnv) storeBytes() []byte {
	e.t.Helper()
	b, err := os.ReadFile(e.cfg.DB)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// run executes cmd (built on e.f) with args, as the root command would,
// and returns its error; e.out and e.errOut hold what it printed.
func (e *testEnv) run(cmd *cobra.Command, args ...string) error {
	e.out.Reset()
	e.errOut.Reset()
	return execute(cmd, args...)
}

// execute runs cmd with args the way the root command does: flag parse
// errors and argument errors become usage errors (root's FlagErrorFunc
// and finishTree do that in the real tree), and cobra prints nothing.
func execute(cmd *cobra.Command, args ...string) error {
	cmd.SetArgs(args)
	cmd.SetOut(new(bytes.Buffer))
	cmd.SetErr(new(bytes.Buffer))
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return cmdutil.FlagErrorWrap(err) })
	if validate := cmd.Args; validate != nil {
		cmd.Args = func(c *cobra.Command, a []string) error { return cmdutil.FlagErrorWrap(validate(c, a)) }
	}
	_, err := cmd.ExecuteC()
	return err
}

// parseFactory is a factory for parsing tests: any use of the config or
// the store fails the test, since parsing must not need them.
func parseFactory(t *testing.T) *cmdutil.Factory {
	t.Helper()
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios}
	f.Config = func() (*cmdutil.Config, error) {
		t.Error("parsing read the config")
		return &cmdutil.Config{}, nil
	}
	f.Desk = func(context.Context, bool) (*desk.Desk, error) {
		t.Error("parsing opened the store")
		return nil, context.Canceled
	}
	return f
}

// assertResult checks a run's error, stdout and stderr exactly. With errIs
// set, stdout must be empty and the message (when errMsg is set) exact.
func assertResult(t *testing.T, e *testEnv, err, errIs error, errMsg, stdout, stderr string) {
	t.Helper()
	switch {
	case errIs == nil && err != nil:
		t.Fatalf("err = %v", err)
	case errIs != nil && !errors.Is(err, errIs):
		t.Fatalf("err = %v, want %v", err, errIs)
	case errMsg != "" && err.Error() != errMsg:
		t.Errorf("message = %q, want %q", err.Error(), errMsg)
	}
	if got := e.out.String(); got != stdout {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, stdout)
	}
	if got := e.errOut.String(); got != stderr {
		t.Errorf("stderr = %q, want %q", got, stderr)
	}
}
