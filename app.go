package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"

	"kpi/cli"
	"kpi/db"
	"kpi/model"
	"kpi/report"
	"kpi/ui"
	"kpi/ui/frame"
)

// The app reads and writes the team file only through ui.Store; this line keeps
// the db implementation in step with it.
var _ ui.Store = (*db.Store)(nil)

// app hands the command line's open store to the ui. It is the one place that
// knows both db and ui (house-style.md).
type app struct{}

func (a app) options(st *db.Store, o cli.AppOptions, r *lipgloss.Renderer) (ui.Options, error) {
	keys, err := rebound(o.Keys)
	if err != nil {
		return ui.Options{}, err
	}
	return ui.Options{Store: st, Path: o.Path, OnServer: o.OnServer, User: o.User, Theme: o.Theme, ThemeExplicit: o.ThemeExplicit, NoColor: o.NoColor,
		Renderer: r, Now: o.Now, Week: o.Week, Notice: o.Notice, Warning: o.Warning, DailyBackup: o.DailyBackup,
		IntegrityCheck: o.IntegrityCheck, Keys: &keys, Log: o.Log, Reports: report.Files{Source: st, TeamPath: o.Path}}, nil
}

// rebound is the app's key maps with the personal config's overrides applied;
// a refusal comes back as the command line's KeyProblem, which names the line.
func rebound(overrides []cli.KeyOverride) (ui.Keys, error) {
	in := make([]ui.KeyOverride, len(overrides))
	for i, o := range overrides {
		in[i] = ui.KeyOverride{Scope: o.Scope, Name: o.Name, Keys: o.Keys, Line: o.Line}
	}
	keys, err := ui.DefaultKeys().Rebind(in)
	var ke *ui.KeyError
	if errors.As(err, &ke) {
		return keys, &cli.KeyProblem{Line: ke.Line, Msg: ke.Msg}
	}
	return keys, err
}

// KeyBindings lists every binding of every scope after the overrides, marking
// the ones an override set by its line.
func (app) KeyBindings(overrides []cli.KeyOverride) ([]cli.KeyRow, error) {
	keys, err := rebound(overrides)
	if err != nil {
		return nil, err
	}
	lines := map[string]int{}
	for _, o := range overrides {
		lines[o.Scope+"."+o.Name] = o.Line
	}
	var rows []cli.KeyRow
	for _, s := range keys.Scopes() {
		for _, b := range s.Bindings() {
			rows = append(rows, cli.KeyRow{Scope: s.Name, Name: b.Name, Keys: b.Binding.Help().Key, Help: b.Binding.Help().Desc, Line: lines[s.Name+"."+b.Name]})
		}
	}
	return rows, nil
}

// watcher gives the app what live refresh needs from the db.
type watcher struct{ *db.Store }

// ChangesAfter is the change log after id, newest first (at most 50: a toast
// names the newest and counts the rest).
func (w watcher) ChangesAfter(id int64) ([]model.Change, error) {
	return w.Changes(db.ChangeFilter{AfterID: id, Limit: 50})
}

// presence registers the app's session under this process's id.
type presence struct{ *db.Store }

func (p presence) Register() (int64, error) {
	se, err := p.RegisterSession(os.Getpid())
	return se.ID, err
}
func (p presence) Heartbeat(id int64) error { return p.Store.Heartbeat(id) }
func (p presence) End(id int64) error       { return p.EndSession(id) }

// history gives the app the change log of what is selected, and undo.
type history struct{ *db.Store }

// History reads a KPI's changes (its definition and values), an objective's, a
// review's (its own and its checklist items'), or the whole file's.
func (h history) History(of frame.Selection, limit int) ([]model.Change, error) {
	switch of.Kind {
	case "kpi":
		return h.KPIHistory(of.ID, limit)
	case "objective":
		return h.Changes(db.ChangeFilter{Entity: "objective", EntityID: of.ID, Limit: limit})
	case "review":
		out, err := h.Changes(db.ChangeFilter{Entity: "review", EntityID: of.ID, Limit: limit})
		if err != nil {
			return nil, err
		}
		r, ok, err := h.Review(of.Week)
		if err != nil || !ok {
			return out, err
		}
		for _, it := range r.Checklist {
			cs, err := h.Changes(db.ChangeFilter{Entity: "checklist", EntityID: it.ID, Limit: limit})
			if err != nil {
				return nil, err
			}
			out = append(out, cs...)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID })
		return out[:min(len(out), limit)], nil
	}
	return h.Changes(db.ChangeFilter{Limit: limit})
}

