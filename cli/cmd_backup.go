package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"kpi/db"
	"kpi/model"
)

func newBackupCmd(env *Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "backup [DEST]",
		Short: "Write a consistent, integrity-checked copy of the team file",
		Long: "Write a consistent copy of the team file while others may be using it, with SQLite's\n" +
			"VACUUM INTO (never a file copy), and check the copy's integrity. DEST defaults to a\n" +
			"timestamped file in kpi-backups/ beside the team file; a folder means a timestamped\n" +
			"file inside it. An existing file is never overwritten.",
		Args: argsBetween(0, 1, "[DEST]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := resolvePath(env, g)
			if err != nil {
				return err
			}
			// Open first: a missing or foreign file is refused before any
			// backup folder is made for it.
			st, err := openStore(env, g, path)
			if err != nil {
				return err
			}
			defer st.Close()
			arg := ""
			if len(args) == 1 {
				arg = args[0]
			}
			naming := path
			if st.IsServer() { // name the copy after the team, in ./kpi-backups
				if naming, err = filepath.Abs(db.TeamKey(path) + ".db"); err != nil {
					return err
				}
			}
			dest, err := backupDest(naming, arg, env.Now())
			if err != nil {
				return err
			}
			if err := st.Backup(dest); err != nil {
				return fmt.Errorf("%v; no backup was made", err)
			}
			size := "size unknown"
			if fi, err := os.Stat(dest); err == nil {
				size = humanSize(fi.Size())
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Backed up %s to %s (%s, integrity checked).\n",
				shownTeam(st.Path()), shownPath(dest), size)
			return nil
		},
	}
}

// backupDest decides where `kpi backup` writes: arg as given when it names a new
// file in an existing folder, a timestamped file inside arg when it is a folder,
// and a timestamped file in kpi-backups/ beside the team file (made if missing)
// when arg is empty. An existing file is refused, never overwritten.
func backupDest(teamPath, arg string, now time.Time) (string, error) {
	if arg == "" {
		dir := db.BackupDir(teamPath)
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return "", fmt.Errorf("cannot create the backup folder %s (%v); give a DEST you can write to: kpi backup DEST", dir, unwrapPath(err))
		}
		return freeName(dir, db.BackupName(teamPath, now)), nil
	}
	abs, err := filepath.Abs(arg)
	if err != nil {
		return "", fmt.Errorf("cannot resolve the path %q: %v", model.Sanitize(arg, false), err)
	}
	shown := model.Sanitize(abs, false)
	if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
		return freeName(abs, db.BackupName(teamPath, now)), nil
	}
	// Lstat: a link, even a dangling one, is an existing name too.
	switch _, err := os.Lstat(abs); {
	case err == nil:
		return "", fmt.Errorf("%s exists already; refusing to overwrite it — give a new file name, or a folder to put a timestamped copy in", shown)
	case !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("cannot use %s as the backup (%v); give another DEST", shown, unwrapPath(err))
	}
	parent := filepath.Dir(abs)
	if fi, err := os.Stat(parent); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("the folder %s does not exist; create it first or give another DEST", model.Sanitize(parent, false))
	}
	return abs, nil
}

// freeName is dir/name, or dir/name with "-2", "-3", ... before the extension
// when that file exists (two backups in the same second), so a default name never
// fails and never overwrites.
func freeName(dir, name string) string {
	p := filepath.Join(dir, name)
	ext := filepath.Ext(name)
	for i := 2; ; i++ {
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p
		}
		p = filepath.Join(dir, fmt.Sprintf("%s-%d%s", strings.TrimSuffix(name, ext), i, ext))
	}
}

// unwrapPath drops the path from an *os.PathError when the message names it
// already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// humanSize writes a byte count the way ls -h does: 812 bytes, 48.0 KB, 3.1 MB.
func humanSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	f, suffix := float64(n)/unit, "KB"
	for _, s := range []string{"MB", "GB", "TB"} {
		if f < unit {
			break
		}
		f, suffix = f/unit, s
	}
	return fmt.Sprintf("%.1f %s", f, suffix)
}

// dailyBackup makes the day's automatic backup of the open team file into
// kpi-backups/ beside it, keeping as many as $KPI_BACKUPS, else the personal
// config's "backups", else db.DefaultDailyBackups say (0 turns it off). It is for
// the app's open path only — short commands such as `kpi set` must stay fast — and
// it does nothing on a read-only store. path is the day's backup ("" when off or
// read-only); made says whether this call wrote it. An error is worth a warning,
// never a reason not to open the file.
func dailyBackup(env *Env, st *db.Store) (path string, made bool, err error) {
	keep, err := backupsToKeep(env)
	if err != nil {
		return "", false, err
	}
	return st.DailyBackup(db.BackupDir(st.Path()), keep, env.Now())
}

// backupsToKeep is how many daily backups to keep: $KPI_BACKUPS, else the personal
// config's "backups", else db.DefaultDailyBackups. 0 means off; anything that is
// not a whole number of zero or more is an error that says where it came from.
func backupsToKeep(env *Env) (int, error) {
	if v := strings.TrimSpace(env.Getenv("KPI_BACKUPS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("KPI_BACKUPS must be how many daily backups to keep (0 turns them off), not %q", model.Sanitize(v, false))
		}
		return n, nil
	}
	c, err := loadConfig(env)
	if err != nil {
		return 0, err
	}
	if c.Backups == nil {
		return db.DefaultDailyBackups, nil
	}
	return *c.Backups, nil // parseConfig refused a negative one
}
