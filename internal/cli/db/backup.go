package db

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/store"
)

// BackupOptions are the inputs of `db backup`.
type BackupOptions struct {
	Factory *cmdutil.Factory
	Path    string
	Force   bool
}

// NewCmdBackup returns `db backup`.
func NewCmdBackup(f *cmdutil.Factory, runF func(*BackupOptions) error) *cobra.Command {
	opts := &BackupOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "backup <file> [--force]",
		Short: "Write a consistent copy of the store to a file",
		Long: `Write a consistent copy of the store to a file while others go on reading
and writing. The copy is written to a temporary file in the same directory
and renamed into place, so the file is either absent or whole; it has mode
0600 and is itself a store (--db FILE opens it).

An existing file is refused (exit 2) unless --force. Prints the file's path
and size on stdout.`,
		Example: `  $ deskctl db backup /var/backups/deskctl-$(date +%F).db
  $ deskctl db backup latest.db --force -o json`,
		Args: cmdutil.ExactArgs(1, "a backup file is required"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Path = args[0]
			if runF != nil {
				return runF(opts)
			}
			return backupRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.Force, "force", "f", false, "overwrite the file if it exists")
	return cmd
}

// backupRecord is what backup prints.
type backupRecord struct {
	Path string `json:"path"`
	Size int64  `json:"size"`
}

func backupRun(ctx context.Context, opts *BackupOptions) error {
	f := opts.Factory
	path, err := filepath.Abs(opts.Path)
	if err != nil {
		return cmdutil.UsageErrorWrap(err)
	}
	info, err := os.Stat(path)
	switch {
	case err == nil && info.IsDir():
		return cmdutil.UsageErrorf("%s is a directory: name the backup file", opts.Path)
	case err == nil && !opts.Force:
		return cmdutil.WithHint(cmdutil.UsageErrorf("refusing to overwrite %s", opts.Path),
			"add --force to replace it, or choose another file name")
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	d, err := f.Desk(ctx, false)
	if err != nil {
		return err
	}
	defer d.Close()
	b, ok := d.Store().(store.Backuper)
	if !ok {
		return cmdutil.WithHint(cmdutil.UsageErrorf("this store cannot be backed up by deskctl"),
			"use the backend's own snapshots, or `deskctl export all --file FILE`")
	}
	if err := b.Backup(ctx, path); err != nil {
		return err
	}
	if info, err = os.Stat(path); err != nil {
		return err
	}
	f.Done(false, "backed up the store to %s (%d bytes)", path, info.Size())
	p, err := f.Printer("backup", []string{"path", "size"})
	if err != nil {
		return err
	}
	return p.One(backupRecord{Path: path, Size: info.Size()})
}
