// Package db is the team file: the open sequence that refuses anything that is not
// a kpi file before SQLite touches it, the schema and its migrations, queries that
// return model types, and writes that are short immediate transactions,
// version-checked and logged in the same transaction (shared-drive.md).
package db

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"kpi/model"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Options say who is writing and how long to wait for the write lock.
type Options struct {
	User string // recorded in updated_by and the change log (the OS user or KPI_USER)
	Host string // recorded in the change log and sessions
	// Wait bounds how long a write retries while another process holds the write
	// lock; 0 means 5 s. After it the write fails with ErrBusy.
	Wait time.Duration
	// Now is the clock for stamps and the change log; nil means time.Now. Tests
	// pass a fixed clock.
	Now func() time.Time
	// MaxPageCount, when positive, caps the file's size in pages on every
	// connection (PRAGMA max_page_count): tests use it to simulate a full disk.
	MaxPageCount int
	// VerifiedCache, when set, is a small file in the user's cache folder that
	// remembers which team files passed PRAGMA quick_check unchanged since (by
	// their change counter, size and time): a check of a large file costs
	// hundreds of milliseconds, and a file nobody wrote to since it was checked
	// is checked already. "" checks at every open.
	VerifiedCache string
	// DeferCheck leaves the quick_check of a file not verified unchanged for
	// CheckIntegrity, so the app's first frame and a read command's output do
	// not wait for it (a second or more on a large file). Writes still wait for
	// it. A file whose schema must be upgraded is checked at open regardless.
	DeferCheck bool
	// Log records opens, writes and their timings, and each retry on a busy
	// file, for --debug; nil logs nothing.
	Log *slog.Logger

	stamp string // the file's stamp read by preflight, for VerifiedCache
}

// defaultWait is how long a write waits for the lock unless Options.Wait says.
const defaultWait = 5 * time.Second

// maxBusyTimeout bounds SQLite's own wait inside one statement, so that the retry
// loop in retry (with its jitter and its overall Wait) is what bounds waiting.
const maxBusyTimeout = 250 * time.Millisecond

// idleTime is how long an unused connection is kept, so an idle app holds no
// handle on the shared file.
const idleTime = 2 * time.Second

func (o Options) withDefaults() Options {
	if o.Wait <= 0 {
		o.Wait = defaultWait
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	// Who is stored in every row and log entry others will see.
	o.User = strings.TrimSpace(model.Sanitize(o.User, false))
	o.Host = strings.TrimSpace(model.Sanitize(o.Host, false))
	return o
}

// Store is an open team file. It is safe for use by several goroutines; it holds
// at most one SQLite connection, and none while idle.
type Store struct {
	db       *sql.DB
	path     string
	opt      Options
	readOnly string        // why writes are refused; "" when writable
	session  atomic.Int64  // this process's session row, to leave it out of "who is busy"
	watch    watcher       // the connection Generation reads data_version on
	cache    weekCache     // weeks of values kept between calls (KeepWeeks)
	integ    integrity     // the quick_check DeferCheck left for later (check.go)
	presence presenceState // this app's own session file (sessions.go)
	srv      *server       // the team's server; nil for a team file (engine.go)
}

// sqliteHeader is the first 16 bytes of every SQLite 3 database file.
const sqliteHeader = "SQLite format 3\x00"

// Open opens an existing team file. It never creates one (only `kpi init` and
// `kpi demo` do, through Create), and never changes a file it refuses: the path
// is checked (exists, a regular file, not empty, an SQLite header) before SQLite
// touches it, and then SQLite's application_id says whether it is a kpi file at
// all. A file made by a newer kpi, a read-only file or folder, or a WAL file that
// cannot be switched back opens read-only with ReadOnlyReason saying why. An
// older schema is migrated after a VACUUM INTO backup beside the file.
//
// The header check reads the file with its own descriptor before SQLite opens
// it. Closing that descriptor drops every POSIX lock this process holds on the
// file, so a process must not Open a file that another of its Stores is writing
// at that moment (one Store per process, as the app and CLI use, is safe).
//
// A server DSN (IsServerDSN) opens that team on the server instead (openServer).
func Open(path string, opt Options) (*Store, error) {
	if IsServerDSN(path) {
		return openServer(path, opt)
	}
	opt = opt.withDefaults()
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &OpenError{Path: path, Reason: err.Error()}
	}
	stamp, err := preflight(abs)
	if err != nil {
		return nil, err
	}
	opt.stamp = stamp
	roReason := ""
	switch {
	case !writable(abs):
		roReason = "you may not write to it; ask its owner for write access"
	case !writable(filepath.Dir(abs)):
		roReason = "its folder is read-only, so SQLite cannot write its journal; ask for write access to the folder"
	}
	start := time.Now()
	s, err := openStore(context.Background(), abs, opt, roReason)
	opt.Log.Debug("open", "file", abs, "took", time.Since(start), "read_only", roReason, "err", err)
	return s, err
}

