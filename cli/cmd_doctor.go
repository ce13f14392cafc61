package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"kpi/db"
	"kpi/model"
	"kpi/where"
)

// severity is how much a doctor finding matters.
type severity int

const (
	// fine: the check passed (✓).
	fine severity = iota
	// note: worth knowing but not wrong (!): a network share whose locking
	// usually works, a read-only file, a hygiene hint. Does not fail doctor.
	note
	// problem: loses edits or blocks work (✗): a sync folder, conflict copies,
	// WAL, a newer schema, a damaged file, too many key KPIs. Fails doctor.
	problem
)

// finding is one line of the doctor's report.
type finding struct {
	sev   severity
	topic string
	text  string
}

// String is "✓ topic: text", with the glyphs the app uses for status.
func (f finding) String() string {
	glyph := map[severity]string{fine: "✓", note: "!", problem: "✗"}[f.sev]
	return glyph + " " + f.topic + ": " + model.Sanitize(f.text, false)
}

func newDoctorCmd(env *Env, g *globals) *cobra.Command {
	var repair bool
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the team file: where it lives, conflict copies, journal, schema, integrity, KPI hygiene",
		Long: "Check the team file and say what is wrong and what to do: where it lives (local disk,\n" +
			"network share, sync folder), conflict copies beside it, its journal mode, schema version\n" +
			"and full integrity, whether you can write to it, its backups, and the KPI hygiene rules\n" +
			"(too many key KPIs, orphans, stale values). It names every cell kpi cannot use as\n" +
			"written (another tool's bad numbers, weeks, JSON; rows pointing at nothing; formula\n" +
			"cycles; dropped columns) with its table and row. Exits 1 when anything is a problem (✗);\n" +
			"notes (!) are worth knowing but do not fail.\n\n" +
			"--repair first backs the file up, then moves bad rows to a quarantine table in the\n" +
			"file, writes safe stand-ins over bad cells and adds dropped columns back, listing each\n" +
			"change (the change log records them too); then it checks the file again.",
		Args: argsBetween(0, 0, ""),
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := resolvePath(env, g)
			if err != nil {
				return err
			}
			if db.IsServerDSN(path) {
				return doctorServer(cmd, env, g, path, repair)
			}
			st, openErr := openStore(env, g, path)
			if errors.Is(openErr, fs.ErrNotExist) {
				return openErr // nothing there to examine
			}
			out := cmd.OutOrStdout()
			if repair {
				if openErr != nil {
					return fmt.Errorf("cannot repair it: %v", openErr)
				}
				if err := repairFile(out, st, path, env.Now()); err != nil {
					st.Close()
					return err
				}
			}
			fmt.Fprintf(out, "Checking %s\n", shownPath(path))
			fs := placeFindings(path)
			if openErr != nil {
				fs = append(fs, openFinding(openErr), backupFinding(path, env.Now()))
			} else {
				fs = append(fs, storeFindings(st, env.Now())...)
				st.Close()
			}
			return reportFindings(out, fs)
		},
	}
	cmd.Flags().BoolVar(&repair, "repair", false, "back the file up, then fix what can be fixed: bad rows to quarantine, stand-ins for bad cells, dropped columns back")
	return cmd
}

// repairFile is `kpi doctor --repair`: a backup, then db's Repair, each change
// listed so that nothing is changed without saying so.
func repairFile(out io.Writer, st *db.Store, path string, now time.Time) error {
	if why := st.ReadOnlyReason(); why != "" {
		return fmt.Errorf("cannot repair it: the file is read-only for you (%s)", why)
	}
	ps, err := st.Problems()
	if err != nil {
		return fmt.Errorf("cannot check the file's rows: %v", err)
	}
	if len(ps) == 0 {
		fmt.Fprintln(out, "Nothing to repair: every row is as kpi writes it.")
		return nil
	}
	dest, err := backupDest(path, "", now)
	if err != nil {
		return err
	}
	if err := st.Backup(dest); err != nil {
		return fmt.Errorf("%v; nothing was repaired", err)
	}
	fmt.Fprintf(out, "Backed up %s to %s before repairing.\n", model.Sanitize(path, false), model.Sanitize(dest, false))
	done, left, err := st.Repair()
	if err != nil {
		return fmt.Errorf("the repair failed and changed nothing (%v); the backup is %s", err, model.Sanitize(dest, false))
	}
	fmt.Fprintf(out, "Repaired %d %s (each kept in the quarantine table and the change log):\n", len(done), plural(len(done), "problem", "problems"))
	for _, r := range done {
		fmt.Fprintln(out, "  "+model.Sanitize(r.String(), false))
	}
	for _, p := range left {
		fmt.Fprintln(out, "  not repaired: "+model.Sanitize(p.String(), false))
	}
	return nil
}

