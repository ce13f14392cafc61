package where

import (
	"strconv"
	"strings"
)

// MountType finds the filesystem type of the mount that holds path (absolute,
// symlinks resolved) in the text of a Linux /proc/self/mountinfo: the mount with
// the longest mount point that contains path, the later one when two are mounted
// on the same point. It returns "" when none matches. Pure, so it is tested with
// sample tables; FilesystemOf feeds it the real one.
//
// A line is "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE
// SOURCE SUPEROPTIONS", with spaces in paths written as \040.
func MountType(mountinfo, path string) string {
	best, bestLen := "", -1
	for _, line := range strings.Split(mountinfo, "\n") {
		left, right, ok := strings.Cut(line, " - ")
		if !ok {
			continue
		}
		f := strings.Fields(left)
		r := strings.Fields(right)
		if len(f) < 5 || len(r) < 1 {
			continue
		}
		mp := unescapeMount(f[4])
		if !within(path, mp) || len(mp) < bestLen {
			continue
		}
		best, bestLen = r[0], len(mp)
	}
	return best
}

// within reports whether path is mount point mp or lies below it.
func within(path, mp string) bool {
	if mp == "/" {
		return strings.HasPrefix(path, "/")
	}
	return path == mp || strings.HasPrefix(path, mp+"/")
}

// unescapeMount undoes mountinfo's octal escapes (\040 space, \011 tab, \012
// newline, \134 backslash).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
