package transfer

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// AtomicFile is a file written under a temporary name in the target's
// directory and renamed over the target only when complete: a reader (or a
// cron job's consumer) sees the old file or the new one, never half of one,
// and a crash leaves at worst a stray temporary file (.NAME.tmp-XXXX).
type AtomicFile struct {
	*os.File
	path string
	done bool
}

// CreateAtomic starts writing path. The new file gets the mode of the file
// it replaces, or 0666 less the umask when there is none.
func CreateAtomic(path string) (*AtomicFile, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	mode := fs.FileMode(0o666)
	if info, err := os.Stat(path); err == nil {
		if !info.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is not a regular file", path)
		}
		mode = info.Mode().Perm()
	}
	for range 10 {
		var rnd [6]byte
		_, _ = rand.Read(rnd[:])
		tmp := filepath.Join(dir, "."+base+".tmp-"+hex.EncodeToString(rnd[:]))
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
		if mode != 0o666 {
			_ = f.Chmod(mode) // the umask must not narrow a replaced file's mode
		}
		return &AtomicFile{File: f, path: path}, nil
	}
	return nil, fmt.Errorf("create %s: no free temporary name", path)
}

// Commit flushes the file to disk, renames it over the target and syncs
// the directory, so that the rename itself survives a crash.
func (a *AtomicFile) Commit() error {
	if a.done {
		return errors.New("atomic file already finished")
	}
	a.done = true
	tmp := a.Name()
	if err := a.Sync(); err != nil {
		_ = a.Close()
		_ = os.Remove(tmp)
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := a.Close(); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := os.Rename(tmp, a.path); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	return syncDir(filepath.Dir(a.path))
}

// Abort drops the temporary file; the target is untouched. It is a no-op
// after Commit, so it can be deferred.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	_ = a.Close()
	_ = os.Remove(a.Name())
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