// openFinding is why the file could not be opened. The backup line that follows
// it says where the newest backup is, so the open error's own pointer to
// `kpi doctor` becomes a pointer to that.
func openFinding(err error) finding {
	var oe *db.OpenError
	if !errors.As(err, &oe) {
		return finding{problem, "open", err.Error()}
	}
	hint := oe.Hint
	if strings.Contains(hint, "kpi doctor") {
		hint = "restore it from a backup"
	}
	text := "cannot open it: " + oe.Reason
	if hint != "" {
		text += "; " + hint
	}
	return finding{problem, "open", text}
}

// reportFindings prints one line per finding and a summary; problems make it an
// exit 1 whose one-line message points back at the report.
func reportFindings(out io.Writer, fs []finding) error {
	count := map[severity]int{}
	for _, f := range fs {
		fmt.Fprintln(out, f)
		count[f.sev]++
	}
	if n := count[problem]; n > 0 {
		return exitError{ExitError, fmt.Sprintf("%d %s found; see above", n, plural(n, "problem", "problems"))}
	}
	if n := count[note]; n > 0 {
		fmt.Fprintf(out, "No problems found (%d %s).\n", n, plural(n, "note", "notes"))
	} else {
		fmt.Fprintln(out, "No problems found.")
	}
	return nil
}

// placeFindings says where the file lives: its filesystem, a sync folder around
// it, and conflict copies beside it. They need no database, so they are reported
// even when the file cannot be opened (a sync service may be why).
func placeFindings(path string) []finding {
	p := where.Of(path)
	out := []finding{filesystemFinding(p.FS, p.FSErr)}
	if p.Sync != "" {
		evidence := fmt.Sprintf("%q in its path", p.SyncEvidence)
		if filepath.IsAbs(p.SyncEvidence) {
			evidence = "found " + p.SyncEvidence
		}
		out = append(out, finding{problem, "sync folder", fmt.Sprintf(
			"the file is in a %s folder (%s): sync services copy whole files between machines without locking, so the last writer wins and edits are lost; move it to a network share (SMB or NFS) or a local disk",
			p.Sync, evidence)})
	} else {
		out = append(out, finding{fine, "sync folder", "not in a sync folder (Dropbox, OneDrive, Google Drive, iCloud, Box, Syncthing, ...)"})
	}
	copies, err := where.ConflictCopies(path)
	switch {
	case err != nil:
		out = append(out, finding{note, "conflict copies", fmt.Sprintf("cannot list the folder to look for them (%v)", unwrapPath(err))})
	case len(copies) == 0:
		out = append(out, finding{fine, "conflict copies", "none beside the file"})
	default:
		out = append(out, finding{problem, "conflict copies", fmt.Sprintf(
			"%d beside the file (%s): edits someone made may exist only there; compare with `kpi list --db COPY`, enter what is missing, then move the copies away",
			len(copies), listSome(copies, 3))})
	}
	return out
}

// placeWarning is the app's one-line warning about where the file lives: a sync
// folder (last writer wins) or conflict copies beside it (edits that may exist only
// there); "" when neither. The full story is in `kpi doctor`.
func placeWarning(path string) string {
	p := where.Of(path)
	var parts []string
	if p.Sync != "" {
		parts = append(parts, fmt.Sprintf("The file is in a %s folder: sync copies whole files without locking, so edits can be lost", p.Sync))
	}
	if copies, err := where.ConflictCopies(path); err == nil && len(copies) > 0 {
		parts = append(parts, fmt.Sprintf("%d conflict %s beside the file (%s)", len(copies), plural(len(copies), "copy", "copies"), listSome(copies, 1)))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "; ") + " — run kpi doctor."
}

