package db

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the file to dest with VACUUM INTO (never a
// file copy, which would drop SQLite's locks and could catch a half-written
// transaction), then runs a full integrity check on the copy. dest must not
// exist; a copy that fails the check is removed. It works on read-only stores.
func (s *Store) fileBackup(dest string) error {
	ctx := context.Background()
	abs, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if _, err := os.Lstat(abs); err == nil {
		return fmt.Errorf("backup to %s: it exists already; refusing to overwrite it", abs)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup to %s: %w", abs, err)
	}
	err = s.retry(ctx, func() error {
		_, err := s.db.ExecContext(ctx, "VACUUM INTO ?", abs)
		return err
	})
	if err != nil {
		os.Remove(abs)
		return fmt.Errorf("backup to %s: %w", abs, err)
	}
	copyDB, err := connect(abs, "ro", s.opt)
	if err != nil {
		return err
	}
	copyStore := &Store{db: copyDB, path: abs, opt: s.opt, readOnly: "backup copy"}
	checkErr := copyStore.IntegrityCheck()
	copyDB.Close()
	if checkErr != nil {
		os.Remove(abs)
		return fmt.Errorf("backup to %s failed its check and was removed: %w", abs, checkErr)
	}
	return nil
}