// preflight checks the path without SQLite: SQLite would silently turn a missing
// or empty file into a new database.
// It returns the file's stamp (change counter, size, modification time) for the
// verified-file cache.
func preflight(abs string) (string, error) {
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", &OpenError{Path: abs, Reason: "no such file", Hint: "check the path, or create one with `kpi init " + abs + "`", Err: err}
	case errors.Is(err, fs.ErrPermission):
		return "", &OpenError{Path: abs, Reason: "you may not look into its folder (permission denied)", Hint: "ask whoever shares the folder for access", Err: err}
	case err != nil:
		return "", &OpenError{Path: abs, Reason: err.Error(), Err: err}
	case fi.IsDir():
		return "", &OpenError{Path: abs, Reason: "it is a folder, not a team file", Hint: "give the path of the team file inside it"}
	case !fi.Mode().IsRegular():
		return "", &OpenError{Path: abs, Reason: "it is not a regular file", Hint: "give the path of a team file made by `kpi init`"}
	case fi.Size() == 0:
		return "", &OpenError{Path: abs, Reason: "it is empty (0 bytes)", Hint: "refusing to touch it — a kpi file is never empty; check the path"}
	}
	// Reading the header before SQLite has the file open is safe; after, it
	// would not be (closing any descriptor drops SQLite's POSIX locks).
	f, err := os.Open(abs)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return "", &OpenError{Path: abs, Reason: "you may not read it (permission denied)", Hint: "ask the file's owner for access", Err: err}
		}
		return "", &OpenError{Path: abs, Reason: err.Error(), Err: err}
	}
	head := make([]byte, 100) // the database header; every SQLite file has a whole page
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || string(head[:len(sqliteHeader)]) != sqliteHeader {
		return "", &OpenError{Path: abs, Reason: "it is not an SQLite database", Hint: "check the path; a kpi team file is made by `kpi init`"}
	}
	// bytes 24–27: the file change counter, moved by every committed write
	return fmt.Sprintf("%x/%d/%d", head[24:28], fi.Size(), fi.ModTime().UnixNano()), nil
}

// dsn is the modernc connection string of shared-drive.md. mode is "rw", "ro" or
// "rwc" (Create only), or "ro-light": read-only without the pragmas that make
// SQLite parse the whole schema as the connection opens (synchronous and
// max_page_count do; the schema's CHECKs make that about a millisecond) — for a
// connection that only reads PRAGMA data_version and writes nothing. The path is escaped so that spaces, '?', '#' and '%' in
// folder names survive SQLite's URI parsing.
func dsn(abs, mode string, opt Options) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") { // Windows: file:/C:/...
		p = "/" + p
	}
	u := url.URL{Path: p}
	busy := min(opt.Wait, maxBusyTimeout).Milliseconds()
	if busy < 1 {
		busy = 1
	}
	q := fmt.Sprintf("mode=%s&_txlock=immediate&_pragma=busy_timeout(%d)", mode, busy)
	if mode == "ro-light" {
		return "file:" + u.EscapedPath() + "?" + strings.Replace(q, "ro-light", "ro", 1)
	}
	q += "&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"
	if opt.MaxPageCount > 0 {
		q += fmt.Sprintf("&_pragma=max_page_count(%d)", opt.MaxPageCount)
	}
	return "file:" + u.EscapedPath() + "?" + q
}

// connect opens the pool: one connection at most (SQLite serialises writers
// anyway, and one connection keeps a process's locks simple), closed when idle.
func connect(abs, mode string, opt Options) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn(abs, mode, opt))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxIdleTime(idleTime)
	return db, nil
}

