package etcd

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// Defaults for the zero fields of Config.
const (
	// DefaultMaxTxnOps is etcd's default --max-txn-ops.
	DefaultMaxTxnOps = 128
	// DefaultMaxRequestBytes is etcd's default --max-request-bytes.
	DefaultMaxRequestBytes = 1536 * 1024
	// DefaultMaxRetries bounds how often Update runs its function again
	// after a conflict: with the backoff, about 3.5 s of trying.
	DefaultMaxRetries = 20
	// DefaultRequestTimeout bounds each request to the cluster.
	DefaultRequestTimeout = 10 * time.Second
	// DefaultDialTimeout is used when store.Options.Timeout is zero.
	DefaultDialTimeout = 5 * time.Second
	// DefaultPort is added to endpoints given without one.
	DefaultPort = "2379"
)

// Config says where a dataset lives and how to reach it. Zero limits take
// the defaults above; the limits must match the cluster's flags.
type Config struct {
	// Endpoints are the cluster's client addresses, "HOST:PORT".
	Endpoints []string
	// Prefix names the dataset: every key lives under Prefix + "/", so
	// several datasets share a cluster.
	Prefix string

	// CAFile, CertFile and KeyFile turn on TLS: the CA that signed the
	// servers' certificates and the client's own certificate and key.
	CAFile, CertFile, KeyFile string
	// Username and Password log in to a cluster with authentication on.
	Username, Password string

	// MaxTxnOps is the cluster's --max-txn-ops: the most writes, and
	// separately the most read checks, one Update may commit.
	MaxTxnOps int
	// MaxRequestBytes is the cluster's --max-request-bytes.
	MaxRequestBytes int
	// MaxRetries bounds the extra runs of an Update function after
	// conflicts, before Update returns store.ErrConflict.
	MaxRetries int
	// RequestTimeout bounds each request to the cluster.
	RequestTimeout time.Duration
}

// ParseURL reads a store URL of the form
// etcd://HOST[:PORT][,HOST[:PORT]...]/PREFIX. The port defaults to 2379.
// Credentials and TLS files are not part of the URL, which shows up in
// process lists and shell history; the caller fills them in from the
// config file or the environment.
func ParseURL(s string) (Config, error) {
	rest, ok := strings.CutPrefix(s, "etcd://")
	if !ok {
		return Config{}, fmt.Errorf("store URL %q: want etcd://HOST:PORT[,HOST:PORT...]/PREFIX", s)
	}
	hosts, prefix, _ := strings.Cut(rest, "/")
	if strings.ContainsAny(hosts, "@?#") || strings.ContainsAny(prefix, "?#") {
		return Config{}, fmt.Errorf("store URL %q: only hosts and a prefix are allowed; credentials and TLS go in the config or the environment", s)
	}
	var cfg Config
	for _, h := range strings.Split(hosts, ",") {
		ep, err := endpoint(h)
		if err != nil {
			return Config{}, fmt.Errorf("store URL %q: %w", s, err)
		}
		cfg.Endpoints = append(cfg.Endpoints, ep)
	}
	cfg.Prefix = strings.Trim(prefix, "/")
	if cfg.Prefix == "" {
		return Config{}, fmt.Errorf("store URL %q: missing the dataset prefix after the hosts, as in etcd://127.0.0.1:2379/acme", s)
	}
	return cfg, nil
}

// endpoint checks one HOST[:PORT] and adds the default port. IPv6
// addresses need their brackets, as in [::1]:2379.
func endpoint(h string) (string, error) {
	if h == "" {
		return "", errors.New("empty host")
	}
	host, port, err := net.SplitHostPort(h)
	if err != nil {
		host, port = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]"), DefaultPort
		if strings.Contains(host, ":") && !strings.HasPrefix(h, "[") {
			return "", fmt.Errorf("bad host %q (IPv6 addresses go in brackets)", h)
		}
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || host == "" || strings.ContainsAny(host, "[] ") {
		return "", fmt.Errorf("bad host %q", h)
	}
	return net.JoinHostPort(host, port), nil
}

// withDefaults checks cfg and fills in the zero fields.
func (cfg Config) withDefaults() (Config, error) {
	if len(cfg.Endpoints) == 0 {
		return cfg, errors.New("etcd: no endpoints")
	}
	cfg.Prefix = strings.TrimRight(cfg.Prefix, "/")
	if cfg.Prefix == "" {
		return cfg, errors.New("etcd: no dataset prefix")
	}
	if cfg.MaxTxnOps <= 0 {
		cfg.MaxTxnOps = DefaultMaxTxnOps
	}
	if cfg.MaxRequestBytes <= 0 {
		cfg.MaxRequestBytes = DefaultMaxRequestBytes
	}
	if cfg.MaxRetries <= 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	return cfg, nil
}

// String returns the store URL of cfg, without credentials.
func (cfg Config) String() string {
	return "etcd://" + strings.Join(cfg.Endpoints, ",") + "/" + cfg.Prefix
}

// tlsConfig loads the TLS files, or returns nil when none is set.
func (cfg Config) tlsConfig() (*tls.Config, error) {
	if cfg.CAFile == "" && cfg.CertFile == "" && cfg.KeyFile == "" {
		return nil, nil
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.CAFile != "" {
		pem, err := os.ReadFile(cfg.CAFile)
		if err != nil {
			return nil, fmt.Errorf("etcd CA: %w", err)
		}
		tc.RootCAs = x509.NewCertPool()
		if !tc.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("etcd CA %s: no PEM certificate in it", cfg.CAFile)
		}
	}
	if (cfg.CertFile == "") != (cfg.KeyFile == "") {
		return nil, errors.New("etcd TLS: a client certificate needs its key and a key its certificate")
	}
	if cfg.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.CertFile, cfg.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("etcd client certificate: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}
