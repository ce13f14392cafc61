// Package fakestore is the one in-memory team file the ui tests run against. It
// implements ui.Store (and so every view's smaller store) and the undo half of
// ui.History, and behaves like db.Store: writes are version-checked and stamped
// with its clock and user, a stale version is an error wrapping
// model.ErrConflict, a missing row one wrapping model.ErrNotFound, a read-only
// store refuses every write wrapping model.ErrReadOnly, reads come in the db's
// order, and every slice is copied on the way in and out so callers cannot
// reach its state. internal/storecontract runs the same cases against it and
// against a real file, so the two cannot drift apart unnoticed.
//
// Only tests import it; it never imports db, so the ui packages' tests can use it
// without breaking the layering of imports_test.go.
package fakestore

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"kpi/demo"
	"kpi/model"
)

// Options say whose writes these are and when they happen.
type Options struct {
	// Now is the clock of every stamp; the demo team is generated at its first
	// reading. Tests pass a fixed (or stepped) clock; nil is an error of the test.
	Now func() time.Time
	// User is recorded in updated_by, done_by and the change log; "" is "tester".
	User string
}

// Store is an in-memory team file. It is safe for use by several goroutines, as
// the app's commands may run concurrently.
type Store struct {
	mu       sync.Mutex
	ds       model.Dataset
	now      func() time.Time
	user     string
	readOnly string
	writes   int
	log      []logged
	undoing  *model.Change // the change Undo is reversing, so the log says "undo"
}

// New is a store over the demo team (seed 1) generated at opt.Now().
func New(opt Options) *Store {
	return NewFrom(demo.Generate(demo.Options{Seed: 1, Now: opt.Now()}), opt)
}

// NewFrom is a store over ds, copied so the caller keeps its own.
func NewFrom(ds model.Dataset, opt Options) *Store {
	if opt.User == "" {
		opt.User = "tester"
	}
	f := &Store{now: opt.Now, user: opt.User}
	f.ds = cloneDataset(ds)
	return f
}

// SetReadOnly makes every write fail wrapping model.ErrReadOnly with reason, as
// a file opened read-only does ("" makes it writable again).
func (f *Store) SetReadOnly(reason string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.readOnly = reason
}

// ReadOnlyReason is "" when the store can be written, else why not.
func (f *Store) ReadOnlyReason() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.readOnly
}

// Writes is how many writes succeeded, so a test can tell that nothing was saved.
func (f *Store) Writes() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.writes
}

// As runs fn with the store writing as user: another person on the same file.
func (f *Store) As(user string, fn func()) {
	f.mu.Lock()
	old := f.user
	f.user = user
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.user = old
		f.mu.Unlock()
	}()
	fn()
}

// Edit changes the stored dataset directly, without checks, stamps or the change
// log: what another tool writing straight into the file would leave behind.
func (f *Store) Edit(fn func(ds *model.Dataset)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(&f.ds)
}

// Dataset is a copy of everything stored, in the order it was added.
func (f *Store) Dataset() model.Dataset {
	f.mu.Lock()
	defer f.mu.Unlock()
	return cloneDataset(f.ds)
}

// KPIByKey is the stored KPI with key; the test fails when there is none.
func (f *Store) KPIByKey(tb testing.TB, key string) model.KPI {
	tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, k := range f.ds.KPIs {
		if k.Key == key {
			return cloneKPI(k)
		}
	}
	tb.Fatalf("no KPI %q in the store", key)
	return model.KPI{}
}

// ValueOf is the stored value of KPI key in week w, if there is one.
func (f *Store) ValueOf(tb testing.TB, key string, w model.Week) (model.Value, bool) {
	tb.Helper()
	id := f.KPIByKey(tb, key).ID
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.valueIndex(id, w)
	if i < 0 {
		return model.Value{}, false
	}
	return f.ds.Values[i], true
}

// ReviewOf is the stored review of week w; the test fails when there is none.
func (f *Store) ReviewOf(tb testing.TB, w model.Week) model.Review {
	tb.Helper()
	r, ok, _ := f.Review(w)
	if !ok {
		tb.Fatalf("no review of %s in the store", w)
	}
	return r
}

// ActionItem is the stored action item id, if there is one.
func (f *Store) ActionItem(id int64) (model.ActionItem, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.actionIndex(id)
	if i < 0 {
		return model.ActionItem{}, false
	}
	return f.ds.ActionItems[i], true
}

// clock is the store's time in UTC, as the db stamps rows.
func (f *Store) clock() time.Time { return f.now().UTC() }

// writable refuses writes to a read-only store with the db's words.
func (f *Store) writable() error {
	if f.readOnly != "" {
		return fmt.Errorf("nothing was saved: %w (%s)", model.ErrReadOnly, f.readOnly)
	}
	return nil
}

// stamp moves s to its next version, saved now by the store's user.
func (f *Store) stamp(s model.Stamp) model.Stamp {
	now := f.clock()
	if s.CreatedAt.IsZero() {
		s.CreatedAt = now
	}
	s.Version++
	s.UpdatedAt, s.UpdatedBy = now, f.user
	return s
}

// nextID is one more than the largest id among rows.
func nextID[T any](rows []T, id func(T) int64) int64 {
	var top int64
	for _, r := range rows {
		top = max(top, id(r))
	}
	return top + 1
}

// Cloning: every slice inside a row is copied, so neither the caller nor the
// store can change the other's rows.

func cloneKPI(k model.KPI) model.KPI {
	k.Targets = slices.Clone(k.Targets)
	k.Tags = slices.Clone(k.Tags)
	return k
}

func cloneReview(r model.Review) model.Review {
	r.Attendees = slices.Clone(r.Attendees)
	r.ReviewedKPIs = slices.Clone(r.ReviewedKPIs)
	r.Checklist = slices.Clone(r.Checklist)
	return r
}

func cloneSettings(st model.Settings) model.Settings {
	st.Checklist = slices.Clone(st.Checklist)
	return st
}

func cloneAll[T any](rows []T, clone func(T) T) []T {
	if rows == nil {
		return nil
	}
	out := make([]T, len(rows))
	for i, r := range rows {
		out[i] = clone(r)
	}
	return out
}

func cloneDataset(ds model.Dataset) model.Dataset {
	ds.Settings = cloneSettings(ds.Settings)
	ds.Objectives = slices.Clone(ds.Objectives)
	ds.KPIs = cloneAll(ds.KPIs, cloneKPI)
	ds.Values = slices.Clone(ds.Values)
	ds.Reviews = cloneAll(ds.Reviews, cloneReview)
	ds.ActionItems = slices.Clone(ds.ActionItems)
	ds.Events = slices.Clone(ds.Events)
	return ds
}

// Orders of the db's reads: KPIs OMTM first, then key KPIs, then health
// metrics, by key; action items open first, then by due week and id.

func compareKPIs(a, b model.KPI) int {
	rank := func(k model.KPI) int {
		if k.Tier == model.TierKey {
			return 0
		}
		return 1
	}
	if a.OMTM != b.OMTM {
		if a.OMTM {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Key, b.Key))
}

func compareActions(a, b model.ActionItem) int {
	done := func(a model.ActionItem) int {
		if a.Done {
			return 1
		}
		return 0
	}
	return cmp.Or(cmp.Compare(done(a), done(b)), cmp.Compare(a.Due.String(), b.Due.String()), cmp.Compare(a.ID, b.ID))
}
