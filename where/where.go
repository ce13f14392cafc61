// Package where tells where a team file lives — a local disk, a network
// filesystem, or a folder that a sync service copies between machines — and finds
// the conflict copies such services leave beside it.
//
// It exists because SQLite is only as safe as the filesystem under it
// (shared-drive.md): a local disk or a network share whose locks work keeps every
// edit, but a sync folder (Dropbox, OneDrive, Google Drive, iCloud, ...) copies
// whole files between machines with no locking at all, so the last writer wins and
// the loser's edits end up in a "conflicted copy" nobody looks at. `kpi doctor`
// reports what this package finds, and the app warns about sync folders.
//
// It uses only the standard library and golang.org/x/sys, so both the command line
// and the app can ask it without pulling in the database.
package where

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Kind is the family of filesystem a file is on, as far as SQLite's locking is
// concerned.
type Kind int

// Filesystem kinds. KindUnknown is what platforms without a way to ask report.
const (
	KindUnknown Kind = iota
	// KindLocal is a disk of this machine: SQLite's locks work.
	KindLocal
	// KindNFS is an NFS mount: locks work only when the NFS lock service does.
	KindNFS
	// KindSMB is an SMB/CIFS share (a Windows or Samba file server).
	KindSMB
	// KindFUSE is a filesystem in user space (sshfs, rclone, ...); whether locks
	// reach other machines depends entirely on the program behind it.
	KindFUSE
	// KindNetwork is another network or cluster filesystem (9p, AFS, Ceph, ...).
	KindNetwork
)

// String names the kind the way a user would: "local", "NFS", "SMB/CIFS", ...
func (k Kind) String() string {
	switch k {
	case KindLocal:
		return "local"
	case KindNFS:
		return "NFS"
	case KindSMB:
		return "SMB/CIFS"
	case KindFUSE:
		return "FUSE"
	case KindNetwork:
		return "network"
	}
	return "unknown"
}

// Remote reports whether the kind reaches the file through something other than
// this machine's own disk, where SQLite's locking depends on the server.
func (k Kind) Remote() bool {
	return k == KindNFS || k == KindSMB || k == KindFUSE || k == KindNetwork
}

// Filesystem is what the operating system says about the filesystem a file is on.
type Filesystem struct {
	Kind Kind
	// Type is the kernel's name for it when known ("ext4", "nfs4", "cifs",
	// "fuse.sshfs"), for messages; "" otherwise.
	Type string
}

// Place is everything this package knows about where a file lives.
type Place struct {
	Path string     // the absolute path asked about
	FS   Filesystem // the filesystem under it
	// FSErr is why the filesystem could not be determined (FS.Kind is then
	// KindUnknown); nil otherwise.
	FSErr error
	// Sync names the sync service whose folder holds the file ("Dropbox",
	// "Syncthing", ...), "" when none is recognised.
	Sync string
	// SyncEvidence is what gave the sync folder away: a folder name in the path
	// ("Dropbox") or a marker file (".../.stfolder").
	SyncEvidence string
}

// Of finds out where the file at path lives: its filesystem (on Linux through
// statfs) and whether it is inside a sync folder, by the folder names the sync
// services use and by the marker files some of them leave in their root folder.
func Of(path string) Place {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	p := Place{Path: abs}
	p.FS, p.FSErr = FilesystemOf(abs)
	p.Sync, p.SyncEvidence = SyncFolderByPath(abs)
	if p.Sync == "" {
		p.Sync, p.SyncEvidence = syncFolderByMarker(filepath.Dir(abs))
	}
	return p
}

// SyncFolderByPath recognises the folders sync services create by their names,
// anywhere in path: Dropbox, OneDrive, Google Drive ("My Drive"), iCloud Drive
// ("Mobile Documents"), Box, pCloud, Nextcloud and ownCloud, and macOS's
// ~/Library/CloudStorage where they all live now. It returns the service's name
// and the folder name that matched, or "", "". Both '/' and '\' separate folders,
// so Windows paths are recognised on any system. It looks at the path only.
func SyncFolderByPath(path string) (service, folder string) {
	parts := strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == '\\' })
	for i, c := range parts {
		if s := syncServiceOfFolder(c); s != "" {
			return s, c
		}
		// macOS 12+: ~/Library/CloudStorage/<Provider-Account>/...
		if strings.EqualFold(c, "CloudStorage") && i > 0 && strings.EqualFold(parts[i-1], "Library") && i+1 < len(parts) {
			next := parts[i+1]
			if s := syncServiceOfFolder(next); s != "" {
				return s, next
			}
			return "a cloud storage service (" + next + ")", "CloudStorage"
		}
	}
	return "", ""
}

