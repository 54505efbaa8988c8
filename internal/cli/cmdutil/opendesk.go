package cmdutil

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
	"github.com/deskctl/deskctl/internal/store/etcd"
)

// openDesk is the default Factory.Desk.
func (f *Factory) openDesk(ctx context.Context, write bool) (*desk.Desk, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	dopts := desk.Options{
		Actor:                    cfg.Actor,
		FreeMailDomains:          cfg.FreeMailDomains,
		ManagersCanCreateTickets: cfg.Managers.CanCreateTickets,
	}
	if cfg.Store == "" && !write {
		// A read on a machine that has no store yet prints an empty
		// result rather than "no such file": create and initialise the
		// store once, read-write, then open it read-only as asked.
		if err := ensureBoltStore(ctx, cfg, dopts); err != nil {
			return nil, err
		}
	}
	s, err := openStore(ctx, cfg, write)
	if err != nil {
		return nil, err
	}
	d, err := desk.Open(ctx, s, dopts)
	if err != nil {
		_ = s.Close()
		return nil, err
	}
	return d, nil
}

// openStore opens the configured backend.
func openStore(ctx context.Context, cfg *Config, write bool) (store.Store, error) {
	opts := store.Options{ReadOnly: !write, Timeout: cfg.Timeout}
	if cfg.Store == "" {
		db, err := bolt.Open(cfg.DB, opts)
		if err != nil {
			return nil, err
		}
		return db, nil
	}
	scheme, _, _ := strings.Cut(cfg.Store, "://")
	if !strings.HasPrefix(strings.ToLower(scheme), "etcd") {
		return nil, WithHint(UsageErrorf("unsupported store URL %q", cfg.Store),
			"use etcd://host:port/prefix, or no --store for the file at --db")
	}
	ecfg, err := etcd.ParseURL(cfg.Store)
	if err != nil {
		return nil, UsageErrorWrap(err)
	}
	ecfg.CAFile = cfg.Etcd.CAFile
	ecfg.CertFile = cfg.Etcd.CertFile
	ecfg.KeyFile = cfg.Etcd.KeyFile
	ecfg.Username = cfg.Etcd.Username
	ecfg.Password = cfg.Etcd.Password
	s, err := etcd.Open(ctx, ecfg, opts)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// ensureBoltStore creates and initialises the bbolt file when it does not
// exist yet.
func ensureBoltStore(ctx context.Context, cfg *Config, dopts desk.Options) error {
	if _, err := os.Stat(cfg.DB); !errors.Is(err, fs.ErrNotExist) {
		return nil // present, or a problem the read-only open will report
	}
	s, err := openStore(ctx, cfg, true)
	if err != nil {
		return err
	}
	d, err := desk.Open(ctx, s, dopts)
	if err != nil {
		_ = s.Close()
		return err
	}
	return d.Close()
}
