package db

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"kpi/model"
)

// The read cache keeps what the app's first screen reads — the KPI list and
// the weeks of values the week cache holds — in a file in the user's own
// cache folder, stamped with the team file's state when it was read: SQLite's
// file change counter (which every commit to a file in rollback-journal mode
// moves, by any program; it is how SQLite itself decides whether its page
// cache is still good), the schema cookie, and the file's size, modification
// time and inode. The next app opened on an unchanged file — the same person
// quitting and opening again, or opening after a teammate's app came and went,
// since presence lives outside the file (sessions.go) — starts from that file
// instead of reading the weeks again: on the large demo the week's reads are
// most of the time before the first frame.
//
// It never serves a changed file: the stamp is read inside a read transaction
// (the shared lock held, so nothing can commit meanwhile), through SQLite's own
// view of page 1 (sqlite_dbpage; opening the file with another descriptor would
// drop this process's locks on it), and compared with the saved one; the live
// refresh's generation is read under the same lock, so a commit after the load
// empties the week cache as it does today. A file in WAL mode, whose counter
// does not move on every commit, is never cached. The cache is this user's, in
// a private folder, written by rename; a file that does not decode, fails its
// checksum, or holds numbers that are not finite is ignored. Only the app uses
// it: one-shot commands (`kpi snapshot`, `kpi list`) read the file.

// readCacheFormat changes whenever what is cached changes shape or meaning.
const readCacheFormat = 1

// maxPersistedWeeks is how many of the most recently used weeks SaveReads
// keeps: the dashboard's window (17 weeks) and a few more, not all the app
// kept, so that the next open decodes little more than it shows.
const maxPersistedWeeks = 20

// maxReadCache bounds the file read back: the large demo's is a few MB.
const maxReadCache = 64 << 20

// persistedReads is the read cache's content: a head, decoded first so a
// cache of another build or another state of the file is passed over without
// decoding the weeks, then the KPIs and the weeks.
type persistedReads struct {
	Head  persistedHead
	KPIs  []model.KPI
	Weeks []persistedWeek
}

type persistedHead struct {
	Format int
	Binary string // the kpi executable that wrote it (size, time): another build decodes cells its own way
	Stamp  string // the team file's state when read (fileStampIn)
}

// persistedBody is what follows the head in the file.
type persistedBody struct {
	KPIs  []model.KPI
	Weeks []persistedWeek
}

type persistedWeek struct {
	Week   model.Week
	Values []persistedValue
}

// persistedValue is a keptValue with exported fields (encoding/gob needs them).
type persistedValue struct {
	ID, KPIID, Version int64
	Number             float64
	Status             model.Status
	Note, EnteredBy    string
	UpdatedBy, Bad     string
	HasNumber          bool
}

func persist(k keptValue) persistedValue {
	return persistedValue{ID: k.id, KPIID: k.kpiID, Version: k.version, Number: k.number, Status: k.status,
		Note: k.note, EnteredBy: k.enteredBy, UpdatedBy: k.updatedBy, Bad: k.bad, HasNumber: k.hasNumber}
}

// kept is the value back as the week cache keeps it, its text cleaned again:
// the cache file is the user's own, but text reaches a terminal from here.
func (v persistedValue) kept(w model.Week) keptValue {
	return keptValue{id: v.ID, kpiID: v.KPIID, version: v.Version, number: v.Number, week: w, status: v.Status,
		note: cleanText(v.Note, true), enteredBy: cleanText(v.EnteredBy, false), updatedBy: cleanText(v.UpdatedBy, false),
		bad: cleanText(v.Bad, false), hasNumber: v.HasNumber}
}

// PersistReads makes the week cache start from the read cache at path (a file
// in the user's cache folder) when it matches the team file, and SaveReads
// write it there. The app calls it after KeepWeeks; a server team is never
// cached (its commits are not counted in a file).
func (s *Store) PersistReads(path string) {
	if s.IsServer() || path == "" {
		return
	}
	c := &s.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	c.persist, c.loaded = path, false
}

// ReadCachePath is where the read cache of the team file at abs lives, inside
// the user's cache folder dir: one file per team file.
func ReadCachePath(dir, abs string) string {
	return filepath.Join(dir, fmt.Sprintf("reads-%08x", crc32.ChecksumIEEE([]byte(abs))))
}

