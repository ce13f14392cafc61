//go:build !unix

package db

import "os"

// writable approximates the unix access(2) check from the permission bits where
// there is no such call.
func writable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().Perm()&0o200 != 0
}

// processGone cannot ask the system here, so it never calls a process gone: a
// leftover waits for the day-old rule instead.
func processGone(int) bool { return false }
