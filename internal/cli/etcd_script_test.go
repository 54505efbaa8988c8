package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/deskctl/deskctl/internal/store/etcd/etcdtest"
)

// The etcd pass: TestScriptEtcd runs every testdata/script/*.txtar again,
// with DESKCTL_STORE pointing at a dataset of its own on a real etcd server
// started inside the test process, so that every command is proven to
// behave the same on both backends in the ordinary `go test ./...` run.
//
// One server serves the whole pass; each script gets a fresh prefix,
// etcd://127.0.0.1:PORT/script-NAME-N. The server is started by the test
// function, never in TestMain: testscript runs deskctl by re-executing this
// test binary, and those children go straight to Main without running any
// test, so they never start a server of their own.
//
// The server keeps etcd's default limits (128 operations and 1.5 MiB per
// transaction), which is what a team gets from a stock cluster, and deskctl
// runs with its default limits to match: a script that needed more would
// show a command that fails on a stock cluster.

// etcdScripts is the server of the running etcd pass, or nil.
var etcdScripts struct {
	mu     sync.Mutex
	server *etcdtest.Server
}

// etcdDatasets numbers the datasets handed to scripts.
var etcdDatasets atomic.Int64

func init() {
	storeBackends["etcd"] = prepareEtcdScript
}

// prepareEtcdScript gives a script an empty dataset on the pass's server.
// Run as `DESKCTL_TEST_STORE=etcd go test -run '^TestScript$'`, outside
// TestScriptEtcd, there is no shared server: the script then gets a server
// of its own, stopped when it ends.
func prepareEtcdScript(env *testscript.Env) (string, error) {
	etcdScripts.mu.Lock()
	srv := etcdScripts.server
	etcdScripts.mu.Unlock()
	if srv == nil {
		dir, err := os.MkdirTemp("", "deskctl-etcd-script-")
		if err != nil {
			return "", err
		}
		if srv, err = etcdtest.New(dir, etcdtest.Config{}); err != nil {
			os.RemoveAll(dir)
			return "", err
		}
		env.Defer(func() {
			srv.Close()
			os.RemoveAll(dir)
		})
	}
	name := strings.TrimPrefix(filepath.Base(env.WorkDir), "script-")
	return fmt.Sprintf("etcd://%s/script-%s-%d", srv.Endpoint, name, etcdDatasets.Add(1)), nil
}

func TestScriptEtcd(t *testing.T) {
	if testBackend() == "etcd" {
		t.Skip("DESKCTL_TEST_STORE=etcd: TestScript runs the scripts on etcd already")
	}
	srv := etcdtest.Start(t, etcdtest.Config{})
	etcdScripts.mu.Lock()
	etcdScripts.server = srv
	etcdScripts.mu.Unlock()
	t.Cleanup(func() {
		etcdScripts.mu.Lock()
		etcdScripts.server = nil
		etcdScripts.mu.Unlock()
	})
	// The harness picks the backend from the environment, for the setup
	// and for the [store:NAME] condition; t.Setenv restores it after.
	t.Setenv("DESKCTL_TEST_STORE", "etcd")
	testscript.Run(t, scriptParams(t, filepath.Join("..", "..", "testdata", "script")))
}