// fileInfo is what the open sequence learns from the file's header pragmas.
type fileInfo struct {
	appID, userVersion, tables int
	journal                    string
}

// readFileInfo reads the file's header pragmas and how many tables it has.
func (s *Store) readFileInfo(ctx context.Context) (fileInfo, error) {
	var info fileInfo
	err := s.read(ctx, func(tx *sql.Tx) error {
		for _, q := range []struct {
			sql  string
			dest any
		}{
			{"PRAGMA application_id", &info.appID},
			{"PRAGMA user_version", &info.userVersion},
			{"SELECT count(*) FROM sqlite_schema", &info.tables},
			{"PRAGMA journal_mode", &info.journal},
		} {
			if err := tx.QueryRowContext(ctx, q.sql).Scan(q.dest); err != nil {
				return err
			}
		}
		return nil
	})
	return info, err
}

// openStore runs the open sequence on a path that passed preflight.
func openStore(ctx context.Context, abs string, opt Options, roReason string) (*Store, error) {
	mode := "rw"
	if roReason != "" {
		mode = "ro"
	}
	db, err := connect(abs, mode, opt)
	if err != nil {
		return nil, &OpenError{Path: abs, Reason: err.Error(), Err: err}
	}
	s := &Store{db: db, path: abs, opt: opt, readOnly: roReason}
	fail := func(err error) (*Store, error) {
		db.Close()
		var oe *OpenError
		if errors.As(err, &oe) {
			if oe.Path == "" {
				oe.Path = abs
			}
			return nil, oe
		}
		return nil, sqliteOpenError(abs, err)
	}

	info, err := s.readFileInfo(ctx)
	if err != nil {
		return fail(err)
	}
	switch {
	case info.appID == 0 && info.userVersion == 0 && info.tables == 0:
		return fail(&OpenError{Path: abs, Reason: "it is an empty SQLite database, not a kpi team file", Hint: "check the path, or create a team file with `kpi init`"})
	case info.appID != ApplicationID:
		return fail(&OpenError{Path: abs, Reason: "it is an SQLite database but not a kpi team file", Hint: "check the path"})
	}

	if info.userVersion > SchemaVersion {
		reason := fmt.Sprintf("made by a newer kpi (schema %d); update kpi to edit it", info.userVersion)
		if mode == "ro" {
			s.readOnly = reason
		} else {
			db.Close()
			return openStore(ctx, abs, opt, reason)
		}
	}

	if !isVerified(opt.VerifiedCache, abs, opt.stamp) {
		if opt.DeferCheck && info.userVersion >= SchemaVersion {
			s.integ.pending.Store(true)
		} else if err := s.quickCheck(ctx); err != nil {
			return fail(err)
		} else {
			markVerified(opt.VerifiedCache, abs, opt.stamp)
		}
	}

	if s.readOnly == "" {
		if err := s.rollbackJournal(ctx, info.journal); err != nil {
			db.Close()
			return openStore(ctx, abs, opt, err.Error())
		}
	}

	if info.userVersion < SchemaVersion {
		if err := s.bringUpToDate(ctx); err != nil {
			return fail(err)
		}
	}
	return s, nil
}

// bringUpToDate migrates a file whose user_version is below SchemaVersion, once:
// the schema it really has decides (fileSchema), so a file whose user_version
// was lost but whose tables are current is only stamped, and one whose tables
// are incomplete is refused before any backup is made.
func (s *Store) bringUpToDate(ctx context.Context) error {
	var from int
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		from, err = fileSchema(ctx, tx)
		return err
	})
	if err != nil {
		return err
	}
	switch {
	case from >= SchemaVersion && s.readOnly != "":
		return nil // current tables; the number is fixed by the next writer
	case from >= SchemaVersion:
		return s.stampSchema(ctx, SchemaVersion)
	case s.readOnly != "":
		return &OpenError{Path: s.path,
			Reason: fmt.Sprintf("it uses an older schema (%d) that must be upgraded, but %s", from, s.readOnly),
			Hint:   "someone with write access must open it once with this kpi"}
	}
	if err := s.upgrade(ctx, from); err != nil {
		var oe *OpenError
		if errors.As(err, &oe) {
			return err
		}
		return &OpenError{Path: s.path, Reason: "upgrading its schema failed: " + err.Error(), Hint: "nothing was changed", Err: err}
	}
	return nil
}

