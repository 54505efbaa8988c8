package manager

import (
	"bytes"
	"errors"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
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
