//go:build linux

package where

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// FilesystemOf asks the kernel (statfs) what filesystem path is on. The kind
// comes from the filesystem's magic number, which cannot be fooled by mount
// options or names; the type name, for messages only, from /proc/self/mountinfo
// when it can be read.
func FilesystemOf(path string) (Filesystem, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return Filesystem{}, &os.PathError{Op: "statfs", Path: path, Err: err}
	}
	// Type is int32 on some 32-bit platforms, where magics above 2^31 turn
	// negative; the low 32 bits are the magic everywhere.
	fs := Filesystem{Kind: kindOfMagic(uint32(st.Type))}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		if b, err := os.ReadFile("/proc/self/mountinfo"); err == nil {
			fs.Type = MountType(string(b), real)
		}
	}
	return fs, nil
}

// kindOfMagic sorts statfs magic numbers (linux/magic.h) into kinds; anything not
// known to be remote is a local filesystem (ext4, xfs, btrfs, tmpfs, overlay, ...).
func kindOfMagic(magic uint32) Kind {
	switch magic {
	case unix.NFS_SUPER_MAGIC:
		return KindNFS
	case unix.SMB_SUPER_MAGIC, unix.CIFS_SUPER_MAGIC, unix.SMB2_SUPER_MAGIC:
		return KindSMB
	case unix.FUSE_SUPER_MAGIC:
		return KindFUSE
	case unix.V9FS_MAGIC, unix.AFS_SUPER_MAGIC, unix.AFS_FS_MAGIC, unix.CEPH_SUPER_MAGIC,
		unix.CODA_SUPER_MAGIC, unix.NCP_SUPER_MAGIC, unix.OCFS2_SUPER_MAGIC:
		return KindNetwork
	}
	return KindLocal
}