// Undo reverses a change; a refusal because someone changed the row since names
// them in words the footer can show.
func (h history) Undo(id int64) (model.Change, error) {
	c, err := h.Store.Undo(id)
	var ce *db.ConflictError
	if errors.As(err, &ce) {
		who := ce.By
		if who == "" {
			who = "someone else"
		}
		return c, fmt.Errorf("%s changed it after you, so nothing was undone: %w", who, model.ErrConflict)
	}
	return c, err
}

// keptWeeks is how many weeks of values the app's store keeps between reads: the
// root's window and the Scorecard's widest, with room to step back and forth.
// On the large demo (1,000 KPIs) that is about 8 MB.
const keptWeeks = 64

// appMemoryLimit keeps the app's heap, and with it its resident memory, inside
// spec §7's 100 MB on the large demo. About 30 MB is live there (the weeks kept,
// the week shown, a 52-week Scorecard), and Go's collector would otherwise let
// the heap grow to twice that, and more while a week loads, before it collects. GOMEMLIMIT, when set, wins.
const appMemoryLimit = 64 << 20

// saveReadsWait bounds each save of the read cache: it is a cache, and a file
// another writer holds must not keep an app that quit from exiting.
const saveReadsWait = time.Second

// snapshotGCPercent is the collector's GOGC for `kpi snapshot` (see Snapshot)
// and for the app until its first frame (see Run).
const snapshotGCPercent = 400

// Run runs the app in the terminal.
func (a app) Run(st *db.Store, o cli.AppOptions) error {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(appMemoryLimit)
	}
	st.KeepWeeks(keptWeeks)
	st.PersistReads(o.ReadCache)
	opt, err := a.options(st, o, appRenderer(o.NoColor, os.Stdout))
	if err != nil {
		return err
	}
	restoreGC := func() {}
	if os.Getenv("GOGC") == "" {
		// Until the first week is on screen the collector runs a quarter as
		// often (the memory limit still bounds the heap): on the large demo it
		// was a good part of the time before the first frame.
		prev := debug.SetGCPercent(snapshotGCPercent)
		restoreGC = func() { debug.SetGCPercent(prev) }
	}
	// After the first frame the week's reads are kept for the next open
	// (db/readcache.go), in the background; and again on quit, when the file
	// changed meanwhile, so the next open finds the file as this one left it.
	var saving sync.WaitGroup
	save := func() {
		ctx, cancel := context.WithTimeout(context.Background(), saveReadsWait)
		defer cancel()
		st.SaveReads(ctx)
	}
	opt.FirstFrame = func() {
		restoreGC()
		saving.Add(1)
		go func() { defer saving.Done(); save() }()
	}
	opt.Watch, opt.PollEvery = watcher{st}, ui.DefaultPollEvery
	opt.Presence, opt.History = presence{st}, history{st}
	err = ui.Run(opt)
	saving.Wait()
	save()
	return err
}

// Snapshot draws one frame with a renderer of a fixed profile: plain text, or
// true colour with --color, whatever terminal (or none) is attached.
func (a app) Snapshot(st *db.Store, o cli.AppOptions, s cli.SnapshotRequest) (string, error) {
	r := lipgloss.NewRenderer(io.Discard)
	if s.Color {
		r.SetColorProfile(termenv.TrueColor)
	} else {
		r.SetColorProfile(termenv.Ascii)
	}
	// A snapshot draws one frame and exits, and its garbage goes with the
	// process: collecting a quarter as often as Go would saves a quarter of its
	// CPU on the large demo, for a peak near 55 MB there. GOGC, when set, wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(snapshotGCPercent)
	}
	// The Review reads 26 weeks, 17 of which the root read just before: keeping
	// them makes its read nine weeks. (KeepWeeks starts from nothing kept.)
	st.KeepWeeksUnwatched(keptWeeks)
	opt, err := a.options(st, o, r)
	if err != nil {
		return "", err
	}
	return ui.Snapshot(opt, ui.Shot{View: s.View, KPI: s.KPI, Width: s.Width, Height: s.Height})
}

// appRenderer is what the running app draws with: the terminal's own renderer,
// except under NO_COLOR on a terminal. There termenv would drop every
// attribute with the colours, and with them the text cursor (reverse video)
// and what tells a placeholder from a value (faint); NO_COLOR asks for no
// colour, and the mono theme has none, so the app keeps the attributes.
func appRenderer(noColor bool, out *os.File) *lipgloss.Renderer {
	if !noColor {
		return nil
	}
	r := lipgloss.NewRenderer(out)
	if r.ColorProfile() == termenv.Ascii && term.IsTerminal(out.Fd()) {
		r.SetColorProfile(termenv.ANSI)
	}
	return r
}