// filesystemFinding explains what the filesystem means for SQLite's locking.
func filesystemFinding(f where.Filesystem, err error) finding {
	typ := ""
	if f.Type != "" {
		typ = " (" + f.Type + ")"
	}
	switch f.Kind {
	case where.KindLocal:
		return finding{fine, "filesystem", "the file is local, on this machine's disk" + typ}
	case where.KindNFS:
		return finding{note, "filesystem", "the file is on an NFS share" + typ + ": safe while NFS locking works (NFSv4, or lockd for v3); everyone should reach it through the share"}
	case where.KindSMB:
		return finding{note, "filesystem", "the file is on an SMB/CIFS share" + typ + ": safe while the server's locks work; do not mount it with the nobrl option"}
	case where.KindFUSE:
		return finding{note, "filesystem", "the file is on a FUSE filesystem" + typ + ": SQLite's locks may not reach other machines through it; prefer an SMB or NFS share"}
	case where.KindNetwork:
		return finding{note, "filesystem", "the file is on a network filesystem" + typ + ": safe only if it supports POSIX locks across machines"}
	}
	why := "this system does not say"
	if err != nil {
		why = unwrapPath(err).Error()
	}
	return finding{note, "filesystem", "unknown (" + why + "); on a shared drive make sure it is an SMB or NFS share, not a sync folder"}
}

// listSome names up to n items and says how many more there are.
func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

// storeFindings checks the open file: access, journal mode, schema, integrity,
// backups and KPI hygiene.
func storeFindings(st *db.Store, now time.Time) []finding {
	var out []finding
	if why := st.ReadOnlyReason(); why != "" {
		out = append(out, finding{note, "access", "read-only for you: " + why})
	} else {
		out = append(out, finding{fine, "access", "you can write to it"})
	}

	if mode, err := st.JournalMode(); err != nil {
		out = append(out, finding{problem, "journal", "cannot read the journal mode: " + err.Error()})
	} else {
		out = append(out, journalFinding(mode))
	}

	if v, err := st.SchemaVersion(); err != nil {
		out = append(out, finding{problem, "schema", "cannot read the schema version: " + err.Error()})
	} else {
		out = append(out, schemaFinding(v))
	}

	constraints, err := st.FullCheck() // once: it reads every page
	if err != nil {
		out = append(out, finding{problem, "integrity", err.Error() + "; restore the newest backup from " + db.BackupDir(st.Path())})
	} else {
		out = append(out, finding{fine, "integrity", "ok (full integrity check)"})
	}

	out = append(out, backupFinding(st.Path(), now))
	out = append(out, dataFindings(st, constraints)...)

	hy, err := hygieneFindings(st, now)
	if err != nil {
		out = append(out, finding{problem, "hygiene", "cannot read the KPIs: " + err.Error()})
	}
	return append(out, hy...)
}

// dataFindings name every row kpi cannot use as written (db's Problems), each
// a problem with its table and row, the rows an earlier repair kept, and the
// tables whose rows break the schema's checks (constraints, from FullCheck).
func dataFindings(st *db.Store, constraints []string) []finding {
	ps, err := st.Problems()
	if err != nil {
		return []finding{{problem, "data", "cannot check the rows: " + err.Error()}}
	}
	var out []finding
	for _, p := range ps {
		what := "; `kpi doctor --repair` fixes it"
		if !p.Repairable() {
			what = "; restore the newest backup from " + db.BackupDir(st.Path())
		}
		out = append(out, finding{problem, "data", p.String() + what})
	}
	named := map[string]bool{}
	for _, p := range ps {
		named[p.Table] = true
	}
	// Rows the schema's own checks refuse in a table where no cell was named:
	// a rule the store's reading does not know yet.
	for _, line := range constraints {
		table := line[strings.LastIndex(line, " ")+1:]
		if !named[table] {
			named[table] = true
			out = append(out, finding{problem, "data", fmt.Sprintf("%s: a row breaks the schema's checks (%s); restore the newest backup from %s", table, line, db.BackupDir(st.Path()))})
		}
	}
	if len(out) == 0 {
		out = append(out, finding{fine, "data", "every row is as kpi writes it"})
	}
	if q, err := st.Quarantine(); err == nil && len(q) > 0 {
		out = append(out, finding{note, "quarantine", fmt.Sprintf("%d %s kept by an earlier `kpi doctor --repair` in the file's quarantine table",
			len(q), plural(len(q), "record", "records"))})
	}
	return out
}