// fileStampIn is the team file's state as seen inside tx (which must hold the
// shared lock: the caller has read something in it): page 1's change counter,
// page count and schema cookie through SQLite, and the file's size, time and
// inode. "" when it cannot be read or the file is in WAL mode.
func (s *Store) fileStampIn(ctx context.Context, tx *sql.Tx) string {
	var head []byte
	if err := tx.QueryRowContext(ctx, "SELECT substr(data, 1, 100) FROM sqlite_dbpage WHERE pgno = 1").Scan(&head); err != nil || len(head) < 100 {
		return ""
	}
	if head[18] == 2 || head[19] == 2 { // WAL: the counter does not move per commit
		return ""
	}
	fi, err := os.Stat(s.path) // a stat, not an open: an open and close would drop our locks
	if err != nil {
		return ""
	}
	var ino uint64
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		ino = uint64(st.Ino)
	}
	return fmt.Sprintf("%x/%x/%x/%d/%d/%d", head[24:28], head[28:32], head[40:44], fi.Size(), fi.ModTime().UnixNano(), ino)
}

// stampAndGeneration reads, under one shared lock, the team file's stamp and
// the live refresh's generation: the two then describe the same file.
func (s *Store) stampAndGeneration(ctx context.Context) (stamp string, gen int64, err error) {
	err = s.read(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM sqlite_schema LIMIT 1").Scan(&one); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		stamp = s.fileStampIn(ctx, tx)
		gen, err = s.Generation()
		return err
	})
	return stamp, gen, err
}

// executableStamp names the running binary by size and time, so a cache
// written by another build of kpi (which may decode cells differently) is not
// taken for this one's.
func executableStamp() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%d/%d", fi.Size(), fi.ModTime().UnixNano())
}

// loadPersisted fills the empty week cache from the read cache when it
// matches the file now. The caller holds c.mu and has just emptied the cache.
func (s *Store) loadPersisted(c *weekCache) {
	c.loaded = true
	head, dec, ok := openPersisted(c.persist)
	if !ok || head.Format != readCacheFormat || head.Binary != executableStamp() {
		s.opt.Log.Debug("read cache", "used", false, "why", "none, damaged or another build's")
		return
	}
	stamp, gen, err := s.stampAndGeneration(context.Background())
	if err != nil || stamp == "" || stamp != head.Stamp {
		s.opt.Log.Debug("read cache", "used", false, "why", "the file changed", "err", err)
		return
	}
	p, ok := decodeBody(head, dec)
	if !ok || len(p.Weeks) > c.limit {
		s.opt.Log.Debug("read cache", "used", false, "why", "damaged")
		return
	}
	s.opt.Log.Debug("read cache", "used", true, "weeks", len(p.Weeks))
	weeks := make(map[model.Week]cachedWeek, c.limit)
	for _, pw := range p.Weeks {
		vs := make([]keptValue, len(pw.Values))
		for i, v := range pw.Values {
			vs[i] = v.kept(pw.Week)
		}
		weeks[pw.Week] = cachedWeek{values: vs}
	}
	c.weeks, c.kpis, c.gen = weeks, p.KPIs, gen
	c.saved, c.savedGen = true, gen // what is on disk already
}

// readPersisted decodes the whole read cache at path; ok is false for a
// missing, oversized, damaged or implausible file.
func readPersisted(path string) (persistedReads, bool) {
	head, dec, ok := openPersisted(path)
	if !ok || head.Format != readCacheFormat {
		return persistedReads{}, false
	}
	return decodeBody(head, dec)
}

// openPersisted reads the read cache at path, checks its checksum and decodes
// its head; dec then decodes the rest.
func openPersisted(path string) (head persistedHead, dec *gob.Decoder, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return head, nil, false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxReadCache+1))
	if err != nil || len(b) < 4 || len(b) > maxReadCache {
		return head, nil, false
	}
	body, sum := b[:len(b)-4], b[len(b)-4:]
	if checksum(body) != binary.BigEndian.Uint32(sum) {
		return head, nil, false
	}
	dec = gob.NewDecoder(bytes.NewReader(body))
	if dec.Decode(&head) != nil {
		return head, nil, false
	}
	return head, dec, true
}

// decodeBody decodes the KPIs and weeks after head; ok is false when they do
// not decode or are implausible.
func decodeBody(head persistedHead, dec *gob.Decoder) (persistedReads, bool) {
	var body persistedBody
	if dec.Decode(&body) != nil {
		return persistedReads{}, false
	}
	p := persistedReads{Head: head, KPIs: body.KPIs, Weeks: body.Weeks}
	return p, plausible(p)
}

