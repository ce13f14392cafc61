package cli

import (
	"bytes"
	"io"

	"kpi/model"
)

// safeWriter is the command line's trust boundary on the way out: Main wraps
// Env.Stdout and Env.Stderr in one, so every byte any command prints — table,
// JSON, CSV, Markdown, a path echoed in a message, cobra's own help and errors —
// reaches the terminal as printable text, newlines and tabs only. A new command
// cannot bypass it: it only ever gets these writers.
//
// Text is cleaned a line at a time (model.Sanitize keeping \n and \t), so an
// escape sequence split across two writes is still seen whole; the part after
// the last newline waits for the next write or for Flush. Removing characters
// never breaks JSON or CSV: encoding/json already escapes C0 controls, and what
// is removed (C1 controls, bidi overrides and isolates, escape sequences) can
// only sit inside a string or a cell, never in the syntax around it.
type safeWriter struct {
	w       io.Writer
	pending []byte
	// styled keeps SGR sequences (kpi's own colours) and removes every other
	// escape: for `kpi snapshot --color`, whose frame the app styled itself
	// from text cleaned before styling.
	styled bool
}

// newSafeWriter wraps w; a nil w stays a writer that discards.
func newSafeWriter(w io.Writer) *safeWriter {
	if w == nil {
		w = io.Discard
	}
	return &safeWriter{w: w}
}

// Write cleans and writes every complete line of p and keeps the rest.
//
// Only p is searched for the newline, so a long line written in many small
// pieces (tabwriter pads a wide column 8 bytes at a time) costs linear time.
func (s *safeWriter) Write(p []byte) (int, error) {
	s.pending = append(s.pending, p...)
	if bytes.IndexByte(p, '\n') < 0 {
		return len(p), nil
	}
	last := bytes.LastIndexByte(s.pending, '\n')
	if err := s.emit(s.pending[:last+1]); err != nil {
		return 0, err
	}
	s.pending = append(s.pending[:0], s.pending[last+1:]...)
	return len(p), nil
}

// Flush cleans and writes what is left after the last newline.
func (s *safeWriter) Flush() error {
	if len(s.pending) == 0 {
		return nil
	}
	err := s.emit(s.pending)
	s.pending = s.pending[:0]
	return err
}

// emit cleans text of whole lines and writes it.
func (s *safeWriter) emit(text []byte) error {
	var clean string
	if s.styled {
		clean = model.SanitizeStyled(string(text))
	} else {
		clean = model.Sanitize(string(text), true)
	}
	_, err := io.WriteString(s.w, clean)
	return err
}

// styledOutput is where a command writes text kpi styled itself (ANSI colour):
// a writer that keeps SGR sequences and removes every other escape. Flush it
// when done. Outside Main's writers (a test's buffer) it is w, cleaned the same.
func styledOutput(w io.Writer) *safeWriter {
	if sw, ok := w.(*safeWriter); ok {
		_ = sw.Flush() // keep the order of what was written before
		w = sw.w
	}
	out := newSafeWriter(w)
	out.styled = true
	return out
}