// syncServiceOfFolder names the sync service whose default folder name is c.
// Generic words ("Box") must match exactly, case included, to keep a user's own
// folder called "box" from being taken for one.
func syncServiceOfFolder(c string) string {
	l := strings.ToLower(c)
	switch {
	case l == "dropbox" || strings.HasPrefix(l, "dropbox ("): // "Dropbox (Team)" is Dropbox Business
		return "Dropbox"
	case l == "onedrive" || strings.HasPrefix(l, "onedrive - ") || strings.HasPrefix(l, "onedrive-"):
		return "OneDrive"
	case l == "google drive" || l == "googledrive" || l == "my drive" || l == "shared drives" || strings.HasPrefix(l, "googledrive-"):
		return "Google Drive"
	case l == "mobile documents" || l == "icloud drive" || l == "iclouddrive" || l == "com~apple~clouddocs":
		return "iCloud Drive"
	case c == "Box" || c == "Box Sync" || strings.HasPrefix(c, "Box-"):
		return "Box"
	case strings.HasPrefix(l, "pcloud"):
		return "pCloud"
	case l == "nextcloud":
		return "Nextcloud"
	case l == "owncloud":
		return "ownCloud"
	}
	return ""
}

// syncMarkers are files or folders sync services keep in the root of what they
// sync, found in dir or any folder above it. They catch sync folders that were
// renamed or moved away from their default names.
var syncMarkers = []struct{ name, service string }{
	{".stfolder", "Syncthing"},
	{".dropbox", "Dropbox"},
	{".dropbox.cache", "Dropbox"},
	{filepath.Join(".sync", "IgnoreList"), "Resilio Sync"},
}

// syncFolderByMarker walks from dir up to the root looking for syncMarkers; it
// returns the service and the marker's path, or "", "".
func syncFolderByMarker(dir string) (service, marker string) {
	for {
		for _, m := range syncMarkers {
			p := filepath.Join(dir, m.name)
			if _, err := os.Lstat(p); err == nil {
				return m.service, p
			}
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", ""
		}
		dir = up
	}
}

// conflictSuffix is what sync services put right after the original name (without
// its extension) when they keep both sides of a conflict, lower-cased:
//
//	" (Ana's conflicted copy 2026-11-20)"  Dropbox, Nextcloud ("conflicted copy")
//	" (Conflict 2)", " [conflicted]"       Box, pCloud and others
//	" (SFConflict ana@x.com 2026-...)"      Seafile
//	".sync-conflict-20261120-101500-ID"    Syncthing
//	"_conflict-20261120-101500"            ownCloud
//	"-conflict-...", ".conflict."          other tools
var conflictSuffix = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:\s*[(\[][^)\]]*conflict|\.sync-conflict-|[-_. ]conflict(?:ed)?(?:[-_. )]|$))`)
})

// IsConflictCopy reports whether name (a file in the same folder) is a sync
// service's conflict copy of the file called base: it starts with base's name
// without its extension, followed by one of the conflict markers the services
// use ("conflicted copy", ".sync-conflict-", "(Conflict", "-conflict-", ...),
// compared without regard to case. Copies of the journal count too. Copies that
// carry no marker (iCloud's "kpi 2.db", OneDrive's "kpi-LAPTOP.db") cannot be
// told from a user's own files and are not reported.
func IsConflictCopy(base, name string) bool {
	if name == base {
		return false
	}
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	if stem == "" { // a name like ".kpi" is all extension
		stem = base
	}
	if len(name) <= len(stem) || !strings.EqualFold(name[:len(stem)], stem) {
		return false
	}
	return conflictSuffix().MatchString(strings.ToLower(name[len(stem):]))
}

// ConflictCopies lists the conflict copies of the file at path that lie beside
// it (see IsConflictCopy), sorted by name. A missing folder is an error.
func ConflictCopies(path string) ([]string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if IsConflictCopy(base, e.Name()) {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// ErrUnsupported is FilesystemOf's error on systems where this package cannot
// ask the kernel what a filesystem is.
var ErrUnsupported = errors.New("this system does not say what kind of filesystem a file is on")
