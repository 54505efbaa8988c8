package export

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/deskctl/deskctl/internal/cli/cmdtest"
	"github.com/deskctl/deskctl/internal/cli/cmdutil"
)

// testEnv is cmdtest.Env with the short names this package's tests use,
// and dir, the temp dir beside the store for input and output files.
type testEnv struct {
	*cmdtest.Env
	t           *testing.T
	f           *cmdutil.Factory
	cfg         *cmdutil.Config
	dir         string
	in, out, eo *bytes.Buffer
}

func newEnv(t *testing.T) *testEnv {
	t.Helper()
	e := cmdtest.New(t)
	return &testEnv{Env: e, t: t, f: e.F, cfg: e.Cfg, dir: filepath.Dir(e.Cfg.DB), in: e.In, out: e.Out, eo: e.ErrOut}
}
