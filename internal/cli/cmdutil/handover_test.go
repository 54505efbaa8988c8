package cmdutil

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
)

// The hand-over mark stops a binary without the backend from handing over
// to itself, and is dropped by the one that has it, so that what it runs
// (hooks calling deskctl) may hand over again.
func TestHandOverMark(t *testing.T) {
	cfg := &Config{Store: "etcd://127.0.0.1:2379/x"}
	t.Setenv(handedOverEnv, "1")
	err := HandOverIfEtcd(cfg, nil)
	if !errors.Is(err, errNoEtcd) || !strings.Contains(Hint(err), "same release") {
		t.Fatalf("a second hand-over: err = %v (hint %q), want errNoEtcd", err, Hint(err))
	}
	OpenEtcd = func(context.Context, *Config, store.Options) (store.Store, error) { return nil, nil }
	defer func() { OpenEtcd = nil }()
	if err := HandOverIfEtcd(cfg, nil); err != nil {
		t.Fatal(err)
	}
	if v, set := os.LookupEnv(handedOverEnv); set {
		t.Errorf("%s=%q is left for what the helper runs", handedOverEnv, v)
	}
}

func TestIsEtcdURL(t *testing.T) {
	for url, want := range map[string]bool{"etcd://h:2379/p": true, "ETCD://h/p": true, "etcds://h/p": true,
		"": false, "/var/deskctl.db": false, "etcd:h": false, "http://h/p": false} {
		if got := IsEtcdURL(url); got != want {
			t.Errorf("IsEtcdURL(%q) = %v, want %v", url, got, want)
		}
	}
}
