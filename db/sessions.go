package db

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"kpi/model"
)

// Presence lives apart from the data: one small file per open app in a folder
// beside the team file (.NAME-sessions/ID.json), never in the team file itself.
// A heartbeat therefore never commits to the team file, so it neither moves the
// file's change counter (which would make the verified-file cache check an
// unchanged file again, a second or more on a large one) nor wakes every other
// app's live refresh, and a writer that only says "I am here" can never damage
// the data. Each app writes only its own file, by rename, so no locking is
// needed between apps. The old sessions table stays in the schema, unused.

// staleSession is how old a heartbeat may be before its session is taken for a
// crashed app: it is left out of "who has the file open" and removed when the
// next app registers.
const staleSession = 10 * time.Minute

// Bounds on what a sessions folder may make a reader do: anyone can write to it.
const (
	maxSessionFiles = 200
	maxSessionBytes = 4 << 10
)

// sessionsDir is the presence folder of the team file at abs.
func sessionsDir(abs string) string {
	return filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+"-sessions")
}

func sessionFile(abs string, id int64) string {
	return filepath.Join(sessionsDir(abs), fmt.Sprintf("%d.json", id))
}

// presenceState is this process's own session, kept to rewrite its heartbeat,
// and the last listing of the folder, which Sessions returns again while the
// folder's time has not moved (every register, heartbeat and leave renames or
// removes a file in it), so the app can look every second for one stat.
type presenceState struct {
	mu     sync.Mutex
	mine   model.Session
	listed time.Time       // when the folder was last read (the real clock)
	dirMod time.Time       // the folder's time then
	last   []model.Session // what it held
}

// listingMaxAge bounds how long a listing is trusted on an unmoved folder time:
// some filesystems keep times to the second or coarser.
const listingMaxAge = 10 * time.Second

// readSessions reads every session file (bounded in number and size), cleaned:
// text sanitised, unreadable files skipped. Oldest first. A heartbeat further
// in the future than staleSession (a clock far off, or a file another tool
// wrote) is read as no heartbeat at all, so the session counts as stale
// instead of showing "also here" forever; a little skew between machines is kept.
func readSessions(abs string, now time.Time) ([]model.Session, error) {
	entries, err := os.ReadDir(sessionsDir(abs))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := []model.Session{} // the folder exists: an empty list, not "unknown"
	for _, e := range entries {
		if len(out) >= maxSessionFiles {
			break
		}
		if se, ok := readSessionFile(filepath.Join(sessionsDir(abs), e.Name())); ok {
			if se.Heartbeat.After(now.Add(staleSession)) {
				se.Heartbeat = time.Time{}
			}
			out = append(out, se)
		}
	}
	slices.SortFunc(out, func(a, b model.Session) int {
		if c := a.StartedAt.Compare(b.StartedAt); c != 0 {
			return c
		}
		return int(min(max(a.ID-b.ID, -1), 1))
	})
	return out, nil
}

// readSessionFile reads one ID.json; ok is false for anything else or garbage.
func readSessionFile(path string) (model.Session, bool) {
	var se model.Session
	name := filepath.Base(path)
	if !strings.HasSuffix(name, ".json") || strings.HasPrefix(name, ".") {
		return se, false
	}
	f, err := os.Open(path)
	if err != nil {
		return se, false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSessionBytes+1))
	if err != nil || len(b) > maxSessionBytes || json.Unmarshal(b, &se) != nil {
		return se, false
	}
	if fmt.Sprintf("%d.json", se.ID) != name || se.ID <= 0 {
		return se, false
	}
	se.User, se.Host = strings.TrimSpace(model.Sanitize(se.User, false)), strings.TrimSpace(model.Sanitize(se.Host, false))
	return se, true
}

