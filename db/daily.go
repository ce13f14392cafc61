package db

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"
)

// BackupFolder is the folder beside the team file where `kpi backup` and the
// daily backup put their copies: next to the file, so whoever can reach the file
// can reach its backups, and out of the file's own folder listing.
const BackupFolder = "kpi-backups"

// DefaultDailyBackups is how many daily backups are kept unless the user says
// otherwise: a week of history.
const DefaultDailyBackups = 7

// BackupDir is the backup folder of the team file at teamPath.
func BackupDir(teamPath string) string {
	return filepath.Join(filepath.Dir(teamPath), BackupFolder)
}

// backupStem splits the team file's name into the part backups are named after
// and its extension, which backups keep ("team.db" → "team", ".db").
func backupStem(teamPath string) (stem, ext string) {
	base := filepath.Base(teamPath)
	ext = filepath.Ext(base)
	stem = base[:len(base)-len(ext)]
	if stem == "" { // ".kpi": all extension
		return base, ""
	}
	return stem, ext
}

// BackupName is the file name of a backup made by hand at time t:
// "team-2026-11-22T101500.db" for "team.db". Seconds keep two backups of one
// minute apart; the caller still checks that the name is free.
func BackupName(teamPath string, t time.Time) string {
	stem, ext := backupStem(teamPath)
	return stem + "-" + t.Format("2006-01-02T150405") + ext
}

// dailyName is the file name of the daily backup of day t: "team-daily-2026-11-22.db".
func dailyName(teamPath string, t time.Time) string {
	stem, ext := backupStem(teamPath)
	return stem + "-daily-" + t.Format(time.DateOnly) + ext
}

// backupPatterns are the names DailyBackup prunes and the names of backups of
// this file in general (daily or by hand), so pruning never touches another
// file's backups or anything a person put in the folder.
type backupPatterns struct {
	daily, dailyTmp, manual *regexp.Regexp
}

func patternsFor(teamPath string) backupPatterns {
	stem, ext := backupStem(teamPath)
	s, e := regexp.QuoteMeta(stem), regexp.QuoteMeta(ext)
	return backupPatterns{
		daily:    regexp.MustCompile(`^` + s + `-daily-(\d{4}-\d{2}-\d{2})` + e + `$`),
		dailyTmp: regexp.MustCompile(`^\.` + s + `-daily-(\d{4}-\d{2}-\d{2})` + e + `\.[0-9a-zA-Z-]+\.tmp$`),
		manual:   regexp.MustCompile(`^` + s + `-\d{4}-\d{2}-\d{2}T\d{6}(?:-\d+)?` + e + `$`),
	}
}

// IsBackupOf reports whether name, a file in the backup folder, is a backup of
// the team file at teamPath made by kpi (daily or by hand), so `kpi doctor` can
// say when the newest one was made.
func IsBackupOf(teamPath, name string) bool {
	p := patternsFor(teamPath)
	return p.daily.MatchString(name) || p.manual.MatchString(name)
}

// DailyBackup makes the day's backup of the file into dir — at most one per
// calendar day of now, named "team-daily-2026-11-22.db" — and keeps the newest
// keep of them, removing older ones. Only files of its own naming pattern are
// ever removed. keep <= 0 turns it off, and a read-only store is skipped (whoever
// cannot write the file should not litter its folder); both return "", false, nil.
//
// The app calls it when it opens a file, so a team gets a week of history without
// anyone thinking about it. The copy is made with VACUUM INTO and integrity-checked
// (Backup) under a temporary name and then renamed, so a crash never leaves a
// half-made file under a backup's name, and two people opening the file at once
// both end with one sound backup of the day. path is the day's backup; made says
// whether this call wrote it. It reads the whole file once a day, holding a read
// transaction meanwhile: call it off the UI goroutine.
func (s *Store) fileDailyBackup(dir string, keep int, now time.Time) (path string, made bool, err error) {
	if keep <= 0 || s.readOnly != "" {
		return "", false, nil
	}
	name := dailyName(s.path, now)
	path = filepath.Join(dir, name)
	switch _, err := os.Lstat(path); {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return "", false, fmt.Errorf("daily backup: cannot create the folder %s: %w", dir, err)
		}
		tmp := filepath.Join(dir, fmt.Sprintf(".%s.%d-%s.tmp", name, os.Getpid(), rand.Text()[:8]))
		if err := s.Backup(tmp); err != nil {
			return "", false, fmt.Errorf("daily backup: %w", err)
		}
		// Rename replaces a backup of the same day that another kpi finished
		// meanwhile: both are sound copies, either will do.
		if err := os.Rename(tmp, path); err != nil {
			os.Remove(tmp)
			return "", false, fmt.Errorf("daily backup: %w", err)
		}
		made = true
	case err != nil:
		return "", false, fmt.Errorf("daily backup: %w", err)
	}
	if err := pruneDaily(dir, patternsFor(s.path), keep, now.Format(time.DateOnly)); err != nil {
		return path, made, err
	}
	return path, made, nil
}

// pruneDaily removes all but the newest keep daily backups in dir, by the date in
// their names, and temporary files of daily backups from before today (left by a
// kpi that crashed while copying).
func pruneDaily(dir string, p backupPatterns, keep int, today string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("daily backup: cannot list %s: %w", dir, err)
	}
	type dated struct{ name, day string }
	var backups []dated
	var remove []string
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if m := p.daily.FindStringSubmatch(e.Name()); m != nil {
			if _, err := time.Parse(time.DateOnly, m[1]); err == nil {
				backups = append(backups, dated{e.Name(), m[1]})
			}
		} else if m := p.dailyTmp.FindStringSubmatch(e.Name()); m != nil && m[1] < today {
			remove = append(remove, e.Name())
		}
	}
	// ISO dates sort as strings; newest first.
	sort.Slice(backups, func(i, j int) bool { return backups[i].day > backups[j].day })
	for i := keep; i < len(backups); i++ {
		remove = append(remove, backups[i].name)
	}
	var first error
	for _, n := range remove {
		if err := os.Remove(filepath.Join(dir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) && first == nil {
			first = fmt.Errorf("daily backup: cannot remove the old backup %s: %w", n, err)
		}
	}
	return first
}
