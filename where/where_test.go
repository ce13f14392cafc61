package where

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestSyncFolderByPath(t *testing.T) {
	tests := []struct {
		path, service, folder string
	}{
		{"/home/ana/Dropbox/team/kpi.db", "Dropbox", "Dropbox"},
		{"/home/ana/dropbox/kpi.db", "Dropbox", "dropbox"},
		{"/Users/ana/Dropbox (Acme)/Ops/kpi.db", "Dropbox", "Dropbox (Acme)"},
		{`C:\Users\ana\OneDrive\Documents\kpi.db`, "OneDrive", "OneDrive"},
		{`C:\Users\ana\OneDrive - Acme Corp\kpi.db`, "OneDrive", "OneDrive - Acme Corp"},
		{`G:\My Drive\team\kpi.db`, "Google Drive", "My Drive"},
		{`G:\Shared drives\Ops\kpi.db`, "Google Drive", "Shared drives"},
		{"/Users/ana/Google Drive/kpi.db", "Google Drive", "Google Drive"},
		{"/Users/ana/Library/CloudStorage/GoogleDrive-ana@acme.com/My Drive/kpi.db", "Google Drive", "GoogleDrive-ana@acme.com"},
		{"/Users/ana/Library/CloudStorage/OneDrive-Personal/kpi.db", "OneDrive", "OneDrive-Personal"},
		{"/Users/ana/Library/CloudStorage/SomeNewCloud-ana/kpi.db", "a cloud storage service (SomeNewCloud-ana)", "CloudStorage"},
		{"/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/kpi.db", "iCloud Drive", "Mobile Documents"},
		{`C:\Users\ana\iCloudDrive\kpi.db`, "iCloud Drive", "iCloudDrive"},
		{"/Users/ana/iCloud Drive/kpi.db", "iCloud Drive", "iCloud Drive"},
		{`C:\Users\ana\Box\Ops\kpi.db`, "Box", "Box"},
		{"/Users/ana/Box Sync/kpi.db", "Box", "Box Sync"},
		{"/Users/ana/Library/CloudStorage/Box-Box/kpi.db", "Box", "Box-Box"},
		{`P:\pCloud Drive\kpi.db`, "pCloud", "pCloud Drive"},
		{"/home/ana/pCloudDrive/kpi.db", "pCloud", "pCloudDrive"},
		{"/home/ana/Nextcloud/kpi.db", "Nextcloud", "Nextcloud"},
		{"/home/ana/ownCloud/kpi.db", "ownCloud", "ownCloud"},

		// Not sync folders.
		{"/home/ana/team/kpi.db", "", ""},
		{"/srv/share/ops/kpi.db", "", ""},
		{"/home/ana/box/kpi.db", "", ""},            // a user's own "box": generic words match exactly only
		{"/home/ana/sandbox/kpi.db", "", ""},        // "box" inside a word
		{"/home/ana/dropbox-export/kpi.db", "", ""}, // not Dropbox's own folder name
		{"/home/ana/drive/kpi.db", "", ""},          // "drive" alone is not Google Drive
		{"/Users/ana/Library/CloudStorage", "", ""}, // the folder itself, nothing inside
		{"/home/ana/CloudStorage/kpi.db", "", ""},   // only under Library
		{`\\fileserver\ops\kpi.db`, "", ""},         // an SMB share is not a sync folder
		{"/mnt/nfs/Dropboxes/kpi.db", "", ""},       // a longer word
		{"/home/ana/MyDrive-notes/kpi.db", "", ""},  // not "My Drive"
		{"/home/ana/Documents/onedrivers/kpi.db", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			s, f := SyncFolderByPath(tt.path)
			if s != tt.service || f != tt.folder {
				t.Errorf("SyncFolderByPath(%q) = %q, %q; want %q, %q", tt.path, s, f, tt.service, tt.folder)
			}
		})
	}
}