// plausible checks what the week cache relies on: each week's values sorted
// by KPI (mergeByKPI), weeks distinct, numbers finite, statuses known.
func plausible(p persistedReads) bool {
	for _, k := range p.KPIs {
		if !asDecoded(k) {
			return false
		}
	}
	seen := map[model.Week]bool{}
	for _, pw := range p.Weeks {
		if seen[pw.Week] || !slices.IsSortedFunc(pw.Values, func(a, b persistedValue) int { return cmp.Compare(a.KPIID, b.KPIID) }) {
			return false
		}
		seen[pw.Week] = true
		for _, v := range pw.Values {
			if !finite(v.Number) {
				return false
			}
			if _, ok := model.ParseStatus(string(v.Status)); !ok && v.Status != "" {
				return false
			}
		}
	}
	return true
}

// asDecoded says whether k is as the store's decoding leaves a KPI: its text
// already clean, its key a valid one (or the stand-in for a bad one), its
// numbers finite. A cached KPI that is not was not written by this store.
func asDecoded(k model.KPI) bool {
	for _, text := range append([]string{k.Name, k.Owner, k.Unit, k.Formula, k.Bad, k.UpdatedBy}, k.Tags...) {
		if cleanText(text, false) != text {
			return false
		}
	}
	if cleanText(k.Description, true) != k.Description || (model.ValidKey(k.Key) != nil && !strings.HasPrefix(k.Key, BadKeyPrefix)) {
		return false
	}
	for _, t := range k.Targets {
		if !finite(t.Value) || !finite(t.High) {
			return false
		}
	}
	return finite(k.Tolerance.Amount)
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// checksum is the cache file's CRC-32C (hardware-assisted where the CPU has it).
func checksum(b []byte) uint32 { return crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli)) }

// SaveReads writes the week cache to the read cache (PersistReads) when it
// holds the KPI list and describes the file as it is now; otherwise it does
// nothing. It is a cache: failing to write it costs a full read next time,
// so the caller bounds it with ctx (a writer holding the file must not keep
// an app that quit from exiting).
func (s *Store) SaveReads(ctx context.Context) error {
	c := &s.cache
	c.mu.Lock()
	if c.persist == "" || c.kpis == nil || len(c.weeks) == 0 || (c.saved && c.savedGen == c.gen) {
		c.mu.Unlock()
		return nil
	}
	path, gen, p := c.persist, c.gen, persistedReads{Head: persistedHead{Format: readCacheFormat}, KPIs: c.kpis}
	for _, w := range c.recentWeeks(maxPersistedWeeks) {
		cw := c.weeks[w]
		pw := persistedWeek{Week: w, Values: make([]persistedValue, len(cw.values))}
		for i, k := range cw.values {
			pw.Values[i] = persist(k)
		}
		p.Weeks = append(p.Weeks, pw)
	}
	c.mu.Unlock()
	stamp, now, err := s.stampAndGeneration(ctx)
	if err != nil || stamp == "" || now != gen {
		return err // the file changed since the weeks were read: nothing to keep
	}
	p.Head.Stamp, p.Head.Binary = stamp, executableStamp()
	if err := writePersisted(path, p); err != nil {
		return err
	}
	c.mu.Lock()
	c.saved, c.savedGen = true, gen
	c.mu.Unlock()
	return nil
}

// recentWeeks are up to n of the cached weeks, the most recently used first.
// The caller holds c.mu.
func (c *weekCache) recentWeeks(n int) []model.Week {
	weeks := make([]model.Week, 0, len(c.weeks))
	for w := range c.weeks {
		weeks = append(weeks, w)
	}
	slices.SortFunc(weeks, func(a, b model.Week) int { return cmp.Compare(c.weeks[b].used, c.weeks[a].used) })
	return weeks[:min(n, len(weeks))]
}

// writePersisted writes p to path by rename, with a checksum at the end.
func writePersisted(path string, p persistedReads) error {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	if err := errors.Join(enc.Encode(p.Head), enc.Encode(persistedBody{KPIs: p.KPIs, Weeks: p.Weeks})); err != nil {
		return err
	}
	buf.Write(binary.BigEndian.AppendUint32(nil, checksum(buf.Bytes())))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".reads-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(buf.Bytes())
	if cerr := tmp.Close(); werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return errors.Join(werr, cerr)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
