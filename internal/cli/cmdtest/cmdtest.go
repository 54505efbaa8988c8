// Package cmdtest is the shared test bench of the command packages: a
// factory over test iostreams and a fresh bbolt store with a pinned clock,
// and the helpers every verb's tests use to run a command as the root
// command would. Only _test.go files import it.
//
// # Caveats
//
// Env checks the store's integrity (`db check`) when the test ends, so a
// test that corrupts its store on purpose must use its own store.
package cmdtest

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

// Now is the pinned clock of run tests, so that timestamps in expected
// output are exact.
var Now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// Env is one command invocation's world.
type Env struct {
	T      *testing.T
	F      *cmdutil.Factory
	Cfg    *cmdutil.Config
	In     *bytes.Buffer
	Out    *bytes.Buffer
	ErrOut *bytes.Buffer
}

// New returns an Env whose config points the store at t.TempDir(): what
// the root command resolves from no flags and no config file. Tests change
// Cfg as -o, --fields or a config file would. The store exists (read-only
// commands find one) and must pass the integrity check when the test ends.
func New(t *testing.T) *Env {
	t.Helper()
	ios, in, out, errOut := iostreams.Test()
	cfg := &cmdutil.Config{
		DB:      filepath.Join(t.TempDir(), "deskctl.db"),
		Actor:   "tester",
		Timeout: time.Second,
		Output:  output.FormatTable,
	}
	e := &Env{T: t, F: cmdutil.New(ios), Cfg: cfg, In: in, Out: out, ErrOut: errOut}
	e.F.Config = func() (*cmdutil.Config, error) { return cfg, nil }
	e.F.Desk = e.OpenDesk
	d, err := e.OpenDesk(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	t.Cleanup(e.check)
	return e
}

// OpenDesk is the factory's Desk with the pinned clock.
func (e *Env) OpenDesk(ctx context.Context, write bool) (*desk.Desk, error) {
	s, err := bolt.Open(e.Cfg.DB, store.Options{ReadOnly: !write, Timeout: e.Cfg.Timeout})
	if err != nil {
		return nil, err
	}
	d, err := desk.Open(ctx, s, desk.Options{Actor: e.Cfg.Actor, Now: func() time.Time { return Now }})
	if err != nil {
		s.Close()
		return nil, err
	}
	return d, nil
}

func (e *Env) check() {
	d, err := e.OpenDesk(context.Background(), false)
	if err != nil {
		e.T.Errorf("integrity check: %v", err)
		return
	}
	defer d.Close()
	r, err := d.Check(context.Background())
	if err != nil || !r.OK() {
		e.T.Errorf("integrity check: %v %v", err, r.Problems)
	}
}

// Update runs fn in a write transaction, to set up a test's data.
func (e *Env) Update(fn func(tx *desk.Tx) error) {
	e.T.Helper()
	d, err := e.OpenDesk(context.Background(), true)
	if err != nil {
		e.T.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Update(context.Background(), fn); err != nil {
		e.T.Fatal(err)
	}
}

// View runs fn in a read transaction, to inspect the outcome.
func (e *Env) View(fn func(tx *desk.Tx) error) {
	e.T.Helper()
	d, err := e.OpenDesk(context.Background(), false)
	if err != nil {
		e.T.Fatal(err)
	}
	defer d.Close()
	if err := d.View(context.Background(), fn); err != nil {
		e.T.Fatal(err)
	}
}

// Account creates an account from field/value pairs.
func (e *Env) Account(kv ...string) *desk.Account {
	e.T.Helper()
	var a *desk.Account
	e.Update(func(tx *desk.Tx) (err error) {
		a, err = tx.CreateAccount(desk.AccountChange{Set: FieldValues(kv...)})
		return err
	})
	return a
}

// Manager creates a manager from field/value pairs.
func (e *Env) Manager(kv ...string) *desk.Manager {
	e.T.Helper()
	var m *desk.Manager
	e.Update(func(tx *desk.Tx) (err error) {
		m, err = tx.CreateManager(desk.ManagerChange{Set: FieldValues(kv...)})
		return err
	})
	return m
}

// Contact creates a contact from field/value pairs (an email on an
// account's domain joins that account).
func (e *Env) Contact(kv ...string) *desk.Contact {
	e.T.Helper()
	var c *desk.Contact
	e.Update(func(tx *desk.Tx) (err error) {
		c, err = tx.CreateContact(desk.ContactChange{Set: FieldValues(kv...)})
		return err
	})
	return c
}

// Ticket creates a ticket for a contact.
func (e *Env) Ticket(contact, subject string) {
	e.T.Helper()
	e.Update(func(tx *desk.Tx) error {
		_, err := tx.CreateTicket(desk.TicketChange{Contact: contact, Set: FieldValues("subject", subject)})
		return err
	})
}

// StoreBytes returns the store file's content, to prove that a command
// wrote nothing.
func (e *Env) StoreBytes() []byte {
	e.T.Helper()
	b, err := os.ReadFile(e.Cfg.DB)
	if err != nil {
		e.T.Fatal(err)
	}
	return b
}

// Run executes cmd (built on F) with args as the root command would, and
// returns its error; Out and ErrOut hold what it printed.
func (e *Env) Run(cmd *cobra.Command, args ...string) error {
	e.Out.Reset()
	e.ErrOut.Reset()
	return Execute(cmd, args...)
}

// Execute runs cmd with args the way the root command does: flag parse
// errors and argument errors become usage errors (root's FlagErrorFunc and
// finishTree do that in the real tree), and cobra prints nothing.
func Execute(cmd *cobra.Command, args ...string) error {
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

// ParseFactory is a factory for parsing tests: any use of the config or
// the store fails the test, since parsing must need neither.
func ParseFactory(t *testing.T) *cmdutil.Factory {
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

// FieldValues turns field/value pairs into changes.
func FieldValues(kv ...string) []desk.FieldValue {
	var set []desk.FieldValue
	for i := 0; i+1 < len(kv); i += 2 {
		set = append(set, desk.FieldValue{Field: kv[i], Value: kv[i+1]})
	}
	return set
}
