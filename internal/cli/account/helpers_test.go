package account

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// testEnv is cmdtest.Env with the short names this package's tests use.
type testEnv struct {
	*cmdtest.Env
	t               *testing.T
	f               *cmdutil.Factory
	cfg             *cmdutil.Config
	in, out, errOut *bytes.Buffer
}

func newEnv(t *testing.T) *testEnv {
	t.Helper()
	e := cmdtest.New(t)
	return &testEnv{Env: e, t: t, f: e.F, cfg: e.Cfg, in: e.In, out: e.Out, errOut: e.ErrOut}
}

// get reads one account.
func (e *testEnv) get(ref string) *desk.Account {
	e.t.Helper()
	d, err := e.OpenDesk(context.Background(), false)
	if err != nil {
		e.t.Fatal(err)
	}
	defer d.Close()
	var a *desk.Account
	if err := d.View(context.Background(), func(tx *desk.Tx) (err error) {
		a, err = tx.Account(ref)
		return err
	}); err != nil {
		e.t.Fatal(err)
	}
	return a
}

// given lists the field flags the user gave, as "field=value" strings in
// flag order, so parsing tests can compare them.
func given(ff *fieldFlags) []string {
	var out, custom []string
	for _, fv := range ff.Changes() {
		if strings.HasPrefix(fv.Field, "field.") {
			custom = append(custom, fv.Field+"="+fv.Value)
		} else {
			out = append(out, fv.Field+"="+fv.Value)
		}
	}
	if len(ff.domains) > 0 {
		out = append(out, "domains="+strings.Join(ff.domains, ";"))
	}
	if len(ff.tags) > 0 {
		out = append(out, "tags="+strings.Join(ff.tags, ";"))
	}
	out = append(out, custom...)
	if ff.Changed("parent") {
		out = append(out, "parent="+ff.parent)
	}
	if ff.Changed("manager") {
		out = append(out, "manager="+ff.manager)
	}
	return out
}
