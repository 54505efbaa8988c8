package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
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
	if cfg.Store == "" {
		f.warnWritableByOthers(cfg.DB)
	}
	d, err := desk.Open(ctx, s, dopts)
	if err != nil {
		_ = s.Close()
		return nil, err
	}
	return f.recoverImports(ctx, cfg, dopts, d, write)
}

// recoverImports rolls back an import that a killed process left open, so
// that every command sees all of an import or none of it. On bbolt,
// holding the write lock proves the importer is gone (it holds the lock for
// its whole run): a write open recovers at once; a read-only open that
// finds an open import closes, reopens read-write briefly to recover
// (waiting up to --timeout for the lock), then reopens read-only. On etcd
// another machine may be running that import right now, so nothing is
// rolled back automatically: a warning says so, and `deskctl import
// recover` does it on demand.
func (f *Factory) recoverImports(ctx context.Context, cfg *Config, dopts desk.Options, d *desk.Desk, write bool) (*desk.Desk, error) {
	needs, err := d.NeedsRecovery(ctx)
	if err != nil {
		_ = d.Close()
		return nil, err
	}
	if !needs {
		return d, nil
	}
	if cfg.Store != "" {
		fmt.Fprintln(f.IOStreams.ErrOut, "deskctl: warning: an import is running on this store, or was interrupted: "+
			"its rows are visible until it finishes; once no import is running, `deskctl import recover` rolls an interrupted one back")
		return d, nil
	}
	if write {
		if err := d.Recover(ctx); err != nil {
			_ = d.Close()
			return nil, fmt.Errorf("rolling back an interrupted import: %w", err)
		}
		return d, nil
	}
	_ = d.Close()
	s, err := openStore(ctx, cfg, true)
	if err != nil {
		return nil, fmt.Errorf("rolling back an interrupted import: %w", err)
	}
	rd, err := desk.Open(ctx, s, dopts)
	if err != nil {
		_ = s.Close()
		return nil, err
	}
	if err := rd.Recover(ctx); err != nil {
		_ = rd.Close()
		return nil, fmt.Errorf("rolling back an interrupted import: %w", err)
	}
	if err := rd.Close(); err != nil {
		return nil, err
	}
	if s, err = openStore(ctx, cfg, false); err != nil {
		return nil, err
	}
	if d, err = desk.Open(ctx, s, dopts); err != nil {
		_ = s.Close()
		return nil, err
	}
	return d, nil
}

// warnWritableByOthers warns on stderr when the store file or its
// directory is writable by others: any user of the machine could then
// change the data, or replace the file. A directory with the sticky bit
// (such as /tmp) is not warned about: there others can neither remove nor
// rename the file. deskctl creates both private (0600 in 0700); this
// catches a store copied, restored or chmod-ed since.
func (f *Factory) warnWritableByOthers(path string) {
	for _, p := range []string{path, filepath.Dir(path)} {
		info, err := os.Stat(p)
		if err != nil || info.Mode().Perm()&0o002 == 0 || (info.IsDir() && info.Mode()&fs.ModeSticky != 0) {
			continue
		}
		fmt.Fprintf(f.IOStreams.ErrOut, "deskctl: warning: %s is writable by others (mode %04o); anyone on this machine can change the store: chmod o-w %s\n",
			p, info.Mode().Perm(), p)
	}
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
	if !IsEtcdURL(cfg.Store) {
		return nil, WithHint(UsageErrorf("unsupported store URL %q", cfg.Store),
			"use etcd://host:port/prefix, or no --store for the file at --db")
	}
	if OpenEtcd == nil {
		return nil, errNoEtcd
	}
	return OpenEtcd(ctx, cfg, opts)
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
