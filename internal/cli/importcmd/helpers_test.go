package importcmd

import (
	"bytes"
	"context"
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

var testNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// testEnv is one invocation's world: a factory over test iostreams and a
// fresh bbolt store, integrity-checked when the test ends.
type testEnv struct {
	t       *testing.T
	f       *cmdutil.Factory
	cfg     *cmdutil.Config
	dir     string
	out, eo *bytes.Buffer
	in      *bytes.Buffer
}

func newEnv(t *testing.T) *testEnv {
	t.Helper()
	ios, in, out, errOut := iostreams.Test()
	dir := t.TempDir()
	cfg := &cmdutil.Config{DB: filepath.Join(dir, "deskctl.db"), Actor: "tester", Timeout: time.Second, Output: output.FormatTable}
	e := &testEnv{t: t, f: cmdutil.New(ios), cfg: cfg, dir: dir, in: in, out: out, eo: errOut}
	e.f.Config = func() (*cmdutil.Config, error) { return cfg, nil }
	e.f.Desk = e.openDesk
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
	d, err := e.openDesk(context.Background(), true)
	if err != nil {
		e.t.Errorf("integrity check: %v", err)
		return
	}
	defer d.Close()
	if r, err := d.Check(context.Background()); err != nil || !r.OK() {
		e.t.Errorf("integrity check: %v %v", err, r.Problems)
	}
}

// run executes cmd with args, as the root would, and returns its error.
func (e *testEnv) run(cmd *cobra.Command, args ...string) error {
	e.out.Reset()
	e.eo.Reset()
	cmd.SetArgs(args)
	cmd.SetOut(e.out)
	cmd.SetErr(e.eo)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	return cmd.ExecuteContext(context.Background())
}