// rollbackJournal sets journal_mode=DELETE once at open: WAL needs shared memory
// on one host and breaks on network filesystems. The error, if any, is the
// read-only reason.
func (s *Store) rollbackJournal(ctx context.Context, current string) error {
	if strings.EqualFold(current, "delete") {
		return nil // as readFileInfo found it a moment ago: nothing to set
	}
	var mode string
	err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode = DELETE").Scan(&mode)
	if err == nil && strings.EqualFold(mode, "delete") {
		return nil
	}
	why := "it stayed in " + mode + " mode"
	switch {
	case isBusy(err):
		why = "another program has it open"
	case err != nil:
		why = err.Error()
	}
	if strings.EqualFold(current, "wal") {
		return fmt.Errorf("the file is in WAL mode, which is unsafe on a shared drive, and could not be switched back (%s)", why)
	}
	return fmt.Errorf("its journal mode could not be set to DELETE (%s)", why)
}

// quickCheck runs PRAGMA quick_check: cheap enough for every open, and it catches
// truncated and damaged files before anyone edits them.
func (s *Store) quickCheck(ctx context.Context) error {
	problems, _, err := s.check(ctx, "PRAGMA quick_check(100)")
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return &OpenError{Path: s.path, Reason: "it is damaged (" + strings.Join(problems, "; ") + ")", Hint: "restore it from a backup; `kpi doctor` tells more"}
	}
	return nil
}

// check runs an integrity pragma and returns its complaints (none for "ok"):
// damage, and apart from it the rows that break a CHECK or NOT NULL
// constraint. Those are not damage: another tool wrote them with the checks
// off, the store reads them as bad cells, and `kpi doctor` names them.
func (s *Store) check(ctx context.Context, pragma string) (problems, constraints []string, err error) {
	err = s.read(ctx, func(tx *sql.Tx) error {
		problems, constraints = problems[:0], constraints[:0]
		rows, err := tx.QueryContext(ctx, pragma)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				return err
			}
			switch {
			case line == "ok":
			case constraintLine(line):
				constraints = append(constraints, line)
			default:
				problems = append(problems, line)
			}
		}
		return rows.Err()
	})
	return problems, constraints, err
}

// constraintLine says whether a line of integrity_check or quick_check is
// about a row that breaks a CHECK or NOT NULL constraint: a bad row another
// tool wrote, which the store reads as bad cells, not damage to the file.
func constraintLine(line string) bool {
	return strings.HasPrefix(line, "CHECK constraint failed") || strings.HasPrefix(line, "NOT NULL constraint failed")
}

// sqliteOpenError turns an SQLite error met while opening into the one-line
// message the user sees.
func sqliteOpenError(abs string, err error) *OpenError {
	code := sqliteCode(err)
	switch {
	case code == codeReadOnlyRollback:
		return &OpenError{Path: abs, Reason: "the last writer crashed", Hint: "someone with write access must open the file to recover it", Err: err}
	case code&0xff == codeNotADB:
		return &OpenError{Path: abs, Reason: "it is not an SQLite database", Hint: "check the path; a kpi team file is made by `kpi init`", Err: err}
	case code&0xff == codeCorrupt:
		return &OpenError{Path: abs, Reason: "it is damaged (" + err.Error() + ")", Hint: "restore it from a backup; `kpi doctor` tells more", Err: err}
	case errors.Is(err, ErrBusy):
		return &OpenError{Path: abs, Reason: "it is busy (another kpi is writing)", Hint: "try again", Err: err}
	}
	return &OpenError{Path: abs, Reason: err.Error(), Err: err}
}

// Create makes a new team file at path with the schema and the given settings
// (model.DefaultSettings(st.TeamName) when st is otherwise zero), and opens it.
// It refuses an existing path. See CreateFilled for how it stays atomic.
func Create(path string, opt Options, st model.Settings) (*Store, error) {
	return CreateFilled(path, opt, st, nil)
}