// journalFinding: DELETE (or its TRUNCATE and PERSIST variants) is a rollback
// journal and safe on a shared drive; WAL needs shared memory on one host and
// breaks on network filesystems; no journal at all loses the file in a crash.
func journalFinding(mode string) finding {
	switch strings.ToLower(mode) {
	case "delete", "truncate", "persist":
		return finding{fine, "journal", mode + " (rollback journal)"}
	case "wal":
		return finding{problem, "journal", "WAL, which breaks on shared drives (it needs shared memory on one machine); open the file once with `kpi` as someone who can write to it and its folder, and kpi switches it back"}
	}
	return finding{problem, "journal", mode + ": without a rollback journal a crash can damage the file; open it once with `kpi` as someone who can write to it"}
}

// schemaFinding compares the file's schema with the one this kpi writes.
func schemaFinding(v int) finding {
	switch {
	case v == db.SchemaVersion:
		return finding{fine, "schema", fmt.Sprintf("version %d, the one this kpi writes", v)}
	case v > db.SchemaVersion:
		return finding{problem, "schema", fmt.Sprintf("version %d, made by a newer kpi (this one writes %d): update kpi to edit the file", v, db.SchemaVersion)}
	}
	return finding{problem, "schema", fmt.Sprintf("version %d, older than this kpi's %d and not upgraded: open it once with `kpi` as someone who can write to it", v, db.SchemaVersion)}
}

// backupFinding names the newest backup kpi made of the file (by hand or daily),
// or notes that there is none yet.
func backupFinding(teamPath string, now time.Time) finding {
	dir := db.BackupDir(teamPath)
	entries, _ := os.ReadDir(dir)
	var newest string
	var at time.Time
	for _, e := range entries {
		if !e.Type().IsRegular() || !db.IsBackupOf(teamPath, e.Name()) {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.ModTime().After(at) {
			newest, at = e.Name(), fi.ModTime()
		}
	}
	if newest == "" {
		return finding{note, "backups", "none in " + dir + " yet; make one with `kpi backup`"}
	}
	return finding{fine, "backups", fmt.Sprintf("newest %s (%s)", newest, ago(now, at))}
}

// ago says how long before now t was, in the unit a person would use.
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Hour:
		return "less than an hour ago"
	case d < 48*time.Hour:
		return fmt.Sprintf("%d hours ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}

// hygieneFindings runs the domain.md rules over every KPI and its whole history.
// Too many key KPIs is a problem: it defeats the weekly review. The per-KPI rules
// (no owner, no target, no objective, no recent value, an old definition, a
// vanity-metric hint) are notes: judgement calls the team makes in the review.
func hygieneFindings(st *db.Store, now time.Time) ([]finding, error) {
	kpis, err := st.KPIs()
	if err != nil {
		return nil, err
	}
	vals, err := st.Values(model.Week{}, model.Week{})
	if err != nil {
		return nil, err
	}
	byKPI := map[int64][]model.Value{}
	for _, v := range vals {
		byKPI[v.KPIID] = append(byKPI[v.KPIID], v)
	}
	series := make(map[int64]model.Series, len(byKPI))
	for id, vs := range byKPI {
		series[id] = model.SortSeries(vs)
	}
	found := model.Hygiene(model.HygieneInput{KPIs: kpis, Series: series, Now: now})
	if len(found) == 0 {
		return []finding{{fine, "hygiene", "no findings"}}, nil
	}
	out := make([]finding, 0, len(found))
	for _, f := range found {
		out = append(out, hygieneFinding(f))
	}
	return out, nil
}

// hygieneFinding grades one hygiene rule (see hygieneFindings).
func hygieneFinding(f model.Finding) finding {
	sev := note
	if f.Rule == model.RuleTooManyKey {
		sev = problem
	}
	return finding{sev, "hygiene", f.Message}
}
