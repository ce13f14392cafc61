// Package cli is the command-line half of kpi: one cobra command per subcommand of
// spec §4, each opening the team file through db and speaking in model types. It
// owns exit codes and the one-line error style, so no command prints a stack trace.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"kpi/db"
	"kpi/model"
	"kpi/themes"
)

// Exit codes of spec §4.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
	ExitDue   = 3 // `kpi due --exit-code` found missing values
	ExitBusy  = 4 // the file stayed busy: nothing was saved
)

// Env is what a command needs from the outside world. Main passes the real one;
// tests pass buffers and a fixed clock.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    func() time.Time
	// App is the interactive app, which main wires in. Nil in tests that need no
	// app: `kpi` and `kpi demo` then say how to look at the file instead.
	App App
	// Log is the debug log (--debug FILE or $KPI_DEBUG): commands, the store and
	// the app record what they do in it. Main makes it a no-op logger when no
	// log was asked for, so it is never nil inside a command.
	Log       *slog.Logger
	logCloser io.Closer
	debugFile string // the debug log's path, for messages

	// the personal config, read once per run (loadConfig), and what its
	// migration from JSON told the user, for the app's first notice
	config       *personalConfig
	configErr    error
	configNotice string
}

// usageError marks a mistake in how a command was called (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// exitError carries a specific exit code with its message ("" prints nothing).
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

// Main runs kpi with the given arguments (without the program name) and returns
// the process exit code. Errors are printed to Stderr as one line "kpi: …".
//
// Everything a command prints goes through a safeWriter (safeout.go), so no
// escape sequence read from the team file or given in an argument reaches the
// terminal; and a panic in any command is caught here and printed as one line.
func Main(args []string, env Env) (code int) {
	stdout, stderr := newSafeWriter(env.Stdout), newSafeWriter(env.Stderr)
	env.Stdout, env.Stderr = stdout, stderr
	var root *cobra.Command
	defer func() {
		if r := recover(); r != nil {
			_ = stdout.Flush()
			code = internalError(&env, commandName(root, args), r)
		}
		_ = stdout.Flush()
		_ = stderr.Flush()
	}()
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	now, err := pinnedClock(env.Getenv, env.Now)
	if err != nil {
		return report(env.Stderr, err)
	}
	env.Now = now
	if env.Log == nil {
		env.Log = discardLog()
	}
	start := time.Now()
	root, g := newRoot(&env)
	if completing(args) {
		registerCompletions(root, &env, g)
	}
	root.SetArgs(protectNegativeValues(args))
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetIn(env.Stdin)
	err = root.Execute()
	if err != nil {
		env.Log.Error("failed", "err", err)
	}
	code = report(env.Stderr, err)
	endDebugLog(&env, start, code)
	return code
}

// ExitInternal is the exit code of a command that stopped on a bug in kpi (a
// recovered panic) rather than on bad input.
const ExitInternal = ExitError

// internalError prints a recovered panic as one line — no stack trace, which
// would only scare and could echo the file's text — and gives its exit code.
// The stack goes to the debug log when there is one, and the line says where.
func internalError(env *Env, command string, recovered any) int {
	where := ""
	if env.Log != nil && env.logCloser != nil {
		env.Log.Error("internal error", "command", command, "panic", fmt.Sprint(recovered), "stack", string(debug.Stack()))
		where = "; the debug log " + shownPath(env.debugFile) + " has the details"
		endDebugLog(env, time.Now(), ExitInternal)
	}
	fmt.Fprintf(env.Stderr, "kpi: internal error in %s: %s%s; nothing more was done, please report it\n",
		command, oneLine(fmt.Sprint(recovered)), where)
	return ExitInternal
}

// commandName is the command args run ("kpi list"; "kpi" for the app), for
// messages.
func commandName(root *cobra.Command, args []string) string {
	if root == nil {
		return "kpi"
	}
	cmd, _, err := root.Find(protectNegativeValues(args))
	if err != nil || cmd == nil {
		return "kpi"
	}
	return model.Sanitize(cmd.CommandPath(), false)
}

// report prints err as one line and maps it to an exit code.
func report(w io.Writer, err error) int {
	if err == nil {
		return ExitOK
	}
	var ee exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(w, "kpi: "+oneLine(ee.msg))
		}
		return ee.code
	}
	code := ExitError
	var ue usageError
	switch {
	case errors.As(err, &ue):
		code = ExitUsage
	case errors.Is(err, db.ErrBusy):
		code = ExitBusy
	case isCobraUsage(err):
		code = ExitUsage
	}
	fmt.Fprintln(w, "kpi: "+oneLine(err.Error()))
	return code
}