// CreateFilled makes a new team file like Create, with fill (when not nil)
// writing its first contents, such as the demo's data. The file is built under a
// temporary name beside path (".NAME.creating-RANDOM") and linked into place only
// when the schema, settings and fill are complete and it is closed: a kpi init
// or demo killed at any moment leaves no file at path, never a file with the
// schema but half its data that every command would take for a sound team file.
// The temporary file of a killed run never blocks the next (each run picks its
// own name) and is removed by a later Create once it is a day old.
//
// A failure of fill is returned as it is (the partial file is gone); every
// other failure is an *OpenError saying nothing was left behind.
//
// A server DSN makes that team on the server instead (CreateServer).
func CreateFilled(path string, opt Options, st model.Settings, fill func(*Store) error) (*Store, error) {
	if IsServerDSN(path) {
		return CreateServer(path, opt, st, fill)
	}
	opt = opt.withDefaults()
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &OpenError{Op: "create", Path: path, Reason: err.Error()}
	}
	if _, err := os.Lstat(abs); err == nil {
		return nil, createError(abs, fs.ErrExist)
	}
	removeStaleTemps(abs)
	tmp, err := reserveTemp(abs)
	if err != nil {
		return nil, createError(abs, err)
	}
	removeTemp := func() {
		os.Remove(tmp)
		os.Remove(tmp + "-journal")
	}
	s, err := create(context.Background(), tmp, opt, st)
	if err != nil {
		removeTemp()
		return nil, &OpenError{Op: "create", Path: abs, Reason: err.Error(), Hint: "nothing was left behind", Err: err}
	}
	var fillErr error
	if fill != nil {
		fillErr = fill(s)
	}
	closeErr := s.Close()
	switch {
	case fillErr != nil:
		removeTemp()
		return nil, fillErr
	case closeErr != nil:
		removeTemp()
		return nil, &OpenError{Op: "create", Path: abs, Reason: closeErr.Error(), Hint: "nothing was left behind", Err: closeErr}
	}
	if err := publish(tmp, abs); err != nil {
		removeTemp()
		return nil, err
	}
	return Open(abs, opt)
}

// createError is the message for a path Create cannot make.
func createError(abs string, err error) *OpenError {
	switch {
	case errors.Is(err, fs.ErrExist):
		return &OpenError{Op: "create", Path: abs, Reason: "it already exists", Hint: "refusing to overwrite it; choose a new path, or open it with `kpi --db " + abs + "`", Err: err}
	case errors.Is(err, fs.ErrNotExist):
		return &OpenError{Op: "create", Path: abs, Reason: "its folder does not exist", Hint: "create the folder first", Err: err}
	case errors.Is(err, fs.ErrPermission):
		return &OpenError{Op: "create", Path: abs, Reason: "the folder is read-only for you", Hint: "choose a folder you can write to", Err: err}
	}
	return &OpenError{Op: "create", Path: abs, Reason: err.Error(), Err: err}
}

// creatingPrefix starts the name of the file Create builds beside abs. The
// leading dot keeps it out of ordinary folder listings.
func creatingPrefix(abs string) string {
	return "." + filepath.Base(abs) + ".creating-"
}

// staleTempAge is how old a temporary file of Create must be before another
// Create removes it: building even the largest demo takes seconds, so a day-old
// one belongs to a run that was killed, even between machines whose clocks differ.
const staleTempAge = 24 * time.Hour

// reserveTemp creates the empty temporary file beside abs with O_EXCL (of two
// runs, each gets its own) and the mode a team file gets, and closes it before
// SQLite opens the path. Its name says which machine and process made it
// (".NAME.creating-HOST-PID-RANDOM"), so the next Create on that machine can tell
// a killed run's leftover from a run still going.
func reserveTemp(abs string) (string, error) {
	owner := tempOwner(hostName(), os.Getpid())
	for range 10 {
		name := filepath.Join(filepath.Dir(abs), creatingPrefix(abs)+owner+strings.ToLower(rand.Text()[:6]))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		return name, f.Close()
	}
	return "", errors.New("could not pick a free temporary name")
}

// tempOwner is the part of a temporary name that names its maker: the host
// name and the process id, each followed by '-'.
func tempOwner(host string, pid int) string {
	return tempHost(host) + "-" + strconv.Itoa(pid) + "-"
}

// tempHost is a host name kept to the letters, digits and '-' a file name can
// carry anywhere.
func tempHost(host string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return -1
	}, strings.ToLower(host))
}

// hostName is this machine's name, or "" when it has none.
func hostName() string {
	h, _ := os.Hostname()
	return h
}

