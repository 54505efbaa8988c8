// Package etcdstore links the etcd backend into a deskctl binary:
// importing it sets cmdutil.OpenEtcd. cmd/deskctl-etcd imports it, and so
// do the tests that run commands on etcd; cmd/deskctl does not, and hands
// etcd invocations to deskctl-etcd (see cmdutil/handover.go for why).
package etcdstore

import (
	"context"
	"errors"
	"strings"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/etcd"
)

func init() { cmdutil.OpenEtcd = open }

// open connects to the cluster of cfg.Store with the etcd.* settings.
func open(ctx context.Context, cfg *cmdutil.Config, opts store.Options) (store.Store, error) {
	ecfg, err := etcd.ParseURL(cfg.Store)
	if err != nil {
		return nil, cmdutil.UsageErrorWrap(err)
	}
	ecfg.CAFile = cfg.Etcd.CAFile
	ecfg.CertFile = cfg.Etcd.CertFile
	ecfg.KeyFile = cfg.Etcd.KeyFile
	ecfg.Username = cfg.Etcd.Username
	ecfg.Password = cfg.Etcd.Password
	ecfg.MaxTxnOps = cfg.Etcd.MaxTxnOps
	ecfg.MaxRequestBytes = cfg.Etcd.MaxRequestBytes
	s, err := etcd.Open(ctx, ecfg, opts)
	if err != nil && ctx.Err() != nil {
		return nil, err
	}
	if err != nil {
		// Without a hint of its own, exit 6 would suggest another
		// process holding a lock, which etcd has not.
		hint := "check the etcd settings: etcd.username, etcd.password, etcd.ca_file, etcd.cert_file, etcd.key_file (config file or DESKCTL_ETCD_*)"
		if errors.Is(err, store.ErrBusy) {
			hint = "check that the etcd cluster is up and reachable from this machine, and " + strings.TrimPrefix(hint, "check ")
		}
		return nil, cmdutil.WithHint(err, hint)
	}
	return s, nil
}