// isCobraUsage recognises the errors cobra itself returns for a wrong command line.
func isCobraUsage(err error) bool {
	m := err.Error()
	return strings.HasPrefix(m, "unknown command") || strings.HasPrefix(m, "unknown flag") ||
		strings.HasPrefix(m, "unknown shorthand flag") || strings.Contains(m, "flag needs an argument") ||
		strings.HasPrefix(m, "invalid argument") || strings.Contains(m, "accepts ") || strings.Contains(m, "requires at least")
}

// oneLine keeps error output to a single line of plain text.
// Text in a message can come from the file or an argument, so it is cleaned of
// escapes and controls here too, before Main's writer sees it.
func oneLine(s string) string {
	return strings.Join(strings.Fields(model.Sanitize(s, false)), " ")
}

// negativeValue matches a VALUE argument such as -3, -1.5k or -$1,200, which the
// flag parser would otherwise take for a shorthand flag.
var negativeValue = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^-[$€£]?[0-9.]`) })

// protectNegativeValues moves negative numbers of `kpi set` behind "--" so that
// `kpi set churn -3 --week 2026-W47` means the value -3, keeping positional order.
func protectNegativeValues(args []string) []string {
	if len(args) == 0 || args[0] != "set" {
		return args
	}
	var rest, moved []string
	for i, a := range args {
		if a == "--" {
			rest = append(rest, args[i:]...)
			return append(rest, moved...)
		}
		if negativeValue().MatchString(a) {
			moved = append(moved, a)
			continue
		}
		rest = append(rest, a)
	}
	if len(moved) == 0 {
		return args
	}
	return append(append(rest, "--"), moved...)
}

// globals are the flags every subcommand takes.
type globals struct {
	dbPath string
	wait   time.Duration
	theme  string
	debug  string
	// appWeek is `kpi --week W`: the week the app opens on (empty: this week)
	appWeek string
	// afterRead is the integrity check a read command left for after its
	// output (openReading); the root runs it when the command succeeded.
	afterRead func(context.Context) error
}

func newRoot(env *Env) (*cobra.Command, *globals) {
	g := &globals{}
	root := &cobra.Command{
		Use:   "kpi",
		Short: "A team's weekly KPI review in the terminal",
		Long: "kpi keeps a team's objectives, KPIs, weekly values, reviews and action items in one\n" +
			"SQLite file on a shared drive. Owners enter this week's numbers with `kpi set`;\n" +
			"on review day the team walks through them together.",
		SilenceErrors:     true,
		SilenceUsage:      true,
		Args:              noArgs,
		PersistentPreRunE: startDebugLog(env, g),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runApp(cmd, env, g)
		},
		PersistentPostRunE: func(*cobra.Command, []string) error { return checkAfterRead(g) },
	}
	root.PersistentFlags().StringVar(&g.dbPath, "db", "", "the team file (default: $KPI_DB, your config's default file, then ./kpi.db)")
	root.PersistentFlags().DurationVar(&g.wait, "wait", 5*time.Second, "how long a write waits for a busy file before giving up")
	root.PersistentFlags().StringVar(&g.theme, "theme", "", "colour theme: "+strings.Join(themes.Names(), ", ")+" (default: $KPI_THEME, your config, the team's)")
	root.PersistentFlags().StringVar(&g.debug, "debug", "", "append a log of what kpi does (loads and their timings, writes, retries, refreshes) to FILE (default: $KPI_DEBUG)")
	root.Flags().StringVar(&g.appWeek, "week", "", "open the app on this week: ISO week like 2026-W47, or a date (default: this week)")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usagef("%v; see `%s --help`", err, cmd.CommandPath())
	})
	root.AddCommand(
		newInitCmd(env, g),
		newTeamsCmd(env, g), newGrantCmd(env, g), newCopyCmd(env, g),
		newDemoCmd(env, g),
		newSetCmd(env, g),
		newListCmd(env, g),
		newDueCmd(env, g),
		newImportCmd(env, g),
		newExportCmd(env, g),
		newHistoryCmd(env, g),
		newEventCmd(env, g),
		newDoctorCmd(env, g), newBackupCmd(env, g),
		newVersionCmd(env),
		newSnapshotCmd(env, g),
		newReportCmd(env, g),
		newConfigCmd(env, g),
		newManCmd(env),
	)
	root.CompletionOptions.HiddenDefaultCmd = false
	return root, g
}

// noArgs refuses stray arguments with a usage error (exit 2), suggesting the
// command a typo most likely meant ("kpi lsit": did you mean `kpi list`?). The
// root runs the app, so cobra takes an unknown command for an argument and
// never makes its own suggestion.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	path := cmd.CommandPath()
	if s := suggestCommands(cmd, args[0]); len(s) > 0 {
		return usagef("unknown command %q for %q; did you mean `%s %s`? See `%s --help`", args[0], path, path, strings.Join(s, "` or `"+path+" "), path)
	}
	return usagef("unknown command %q for %q; see `%s --help`", args[0], path, path)
}

// suggestCommands are cmd's subcommands closest to typed: those it begins, or
// else those at the fewest edits (at most 2), where swapping two neighbouring
// letters is one edit, so "lsit" is one from "list" and two from "init".
func suggestCommands(cmd *cobra.Command, typed string) []string {
	typed = strings.ToLower(typed)
	best, out := 3, []string(nil)
	for _, c := range cmd.Commands() {
		if !c.IsAvailableCommand() {
			continue
		}
		d := editDistance(typed, c.Name())
		if len(typed) >= 2 && strings.HasPrefix(c.Name(), typed) {
			d = 0
		}
		switch {
		case d > 2:
		case d < best:
			best, out = d, []string{c.Name()}
		case d == best:
			out = append(out, c.Name())
		}
	}
	return out
}

// editDistance is the optimal string alignment distance of a and b: the
// insertions, deletions, substitutions and swaps of neighbours that make one
// the other. Typos of commands and of KPI keys (kpiref.go) are ranked by it.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// argsBetween checks the number of positional arguments with a usage error.
func argsBetween(min, max int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < min || len(args) > max {
			return usagef("usage: %s %s", cmd.CommandPath(), names)
		}
		return nil
	}
}

// runApp is what `kpi` alone does: open the app on the team file.
func runApp(cmd *cobra.Command, env *Env, g *globals) error {
	if _, err := weekFlag(env, g.appWeek); err != nil {
		return err // before anything is opened
	}
	path, err := resolvePath(env, g)
	if err != nil {
		return err
	}
	return openApp(cmd, env, g, path)
}

// openApp runs the app on the file at path, or without an app says how to look
// at the file instead.
func openApp(cmd *cobra.Command, env *Env, g *globals, path string) error {
	opt := storeOptions(env, g)
	opt.DeferCheck = true // the app checks after its first frame
	st, err := db.Open(path, opt)
	if err != nil {
		return err
	}
	defer st.Close()
	if env.App == nil {
		fmt.Fprintf(cmd.OutOrStdout(), "Look at it with: kpi list --db %s\n", shellQuote(path))
		return nil
	}
	o, err := appOptions(env, g, st)
	if err != nil {
		return err
	}
	if g.appWeek != "" {
		if o.Week, err = weekFlag(env, g.appWeek); err != nil {
			return err
		}
	}
	o.DailyBackup = func() error {
		_, _, err := dailyBackup(env, st)
		return err
	}
	o.Warning = placeWarning(path)
	if st.CheckPending() {
		o.IntegrityCheck = st.CheckIntegrity
	}
	return env.App.Run(st, o)
}

// shellQuote quotes a path for a command the user may copy. A path holding
// characters a terminal would act on (escapes, controls, bidi overrides) is
// written in bash's $'…' form with those characters as \xNN or \uNNNN, so it
// is still the same path when pasted back, and harmless on screen.
func shellQuote(p string) string {
	if regexp.MustCompile(`^[A-Za-z0-9_./:@+-]+$`).MatchString(p) {
		return p
	}
	if model.Sanitize(p, false) != p {
		q := strconv.QuoteToASCII(p)
		return "$'" + strings.ReplaceAll(q[1:len(q)-1], "'", `\'`) + "'"
	}
	return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
}

// shownPath is a path as a message shows it: as given, or Go-quoted with its
// escapes and controls visible as \x1b, \u202e… when it holds any, so the
// message neither drives the terminal nor names a different file.
func shownPath(p string) string {
	if model.Sanitize(p, false) == p {
		return p
	}
	return strconv.QuoteToASCII(p)
}