// writeSessionFile writes se's file under a temporary name and renames it into
// place, so a reader sees the old heartbeat or the new one, never half a file.
func writeSessionFile(abs string, se model.Session) error {
	dir := sessionsDir(abs)
	b, err := json.Marshal(se)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(b)
	if cerr := tmp.Close(); werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return errors.Join(werr, cerr)
	}
	if err := os.Rename(tmp.Name(), sessionFile(abs, se.ID)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// Sessions lists the apps that have registered as having the file open (presence,
// never a lock), oldest first; callers judge staleness by Heartbeat. While the
// presence folder is unchanged it costs one stat.
func (s *Store) fileSessions() ([]model.Session, error) {
	fi, err := os.Stat(sessionsDir(s.path))
	if err != nil {
		return readSessions(s.path, s.now())
	}
	s.presence.mu.Lock()
	defer s.presence.mu.Unlock()
	p := &s.presence
	if p.last != nil && fi.ModTime().Equal(p.dirMod) && time.Since(p.listed) < listingMaxAge {
		return slices.Clone(p.last), nil
	}
	out, err := readSessions(s.path, s.now())
	if err == nil {
		p.last, p.dirMod, p.listed = out, fi.ModTime(), time.Now()
	}
	return slices.Clone(out), err
}

// RegisterSession records that this app has the file open, so others can see who
// is in it; it also clears sessions of apps that stopped heartbeating long ago.
// Sessions are presence, not data: they are not in the team file (see above),
// but a read-only user registers none, as before.
func (s *Store) fileRegisterSession(pid int) (model.Session, error) {
	if why := s.ReadOnlyReason(); why != "" {
		return model.Session{}, fmt.Errorf("no session registered: %w (%s)", ErrReadOnly, why)
	}
	now := s.now()
	if err := os.MkdirAll(sessionsDir(s.path), 0o777); err != nil {
		return model.Session{}, fmt.Errorf("cannot record that you have the file open: %w", err)
	}
	s.clearStaleSessions(now)
	se := model.Session{ID: rand.Int64N(1<<53) + 1, User: s.opt.User, Host: s.opt.Host, PID: pid, StartedAt: now, Heartbeat: now}
	if err := writeSessionFile(s.path, se); err != nil {
		return model.Session{}, fmt.Errorf("cannot record that you have the file open: %w", err)
	}
	s.presence.mu.Lock()
	s.presence.mine, s.presence.last = se, nil
	s.presence.mu.Unlock()
	s.session.Store(se.ID)
	return se, nil
}

// clearStaleSessions removes the files of apps whose heartbeat is long gone,
// and garbage older than that. Failures are ignored: it is housekeeping.
func (s *Store) clearStaleSessions(now time.Time) {
	dir := sessionsDir(s.path)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		se, ok := readSessionFile(path)
		if ok && now.Sub(se.Heartbeat) <= staleSession && !se.Heartbeat.After(now.Add(staleSession)) {
			continue
		}
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() && (ok || time.Since(info.ModTime()) > staleSession) {
			os.Remove(path)
		}
	}
}

// Heartbeat tells the others this app is still open; call it every minute or so.
// ErrNotFound means the session was cleared as stale: register again.
func (s *Store) fileHeartbeat(id int64) error {
	s.presence.mu.Lock()
	defer s.presence.mu.Unlock()
	if s.presence.mine.ID != id || id == 0 {
		return fmt.Errorf("session %d: %w", id, ErrNotFound)
	}
	if _, err := os.Stat(sessionFile(s.path, id)); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("session %d: %w", id, ErrNotFound)
	}
	se := s.presence.mine
	se.Heartbeat = s.now()
	if err := writeSessionFile(s.path, se); err != nil {
		return err
	}
	s.presence.mine, s.presence.last = se, nil
	return nil
}

// EndSession removes this app's session when it closes the file.
func (s *Store) fileEndSession(id int64) error {
	s.presence.mu.Lock()
	defer s.presence.mu.Unlock()
	err := os.Remove(sessionFile(s.path, id))
	if errors.Is(err, fs.ErrNotExist) {
		err = nil
	}
	s.presence.last = nil
	if err == nil && s.presence.mine.ID == id {
		s.presence.mine = model.Session{}
		s.session.CompareAndSwap(id, 0)
	}
	return err
}

// otherSessions names the other live sessions ("ana@laptop") for the busy
// message; it only decorates an error, so a folder it cannot read names nobody.
func (s *Store) fileOtherSessions(context.Context) []string {
	all, err := readSessions(s.path, s.now())
	if err != nil {
		return nil
	}
	now, own := s.now(), s.session.Load()
	var names []string
	for _, o := range all {
		if o.ID == own || now.Sub(o.Heartbeat) > staleSession {
			continue
		}
		names = append(names, o.User+"@"+o.Host)
	}
	return names
}