func TestIsConflictCopy(t *testing.T) {
	tests := []struct {
		base, name string
		want       bool
	}{
		// Dropbox and Nextcloud
		{"kpi.db", "kpi (conflicted copy 2026-11-20).db", true},
		{"kpi.db", "kpi (Ana's conflicted copy 2026-11-20).db", true},
		{"kpi.db", "kpi (Ana's conflicted copy 2026-11-20) (1).db", true},
		{"kpi.db", "kpi (conflicted copy 2026-11-20 101500).db", true},
		{"kpi.db", "KPI (Conflicted Copy 2026-11-20).DB", true},
		{"kpi.db", "kpi (conflicted copy 2026-11-20).db-journal", true},
		// Syncthing
		{"kpi.db", "kpi.sync-conflict-20261120-101500-ABCDEFG.db", true},
		{"team", "team.sync-conflict-20261120-101500-ABCDEFG", true},
		// Box, pCloud, Seafile, ownCloud, others
		{"kpi.db", "kpi (Conflict 2).db", true},
		{"kpi.db", "kpi [conflicted].db", true},
		{"kpi.db", "kpi (SFConflict ana@acme.com 2026-11-20-10-15-00).db", true},
		{"kpi.db", "kpi_conflict-20261120-101500.db", true},
		{"kpi.db", "kpi-conflict-2026-11-20.db", true},
		{"kpi.db", "kpi.conflict.db", true},
		{"team.kpi.db", "team.kpi (conflicted copy).db", true},
		{".kpi", ".kpi (conflicted copy)", true},

		// Not conflict copies of this file.
		{"kpi.db", "kpi.db", false},
		{"kpi.db", "kpi.db-journal", false},
		{"kpi.db", "kpi.db.before-migration-v0.bak", false},
		{"kpi.db", "kpi-backups", false},
		{"kpi.db", "kpi-team (conflicted copy).db", false}, // another file's copy
		{"kpi.db", "other (conflicted copy).db", false},
		{"kpi.db", "kpiconflict.db", false},
		{"kpi.db", "kpi-conflicts-notes.txt", false},
		{"kpi.db", "kpi 2.db", false},           // iCloud: no marker, indistinguishable
		{"kpi.db", "kpi-LAPTOP-4711.db", false}, // OneDrive: no marker, indistinguishable
		{"kpi.db", "kpi", false},
		{"kpi.db", "", false},
	}
	for _, tt := range tests {
		if got := IsConflictCopy(tt.base, tt.name); got != tt.want {
			t.Errorf("IsConflictCopy(%q, %q) = %v, want %v", tt.base, tt.name, got, tt.want)
		}
	}
}

func touch(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestConflictCopiesListsOnlyThisFilesCopies(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "kpi.db")
	for _, n := range []string{
		"kpi.db", "kpi.db-journal", "notes.txt",
		"kpi.sync-conflict-20261120-101500-ABCDEFG.db",
		"kpi (Ana's conflicted copy 2026-11-20).db",
		"other (conflicted copy 2026-11-20).db",
	} {
		touch(t, filepath.Join(dir, n))
	}
	got, err := ConflictCopies(file)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"kpi (Ana's conflicted copy 2026-11-20).db", "kpi.sync-conflict-20261120-101500-ABCDEFG.db"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("ConflictCopies = %q, want %q", got, want)
	}
	if _, err := ConflictCopies(filepath.Join(dir, "missing", "kpi.db")); err == nil {
		t.Error("ConflictCopies in a missing folder: no error")
	}
}

func TestOfFindsSyncMarkersInAncestors(t *testing.T) {
	tests := []struct {
		marker, service string
	}{
		{".stfolder", "Syncthing"},
		{".dropbox", "Dropbox"},
		{filepath.Join(".sync", "IgnoreList"), "Resilio Sync"},
	}
	for _, tt := range tests {
		t.Run(tt.service, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "shared")
			file := filepath.Join(root, "ops", "weekly", "kpi.db")
			touch(t, file)
			if p := Of(file); p.Sync != "" {
				t.Fatalf("before the marker: Sync = %q (%s)", p.Sync, p.SyncEvidence)
			}
			touch(t, filepath.Join(root, tt.marker))
			p := Of(file)
			if p.Sync != tt.service || p.SyncEvidence != filepath.Join(root, tt.marker) {
				t.Errorf("Of = Sync %q evidence %q, want %q at %s", p.Sync, p.SyncEvidence, tt.service, filepath.Join(root, tt.marker))
			}
		})
	}
}

