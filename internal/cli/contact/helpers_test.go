package contact

import (
	"bytes"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
)

// testEnv is cmdtest.Env with the short names this package's tests use.
type testEnv struct {
	*cmdtest.Env
	t           *testing.T
	f           *cmdutil.Factory
	cfg         *cmdutil.Config
	in, out, eo *bytes.Buffer
}

func newEnv(t *testing.T) *testEnv {
	t.Helper()
	e := cmdtest.New(t)
	return &testEnv{Env: e, t: t, f: e.F, cfg: e.Cfg, in: e.In, out: e.Out, eo: e.ErrOut}
}

// given lists the field flags the user gave as "field=value", in flag
// order, for parsing tests to compare.
func given(ff *fieldFlags) []string {
	var out []string
	for _, fv := range ff.Changes() {
		out = append(out, fv.Field+"="+fv.Value)
	}
	if ff.Changed("account") {
		out = append(out, "account="+ff.account)
	}
	return out
}

// seed creates the accounts Acme (acme.com, id 1) and Globex (globex.com,
// id 2) and the contact ann@acme.com (id 1, in Acme).
func (e *testEnv) seed() {
	e.t.Helper()
	e.Update(func(tx *desk.Tx) error {
		for _, a := range [][2]string{{"Acme", "acme.com"}, {"Globex", "globex.com"}} {
			if _, err := tx.CreateAccount(desk.AccountChange{Set: []desk.FieldValue{{Field: "name", Value: a[0]}, {Field: "domains", Value: a[1]}}}); err != nil {
				return err
			}
		}
		_, err := tx.CreateContact(desk.ContactChange{Set: []desk.FieldValue{{Field: "name", Value: "Ann"}, {Field: "email", Value: "ann@acme.com"}}})
		return err
	})
}
