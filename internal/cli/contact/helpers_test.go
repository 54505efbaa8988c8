package contact

import (
	"bytes"
	"context"
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

// testNow is the pinned clock of run tests.
var testNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// testEnv is one command invocation's world: a factory over test
// iostreams and a fresh bbolt store in a temp dir. After the test the
// store must pass the integrity check of `db check`.
type testEnv struct {
	t           *testing.T
	f           *cmdutil.Factory
	cfg         *cmdutil.Config
	in, out, eo *bytes.Buffer
}

func newEnv(t *testing.T) *testEnv {
	t.Helper()
	ios, in, out, errOut := iostreams.Test()
	cfg := &cmdutil.Config{DB: filepath.Join(t.TempDir(), "deskctl.db"), Actor: "tester",
		Timeout: time.Second, Output: output.FormatTable}
	e := &testEnv{t: t, f: cmdutil.New(ios), cfg: cfg, in: in, out: out, eo: errOut}
	e.f.Config = func() (*cmdutil.Config, error) { return cfg, nil }
	e.f.Desk = e.openDesk
	d, err := e.openDesk(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	t.Cleanup(e.check)
	return e
}

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

func (e *testEnv) check() {
	d, err := e.openDesk(context.Background(), false)
	if err != nil {
		e.t.Errorf("integrity check: %v", err)
		return
	}
	defer d.Close()
	if r, err := d.Check(context.Background()); err != nil || !r.OK() {
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

// storeBytes returns the store file, to prove that a command wrote nothing.
func (e *testEnv) storeBytes() []byte {
	e.t.Helper()
	b, err := os.ReadFile(e.cfg.DB)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// run executes cmd with args as the root command would; e.out and e.eo
// hold what it printed.
func (e *testEnv) run(cmd *cobra.Command, args ...string) error {
	e.out.Reset()
	e.eo.Reset()
	return execute(cmd, args...)
}

// execute runs cmd the way the root command does: flag and argument
// errors become usage errors, and cobra prints nothing.
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

// parseFactory is a factory for parsing tests: reading the config or
// opening the store fails the test, since parsing must need neither.
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

// given lists the field flags the user gave as "field=value", in flag
// order, for parsing tests to compare.
func given(ff *fieldFlags) []string {
	var out []string
	for _, tf := range textFlags {
		if ff.fs.Changed(tf.flag) {
			out = append(out, tf.field+"="+*ff.values[tf.field])
		}
	}
	for _, kv := range ff.custom {
		out = append(out, "field."+kv)
	}
	if ff.fs.Changed("account") {
		out = append(out, "account="+ff.account)
	}
	return out
}

// seed creates the accounts Acme (acme.com, id 1) and Globex (globex.com,
// id 2) and the contact ann@acme.com (id 1, in Acme).
func (e *testEnv) seed() {
	e.t.Helper()
	e.update(func(tx *desk.Tx) error {
		for _, a := range [][2]string{{"Acme", "acme.com"}, {"Globex", "globex.com"}} {
			if _, err := tx.CreateAccount(desk.AccountChange{Set: []desk.FieldValue{{Field: "name", Value: a[0]}, {Field: "domains", Value: a[1]}}}); err != nil {
				return err
			}
		}
		_, err := tx.CreateContact(desk.ContactChange{Set: []desk.FieldValue{{Field: "name", Value: "Ann"}, {Field: "email", Value: "ann@acme.com"}}})
		return err
	})
}