func TestOfUsesThePathRulesToo(t *testing.T) {
	file := filepath.Join(t.TempDir(), "Dropbox", "kpi.db")
	touch(t, file)
	if p := Of(file); p.Sync != "Dropbox" || p.SyncEvidence != "Dropbox" {
		t.Errorf("Of(%s) = %+v", file, p)
	}
}

func TestFilesystemOfATempFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "kpi.db")
	touch(t, file)
	fs, err := FilesystemOf(file)
	if runtime.GOOS != "linux" {
		if err == nil || fs.Kind != KindUnknown {
			t.Errorf("on %s: %+v, %v; want unknown with an error", runtime.GOOS, fs, err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if fs.Kind == KindUnknown {
		t.Errorf("statfs gave no kind for %s: %+v", file, fs)
	}
	if fs.Kind.Remote() {
		t.Logf("the temp dir is on %s (%s); kind detection still ran", fs.Kind, fs.Type)
	}
	if fs.Type == "" {
		t.Errorf("no filesystem type name from mountinfo for %s", file)
	}
	if _, err := FilesystemOf(filepath.Join(t.TempDir(), "missing", "kpi.db")); err == nil {
		t.Error("FilesystemOf a missing path: no error")
	}
}

func TestKindNames(t *testing.T) {
	tests := []struct {
		k      Kind
		name   string
		remote bool
	}{
		{KindUnknown, "unknown", false},
		{KindLocal, "local", false},
		{KindNFS, "NFS", true},
		{KindSMB, "SMB/CIFS", true},
		{KindFUSE, "FUSE", true},
		{KindNetwork, "network", true},
	}
	for _, tt := range tests {
		if tt.k.String() != tt.name || tt.k.Remote() != tt.remote {
			t.Errorf("%d: %q remote=%v, want %q remote=%v", tt.k, tt.k, tt.k.Remote(), tt.name, tt.remote)
		}
	}
}

func TestMountType(t *testing.T) {
	const info = `22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:25 / /home rw,relatime shared:2 - xfs /dev/sda2 rw
41 30 0:40 / /home/ana/remote rw,nosuid,nodev shared:9 - fuse.sshfs ana@host:/srv rw,user_id=1000
45 22 0:44 / /mnt/team\040share rw,relatime - cifs //fs/team rw,vers=3.0
50 22 0:45 / /mnt/nfs rw - nfs4 fs:/export rw
51 22 0:46 / /mnt/nfs rw - tmpfs tmpfs rw
garbage line without separator
52 22 0:47 / - broken
`
	tests := []struct{ path, want string }{
		{"/etc/kpi.db", "ext4"},
		{"/home/ana/kpi.db", "xfs"},
		{"/home", "xfs"},
		{"/homework/kpi.db", "ext4"}, // "/home" is not a prefix folder of "/homework"
		{"/home/ana/remote/ops/kpi.db", "fuse.sshfs"},
		{"/mnt/team share/kpi.db", "cifs"},
		{"/mnt/nfs/kpi.db", "tmpfs"}, // mounted over: the later mount wins
		{"relative/kpi.db", ""},
	}
	for _, tt := range tests {
		if got := MountType(info, tt.path); got != tt.want {
			t.Errorf("MountType(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
	if got := MountType("", "/x"); got != "" {
		t.Errorf("empty mountinfo: %q", got)
	}
}

func TestUnescapeMount(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/plain", "/plain"},
		{`/a\040b`, "/a b"},
		{`/tab\011x`, "/tab\tx"},
		{`/back\134slash`, `/back\slash`},
		{`/trailing\04`, `/trailing\04`}, // too short to be an escape
		{`/not\999octal`, `/not\999octal`},
	}
	for _, tt := range tests {
		if got := unescapeMount(tt.in); got != tt.want {
			t.Errorf("unescapeMount(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
