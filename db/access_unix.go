//go:build unix

package db

import "syscall"

// writable asks the kernel whether this process may write path (file or folder),
// which accounts for ownership, groups, ACL-less modes and read-only mounts.
func writable(path string) bool {
	const wOK = 2 // W_OK
	return syscall.Access(path, wOK) == nil
}

// processGone says whether no process with this id runs on this machine: the
// kernel answers "no such process" to a signal 0 (which delivers nothing).
func processGone(pid int) bool {
	return syscall.Kill(pid, 0) == syscall.ESRCH
}
