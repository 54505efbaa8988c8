package etcd_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/etcd"
)

func TestParseURL(t *testing.T) {
	cases := []struct {
		url       string
		endpoints []string
		prefix    string
		err       string
	}{
		{"etcd://127.0.0.1:2379/acme", []string{"127.0.0.1:2379"}, "acme", ""},
		{"etcd://a:1,b:2,c/team/acme/", []string{"a:1", "b:2", "c:2379"}, "team/acme", ""},
		{"etcd://etcd.example.com/acme", []string{"etcd.example.com:2379"}, "acme", ""},
		{"etcd://[::1]:2380/acme", []string{"[::1]:2380"}, "acme", ""},
		{"etcd://[::1]/acme", []string{"[::1]:2379"}, "acme", ""},
		{"etcd://127.0.0.1:2379", nil, "", "missing the dataset prefix"},
		{"etcd://127.0.0.1:2379/", nil, "", "missing the dataset prefix"},
		{"http://127.0.0.1:2379/acme", nil, "", "want etcd://"},
		{"etcd:///acme", nil, "", "empty host"},
		{"etcd://a,,b/acme", nil, "", "empty host"},
		{"etcd://a:0/acme", nil, "", "bad host"},
		{"etcd://a:99999/acme", nil, "", "bad host"},
		{"etcd://a:port/acme", nil, "", "bad host"},
		{"etcd://::1/acme", nil, "", "brackets"},
		{"etcd://user:secret@a:2379/acme", nil, "", "credentials"},
		{"etcd://a:2379/acme?cacert=x", nil, "", "credentials"},
	}
	for _, c := range cases {
		cfg, err := etcd.ParseURL(c.url)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseURL(%q) error = %v, want one about %q", c.url, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseURL(%q): %v", c.url, err)
			continue
		}
		if !slices.Equal(cfg.Endpoints, c.endpoints) || cfg.Prefix != c.prefix {
			t.Errorf("ParseURL(%q) = %q %q, want %q %q", c.url, cfg.Endpoints, cfg.Prefix, c.endpoints, c.prefix)
		}
		if c.url == "etcd://127.0.0.1:2379/acme" && cfg.String() != c.url {
			t.Errorf("String() = %q, want %q", cfg.String(), c.url)
		}
	}
}

// TestClientOnly guards the promise that the backend, and so the deskctl
// binary, carries the etcd client and not the server.
func TestClientOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "github.com/deskctl/deskctl/internal/store/etcd").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "go.etcd.io/etcd/server/") || strings.HasPrefix(dep, "go.etcd.io/raft/") {
			t.Errorf("the etcd backend depends on %s", dep)
		}
	}
}

// TestTLSFiles checks that Open reports unusable TLS settings before it
// dials anything.
func TestTLSFiles(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		cfg  etcd.Config
		err  string
	}{
		{"missing CA", etcd.Config{CAFile: filepath.Join(dir, "nope.pem")}, "etcd CA"},
		{"CA not PEM", etcd.Config{CAFile: notPEM}, "no PEM certificate"},
		{"certificate without key", etcd.Config{CertFile: notPEM}, "needs its key"},
		{"bad key pair", etcd.Config{CertFile: notPEM, KeyFile: notPEM}, "client certificate"},
	}
	for _, c := range cases {
		c.cfg.Endpoints, c.cfg.Prefix = []string{"127.0.0.1:1"}, "acme"
		_, err := etcd.Open(context.Background(), c.cfg, store.Options{Timeout: time.Second})
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s: %v, want an error about %q", c.name, err, c.err)
		}
	}
}
