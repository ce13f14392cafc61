//go:build linux

package where

import (
	"testing"

	"golang.org/x/sys/unix"
)

func TestKindOfMagic(t *testing.T) {
	tests := []struct {
		magic uint32
		want  Kind
	}{
		{0xEF53, KindLocal},     // ext2/3/4
		{0x58465342, KindLocal}, // xfs
		{0x01021994, KindLocal}, // tmpfs
		{0x794c7630, KindLocal}, // overlayfs (containers)
		{unix.NFS_SUPER_MAGIC, KindNFS},
		{unix.SMB_SUPER_MAGIC, KindSMB},
		{unix.CIFS_SUPER_MAGIC, KindSMB},
		{unix.SMB2_SUPER_MAGIC, KindSMB},
		{unix.FUSE_SUPER_MAGIC, KindFUSE},
		{unix.V9FS_MAGIC, KindNetwork}, // WSL's /mnt/c, VM shares
		{unix.CEPH_SUPER_MAGIC, KindNetwork},
		{unix.AFS_SUPER_MAGIC, KindNetwork},
	}
	for _, tt := range tests {
		if got := kindOfMagic(tt.magic); got != tt.want {
			t.Errorf("kindOfMagic(%#x) = %s, want %s", tt.magic, got, tt.want)
		}
	}
	// On 32-bit platforms Statfs_t.Type is int32: CIFS's magic arrives negative.
	neg := int32(-0x00acb2be) // 0xff534d42 as int32
	if got := kindOfMagic(uint32(neg)); got != KindSMB {
		t.Errorf("CIFS magic through int32: %s", got)
	}
}
