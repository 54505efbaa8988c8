package cmdutil

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigEtcdLimits(t *testing.T) {
	dir := isolate(t)
	file := filepath.Join(dir, "c.yaml")
	writeConfig(t, file, `
etcd:
  max_txn_ops: 20000
  max_request_bytes: 33554432
`)
	cfg, err := newFactory(t, "--config", file).Config()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Etcd.MaxTxnOps != 20000 || cfg.Etcd.MaxRequestBytes != 33554432 {
		t.Errorf("from the file: Etcd = %+v", cfg.Etcd)
	}

	// The environment beats the file, as for every key.
	t.Setenv("DESKCTL_ETCD_MAX_TXN_OPS", " 512 ")
	t.Setenv("DESKCTL_ETCD_MAX_REQUEST_BYTES", "")
	cfg, err = newFactory(t, "--config", file).Config()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Etcd.MaxTxnOps != 512 || cfg.Etcd.MaxRequestBytes != 33554432 {
		t.Errorf("from the environment: Etcd = %+v", cfg.Etcd)
	}

	// Unset: 0, which the etcd backend reads as etcd's defaults.
	isolate(t)
	cfg, err = newFactory(t).Config()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Etcd.MaxTxnOps != 0 || cfg.Etcd.MaxRequestBytes != 0 {
		t.Errorf("defaults: Etcd = %+v", cfg.Etcd)
	}
}

func TestConfigEtcdLimitErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		env        map[string]string
		want       string
	}{
		{name: "words", env: map[string]string{"DESKCTL_ETCD_MAX_TXN_OPS": "lots"}, want: `etcd.max_txn_ops: invalid count "lots"`},
		{name: "negative", file: "etcd:\n  max_txn_ops: -1\n", want: `etcd.max_txn_ops: invalid count "-1"`},
		{name: "unit", env: map[string]string{"DESKCTL_ETCD_MAX_REQUEST_BYTES": "32MiB"}, want: `etcd.max_request_bytes: invalid count "32MiB"`},
		{name: "fraction", file: "etcd:\n  max_request_bytes: 1.5\n", want: `etcd.max_request_bytes: invalid count "1.5"`},
		{name: "list", file: "etcd:\n  max_request_bytes: [1]\n", want: `etcd.max_request_bytes: invalid count "[1]"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := isolate(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			var args []string
			if tc.file != "" {
				p := filepath.Join(dir, "c.yaml")
				writeConfig(t, p, tc.file)
				args = append(args, "--config", p)
			}
			_, err := newFactory(t, args...).Config()
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrUsage) {
				t.Fatalf("err = %v, want a usage error containing %q", err, tc.want)
			}
		})
	}
}
