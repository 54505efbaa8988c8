// Package etcdtest starts a real etcd server inside a test process, for the
// tests of the etcd store backend and the end-to-end tests of the CLI.
//
// It imports go.etcd.io/etcd/server/v3/embed, the whole etcd server. Only
// _test.go files may import this package: imported from the deskctl
// binary, it would carry the server along.
//
// # Caveats
//
// The server is tuned for tests, not for data: no fsync, 10 ms ticks,
// the cheapest password hashing, small WAL segments (set once per process, in the wal package's global), a
// silent logger and loopback listeners on ports the kernel picks. Because
// those ports are chosen at listen time, the server advertises port 0 in its
// member list: never call the etcd client's Sync against it.
package etcdtest

import (
	"fmt"
	"net/url"
	"sync"
	"testing"
	"time"

	"go.etcd.io/etcd/client/pkg/v3/transport"
	"go.etcd.io/etcd/server/v3/embed"
	"go.etcd.io/etcd/server/v3/storage/wal"
	"go.uber.org/zap"
)

// Config sets the limits of a test server. The zero value gives etcd's
// defaults: 128 operations and 1.5 MiB per request.
type Config struct {
	// MaxTxnOps is the server's --max-txn-ops.
	MaxTxnOps uint
	// MaxRequestBytes is the server's --max-request-bytes.
	MaxRequestBytes uint
	// TLS serves clients over TLS only and requires a client certificate
	// signed by a CA made for the server; Server.TLS names the files.
	TLS bool
}

// Server is a running single-member etcd.
type Server struct {
	etcd *embed.Etcd
	// Endpoint is the client address, "127.0.0.1:PORT".
	Endpoint string
	// TLS holds the PEM files of the server's PKI when Config.TLS is set.
	TLS TLSFiles

	closeOnce sync.Once
}

// bcryptMinCost is bcrypt.MinCost, the cheapest hashing etcd accepts.
const bcryptMinCost = 4

// walOnce shrinks the WAL segments once, before the first server starts:
// each server otherwise preallocates 64 MB files.
var walOnce sync.Once

// New starts a server whose data lives in dir. The caller must Close it.
func New(dir string, cfg Config) (*Server, error) {
	walOnce.Do(func() { wal.SegmentSizeBytes = 1 << 20 })

	ec := embed.NewConfig()
	ec.Name = "test"
	ec.Dir = dir
	ec.ZapLoggerBuilder = embed.NewZapLoggerBuilder(zap.NewNop())
	ec.LogLevel = "error"
	ec.TickMs = 10
	ec.ElectionMs = 100
	ec.UnsafeNoFsync = true
	// Passwords are hashed with bcrypt when a user logs in: at the
	// default cost, in a -race test process, that is most of a second
	// per deskctl command.
	ec.BcryptCost = bcryptMinCost
	if cfg.MaxTxnOps > 0 {
		ec.MaxTxnOps = cfg.MaxTxnOps
	}
	if cfg.MaxRequestBytes > 0 {
		ec.MaxRequestBytes = cfg.MaxRequestBytes
	}
	local := url.URL{Scheme: "http", Host: "127.0.0.1:0"}
	client := local
	var files TLSFiles
	if cfg.TLS {
		var err error
		if files, err = writePKI(dir); err != nil {
			return nil, err
		}
		client.Scheme = "https"
		ec.ClientTLSInfo = transport.TLSInfo{
			CertFile:       files.ServerCert,
			KeyFile:        files.ServerKey,
			TrustedCAFile:  files.CAFile,
			ClientCertAuth: true,
		}
	}
	ec.ListenClientUrls = []url.URL{client}
	ec.AdvertiseClientUrls = []url.URL{client}
	ec.ListenPeerUrls = []url.URL{local}
	ec.AdvertisePeerUrls = []url.URL{local}
	ec.InitialCluster = ec.InitialClusterFromName(ec.Name)

	e, err := embed.StartEtcd(ec)
	if err != nil {
		return nil, fmt.Errorf("start etcd: %w", err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case err := <-e.Err():
		e.Close()
		return nil, fmt.Errorf("start etcd: %w", err)
	case <-time.After(30 * time.Second):
		e.Close()
		return nil, fmt.Errorf("start etcd: not ready after 30s")
	}
	return &Server{etcd: e, Endpoint: e.Clients[0].Addr().String(), TLS: files}, nil
}

// Start starts a server for the test t, with its data in a temporary
// directory, and stops it when the test ends. Register the Cleanup of any
// client after calling Start, so that the client closes first.
func Start(t testing.TB, cfg Config) *Server {
	t.Helper()
	s, err := New(t.TempDir(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// Close stops the server. It is safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(s.etcd.Close)
}
