package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/deskctl/deskctl/internal/store"
)

// The etcd backend lives in a second binary, deskctl-etcd: the etcd
// client's packages (gRPC, protobuf, etcd's API types) took about 5 ms to
// load in every run, a third of a short command such as `account show`,
// whether or not the store was etcd. deskctl leaves them out; a command
// whose store is etcd:// is handed, command line, environment and
// standard streams unchanged, to deskctl-etcd, which is deskctl with the
// backend linked in (it sets OpenEtcd from internal/cli/etcdstore).

// EtcdHelper is the name of the binary with the etcd backend.
const EtcdHelper = "deskctl-etcd"

// OpenEtcd opens an etcd store from the configuration. It is nil in a
// binary without the etcd backend.
var OpenEtcd func(ctx context.Context, cfg *Config, opts store.Options) (store.Store, error)

// handedOverEnv marks a process started by a hand-over, so that a
// deskctl-etcd without the backend (a broken install) fails instead of
// handing over to itself for ever.
const handedOverEnv = "DESKCTL_HANDED_OVER"

var errNoEtcd = errors.New("this deskctl has no etcd backend")

// IsEtcdURL reports whether a store URL names an etcd cluster.
func IsEtcdURL(url string) bool {
	scheme, _, found := strings.Cut(url, "://")
	return found && strings.HasPrefix(strings.ToLower(scheme), "etcd")
}

// HandOverIfEtcd runs the command line args in deskctl-etcd when cfg
// names an etcd store and this binary has no etcd backend; it returns
// nil at once otherwise. It is called before a command does anything. On
// Unix the process becomes deskctl-etcd (exec), so signals and the exit
// code are its own; elsewhere deskctl-etcd runs as a child whose exit
// code this process exits with. It returns only on failure.
func HandOverIfEtcd(cfg *Config, args []string) error {
	if OpenEtcd != nil {
		// The mark is for this process only: a hook it runs may call
		// deskctl, which must be free to hand over again.
		os.Unsetenv(handedOverEnv)
		return nil
	}
	if !IsEtcdURL(cfg.Store) {
		return nil
	}
	if os.Getenv(handedOverEnv) != "" {
		return WithHint(errNoEtcd, "reinstall deskctl and "+EtcdHelper+" from the same release")
	}
	helper, err := findHelper()
	if err != nil {
		return err
	}
	env := append(os.Environ(), handedOverEnv+"=1")
	return handOver(helper, args, env)
}

// findHelper looks for deskctl-etcd next to this binary, then on PATH.
func findHelper() (string, error) {
	name := EtcdHelper
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	var dir string
	if self, err := os.Executable(); err == nil {
		if self, err = filepath.EvalSymlinks(self); err == nil {
			dir = filepath.Dir(self)
			if p := filepath.Join(dir, name); isExecutable(p) {
				return p, nil
			}
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", WithHint(fmt.Errorf("%w, and %s, which has it, is neither next to it (%s) nor on PATH", errNoEtcd, EtcdHelper, dir),
		"install "+EtcdHelper+" from the same release as deskctl (make build builds both), or use the file store (--db)")
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && (runtime.GOOS == "windows" || fi.Mode()&0o111 != 0)
}
