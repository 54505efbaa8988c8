package cli

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/etcd/etcdtest"
)

// adminClient connects to the TLS server srv with the test PKI's client
// certificate, as user (none when empty).
func adminClient(t *testing.T, srv *etcdtest.Server, user, password string) *clientv3.Client {
	t.Helper()
	pem, err := os.ReadFile(srv.TLS.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(pem)
	cert, err := tls.LoadX509KeyPair(srv.TLS.ClientCert, srv.TLS.ClientKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := clientv3.New(clientv3.Config{
		Endpoints:   []string{srv.Endpoint},
		DialTimeout: 5 * time.Second,
		TLS:         &tls.Config{RootCAs: roots, Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		Username:    user,
		Password:    password,
		Logger:      zap.NewNop(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enableAuth turns on authentication on srv, as an admin would with
// etcdctl: a root user, a user desk who may read and write the keys of
// dataset prefix, and a user reader who may only read them.
func enableAuth(t *testing.T, srv *etcdtest.Server, prefix string) {
	t.Helper()
	c := adminClient(t, srv, "", "")
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// A dataset's keys all start with PREFIX + "/".
	from := prefix + "/"
	to := string(store.PrefixEnd([]byte(from)))
	steps := []func() error{
		func() error { _, err := c.UserAdd(ctx, "root", "root-pw"); return err },
		func() error { _, err := c.UserGrantRole(ctx, "root", "root"); return err },
		func() error { _, err := c.RoleAdd(ctx, "desk-rw"); return err },
		func() error {
			_, err := c.RoleGrantPermission(ctx, "desk-rw", from, to, clientv3.PermissionType(clientv3.PermReadWrite))
			return err
		},
		func() error { _, err := c.RoleAdd(ctx, "desk-ro"); return err },
		func() error {
			_, err := c.RoleGrantPermission(ctx, "desk-ro", from, to, clientv3.PermissionType(clientv3.PermRead))
			return err
		},
		func() error { _, err := c.UserAdd(ctx, "desk", "s3cret"); return err },
		func() error { _, err := c.UserGrantRole(ctx, "desk", "desk-rw"); return err },
		func() error { _, err := c.UserAdd(ctx, "reader", "r3ad"); return err },
		func() error { _, err := c.UserGrantRole(ctx, "reader", "desk-ro"); return err },
		func() error { _, err := c.AuthEnable(ctx); return err },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("enabling authentication: %v", err)
		}
	}
}

// TestEtcdTLSAndAuth runs deskctl against a cluster that requires client
// certificates and passwords, configured the two ways the docs give: the
// config file and the environment (never flags).
func TestEtcdTLSAndAuth(t *testing.T) {
	t.Parallel()
	srv := startEtcd(t, etcdtest.Config{TLS: true})
	enableAuth(t, srv, "acme")
	url := "etcd://" + srv.Endpoint + "/acme"
	tlsEnv := []string{
		"DESKCTL_ETCD_CA_FILE=" + srv.TLS.CAFile,
		"DESKCTL_ETCD_CERT_FILE=" + srv.TLS.ClientCert,
		"DESKCTL_ETCD_KEY_FILE=" + srv.TLS.ClientKey,
	}

	// An admin's machine: everything in the config file, the store too.
	admin := newMachine(t, "")
	config := filepath.Join(admin.home(), ".config", "deskctl", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(config), 0o700); err != nil {
		t.Fatal(err)
	}
	err := os.WriteFile(config, []byte(`store: `+url+`
etcd:
  ca_file: `+srv.TLS.CAFile+`
  cert_file: `+srv.TLS.ClientCert+`
  key_file: `+srv.TLS.ClientKey+`
  username: desk
  password: s3cret
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	admin.must("account", "create", "--name", "Acme", "--domain", "acme.com")
	admin.must("contact", "create", "--email", "ann@acme.com")
	if r := admin.must("account", "show", "Acme", "-o", "json", "--jq", ".name"); r.stdout != "Acme\n" {
		t.Errorf("account show: %v", r)
	}

	// Another machine, from the environment only: the same answers.
	env := newMachine(t, url, append(tlsEnv, "DESKCTL_ETCD_USERNAME=desk", "DESKCTL_ETCD_PASSWORD=s3cret")...)
	a := admin.must("contact", "list", "-o", "jsonl")
	if b := env.must("contact", "list", "-o", "jsonl"); a.stdout != b.stdout || !strings.Contains(a.stdout, `"account_id":1`) {
		t.Errorf("the two machines disagree:\n%v\n%v", a, b)
	}
	env.must("account", "edit", "Acme", "--phone", "555")

	// A user with read permission only: reads work, a write is refused
	// with a message that names the user, and changes nothing.
	reader := newMachine(t, url, append(tlsEnv, "DESKCTL_ETCD_USERNAME=reader", "DESKCTL_ETCD_PASSWORD=r3ad")...)
	reader.must("account", "list")
	before := reader.must("log", "-o", "jsonl")
	r := reader.run("account", "create", "--name", "Globex")
	if r.code == 0 || !strings.Contains(r.stderr, `refused user "reader"`) || strings.Contains(r.stderr, "goroutine") {
		t.Errorf("a write by a read-only user: %v", r)
	}
	if after := reader.must("log", "-o", "jsonl"); after.stdout != before.stdout {
		t.Errorf("the refused write changed the log:\n%s\nthen\n%s", before.stdout, after.stdout)
	}

	// A wrong password, and no password at all, are refused before any
	// read.
	wrong := newMachine(t, url, append(tlsEnv, "DESKCTL_ETCD_USERNAME=desk", "DESKCTL_ETCD_PASSWORD=nope")...)
	wrong.wantExit(1, `refused user "desk"`, "account", "list")
	certOnly := newMachine(t, url, tlsEnv...)
	certOnly.wantExit(1, "refused a request made without a user name", "account", "list")

	// With --client-cert-auth, a certificate whose common name is an
	// etcd user logs in as that user, without a password: the test
	// PKI's client certificate is "deskctl".
	root := adminClient(t, srv, "root", "root-pw")
	defer root.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := root.UserAddWithOptions(ctx, "deskctl", "", &clientv3.UserAddOptions{NoPassword: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := root.UserGrantRole(ctx, "deskctl", "desk-rw"); err != nil {
		t.Fatal(err)
	}
	certOnly.must("account", "edit", "Acme", "--phone", "556")

	// Without a client certificate the server hangs up: the cluster is
	// unreachable for this machine, exit 6.
	nocert := newMachine(t, url, "DESKCTL_ETCD_CA_FILE="+srv.TLS.CAFile, "DESKCTL_ETCD_USERNAME=desk", "DESKCTL_ETCD_PASSWORD=s3cret")
	r = nocert.wantExit(6, "cannot reach etcd at "+srv.Endpoint, "--timeout", "1s", "account", "list")
	if !strings.Contains(r.stderr, "\ncheck that the etcd cluster is up and reachable from this machine") {
		t.Errorf("no hint about the cluster: %v", r)
	}

	// Secrets are never flags.
	env.wantExit(2, "unknown flag: --etcd-password", "--etcd-password", "x", "account", "list")

	admin.must("db", "check")
}
