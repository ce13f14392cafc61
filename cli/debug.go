package cli

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/log"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

// discardLog is the logger when --debug is off: every call is a no-op.
func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

// debugPath is the debug log asked for: --debug FILE, else $KPI_DEBUG; "" is none.
func debugPath(env *Env, g *globals) string {
	if p := strings.TrimSpace(g.debug); p != "" {
		return p
	}
	return strings.TrimSpace(env.Getenv("KPI_DEBUG"))
}

// openDebugLog appends a charmbracelet/log logger's lines to the file at path:
// what the commands and the app do, loads and writes with their timings, retries
// on a busy file, refreshes and recovered panics. A terminal is refused: the app
// draws on the terminal, and a log line written there would tear its screen.
func openDebugLog(path string) (*slog.Logger, io.Closer, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot open the debug log: %v", err)
	}
	if isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()) {
		f.Close()
		return nil, nil, fmt.Errorf("the debug log %s is a terminal; give --debug a file, so nothing is written over the app", path)
	}
	l := log.NewWithOptions(f, log.Options{
		Level:           log.DebugLevel,
		ReportTimestamp: true,
		TimeFormat:      "2006-01-02T15:04:05.000Z07:00",
		Formatter:       log.LogfmtFormatter,
	})
	return slog.New(l), f, nil
}

// startDebugLog is the root's PersistentPreRunE: it opens the debug log when one
// is asked for and records the command being run. It closes with Main's run.
func startDebugLog(env *Env, g *globals) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		p := debugPath(env, g)
		if p == "" {
			return nil
		}
		l, closer, err := openDebugLog(p)
		if err != nil {
			return err
		}
		env.Log, env.logCloser, env.debugFile = l, closer, p
		env.Log.Info("start", "command", cmd.CommandPath(), "args", len(args), "pid", os.Getpid())
		return nil
	}
}

// endDebugLog records how the run ended and closes the log.
func endDebugLog(env *Env, start time.Time, code int) {
	if env.logCloser == nil {
		return
	}
	env.Log.Info("end", "exit", code, "took", time.Since(start))
	env.logCloser.Close()
	env.Log, env.logCloser = discardLog(), nil
}