// removeStaleTemps removes temporary files (and their journals) of Create runs
// for abs that cannot finish any more: those this machine's processes made that
// have exited (killed, or crashed), and any at least a day old by the real
// clock (file times are the real clock's, whatever KPI_NOW says), which covers
// other machines' leftovers. Errors are ignored: a leftover costs nothing but a
// file in the folder.
func removeStaleTemps(abs string) {
	dir := filepath.Dir(abs)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), creatingPrefix(abs)) || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		if time.Since(fi.ModTime()) >= staleTempAge || madeByExitedProcess(strings.TrimPrefix(e.Name(), creatingPrefix(abs))) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// madeByExitedProcess says whether the owner part of a temporary name (what
// follows the prefix) names this machine and a process that no longer runs.
func madeByExitedProcess(owner string) bool {
	rest, ok := strings.CutPrefix(owner, tempHost(hostName())+"-")
	if !ok {
		return false
	}
	pidText, _, ok := strings.Cut(rest, "-")
	pid, err := strconv.Atoi(pidText)
	return ok && err == nil && pid > 0 && pid != os.Getpid() && processGone(pid)
}

// publish puts the finished file at abs. A hard link never replaces a file
// another kpi init made meanwhile (it fails if abs exists, as O_EXCL would);
// where the filesystem has no hard links, a rename after a last look does.
// The folder is synced so the new name survives a crash.
func publish(tmp, abs string) error {
	err := os.Link(tmp, abs)
	switch {
	case err == nil:
		os.Remove(tmp)
	case errors.Is(err, fs.ErrExist):
		return createError(abs, err)
	default:
		if _, lerr := os.Lstat(abs); lerr == nil {
			return createError(abs, fs.ErrExist)
		}
		if err := os.Rename(tmp, abs); err != nil {
			return createError(abs, err)
		}
	}
	if d, err := os.Open(filepath.Dir(abs)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// create fills the empty file Create made.
func create(ctx context.Context, abs string, opt Options, st model.Settings) (*Store, error) {
	db, err := connect(abs, "rw", opt)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: abs, opt: opt}
	st = settingsOrDefault(st)
	if err := s.rollbackJournal(ctx, ""); err != nil {
		db.Close()
		return nil, err
	}
	err = s.writeSchema(ctx, func(tx *sql.Tx) error {
		if _, err := s.applyMigrations(ctx, tx, 0); err != nil {
			return err
		}
		return s.insertSettings(ctx, tx, st)
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the file. The Store must not be used afterwards.
func (s *Store) Close() error {
	err := s.db.Close()
	if cerr := s.engine().close(); err == nil {
		err = cerr
	}
	return err
}

// Path is the absolute path of the team file, for headers and messages.
func (s *Store) Path() string { return s.path }

// ReadOnlyReason says why writes are refused ("" when the store is writable), so
// the app can show it in its header. A failed deferred check (CheckIntegrity)
// makes a writable store read-only from then on.
func (s *Store) ReadOnlyReason() string {
	if s.readOnly != "" {
		return s.readOnly
	}
	return s.damageReason()
}

// SchemaVersion is the file's PRAGMA user_version, for `kpi doctor`.
func (s *Store) SchemaVersion() (int, error) {
	var v int
	err := s.read(context.Background(), func(tx *sql.Tx) error {
		return tx.QueryRow("PRAGMA user_version").Scan(&v)
	})
	return v, err
}

// IntegrityCheck runs the full PRAGMA integrity_check (slow on big files), for
// `kpi doctor` and after backups; nil means the file is sound.
func (s *Store) IntegrityCheck() error {
	_, err := s.FullCheck()
	return err
}

// FullCheck runs the full PRAGMA integrity_check once. The error says what is
// damaged (nil: the file is sound); constraints are its lines about rows that
// break the schema's CHECK and NOT NULL constraints ("CHECK constraint failed
// in kpi_values"): bad rows another tool wrote, which are not damage and which
// doctor reports beside Problems.
func (s *Store) FullCheck() (constraints []string, err error) {
	problems, constraints, err := s.check(context.Background(), "PRAGMA integrity_check(100)")
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return constraints, fmt.Errorf("integrity check of %s failed: %s", s.path, strings.Join(problems, "; "))
	}
	return constraints, nil
}
