package db

import (
	"context"
	"database/sql"
	"strings"
)

// JournalMode is the file's current PRAGMA journal_mode in lower case ("delete",
// "wal", ...), so `kpi doctor` can show that it is a rollback journal: WAL needs
// shared memory on one host and breaks on network filesystems (shared-drive.md).
// Open switches a writable file back to DELETE, so "wal" here means a read-only
// store that could not.
func (s *Store) JournalMode() (string, error) {
	var mode string
	err := s.read(context.Background(), func(tx *sql.Tx) error {
		return tx.QueryRow("PRAGMA journal_mode").Scan(&mode)
	})
	return strings.ToLower(mode), err
}
