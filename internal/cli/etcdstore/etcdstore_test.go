package etcdstore

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/cli/iostreams"
	"github.com/deskctl/deskctl/internal/store"
)

// desk opens the store of a factory given these global flags, with no
// config file or DESKCTL_* variable in the way.
func desk(t *testing.T, args ...string) error {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("DESKCTL_STORE", "")
	ios, _, _, _ := iostreams.Test()
	f := cmdutil.New(ios)
	fs := pflag.NewFlagSet("deskctl", pflag.ContinueOnError)
	f.RegisterGlobalFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	d, err := f.Desk(context.Background(), true)
	if err == nil {
		d.Close()
	}
	return err
}

func TestBadEtcdURL(t *testing.T) {
	// etcd URLs need a dataset prefix; credentials never go in the URL.
	for _, url := range []string{"etcd://127.0.0.1:2379", "etcd://user:pw@127.0.0.1:2379/acme"} {
		if err := desk(t, "--store", url); !errors.Is(err, cmdutil.ErrUsage) {
			t.Errorf("%s: err = %v, want a usage error", url, err)
		}
	}
}

// TestEtcdUnreachable checks the answer for a cluster that does not
// answer: exit 6's error, with a hint about the cluster rather than bbolt's
// "another process holds the store".
func TestEtcdUnreachable(t *testing.T) {
	err := desk(t, "--store", "etcd://127.0.0.1:1/acme", "--timeout", "200ms")
	if !errors.Is(err, store.ErrBusy) {
		t.Fatalf("err = %v, want ErrBusy", err)
	}
	if h := cmdutil.Hint(err); !strings.HasPrefix(h, "check that the etcd cluster is up") {
		t.Errorf("hint = %q", h)
	}
}
