package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/aenets/aenets/internal/interrupt"
	"github.com/aenets/aenets/internal/setting"
)

// env is where a command writes: standard output for results, standard
// error for progress; tests substitute buffers.
type env struct {
	stdout, stderr io.Writer
	tty            bool       // stderr is a terminal: draw a progress bar
	cols           func() int // its width (nil: 80)

	stop    <-chan struct{}    // tests: stops training as a first interrupt would (nil: the signals do)
	watcher *interrupt.Watcher // SIGINT and SIGTERM, once a command trains
	resume  string             // the run folder `aenets resume` goes on with ("": a new run)
}

// interruptible makes the first SIGINT or SIGTERM stop training gracefully
// from now on (the epoch ends, the checkpoint and the run folder are
// written, and main exits with 130 or 143), the second exit at once; it
// returns the channel training.Config.Stop watches.
func (e *env) interruptible() <-chan struct{} {
	if e.stop != nil {
		return e.stop
	}
	if e.watcher == nil {
		e.watcher = interrupt.Watch(func(s os.Signal) {
			fmt.Fprintf(e.stderr, "\naenets: %v: finishing the epoch, then writing the run folder (%v again quits at once)\n", s, s)
		}, os.Exit)
	}
	return e.watcher.Stop()
}

func defaultEnv() *env {
	fd := int(os.Stderr.Fd())
	return &env{stdout: os.Stdout, stderr: os.Stderr, tty: term.IsTerminal(fd), cols: func() int {
		if w, _, err := term.GetSize(fd); err == nil && w > 0 {
			return w
		}
		return 80
	}}
}

// say prints a result line unless quiet.
func (e *env) say(quiet bool, format string, args ...any) {
	if !quiet {
		fmt.Fprintf(e.stdout, format, args...)
	}
}

// done says what a command wrote: with --quiet only the path of its
// folder, for scripts, else the line about it.
func (e *env) done(quiet bool, dir, format string, args ...any) {
	if quiet {
		fmt.Fprintln(e.stdout, dir)
		return
	}
	fmt.Fprintf(e.stdout, format, args...)
}

func newApp(e *env) *cli.App {
	app := &cli.App{
		Name:      "aenets",
		Usage:     "autoencoders with automatic differentiation, in Go",
		Version:   version(),
		Writer:    e.stdout,
		ErrWriter: e.stderr,
		Commands: quietUsage(
			aeCommand(e),
			daeCommand(e),
			matrixCommand(e),
			vaeCommand(e),
			sampleCommand(e),
			interpolateCommand(e),
			outliersCommand(e),
			gradcheckCommand(e),
			compareCommand(e),
			resumeCommand(e),
			completionCommand(e),
		),
		EnableBashCompletion: true,
		Suggest:              true,
		// Errors are printed once, by main, as one line.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{fmt.Errorf("%w (see --help)", err)}
		},
	}
	// The root runs when no command matched: help, or an unknown command.
	app.Action = func(c *cli.Context) error {
		if !c.Args().Present() {
			return cli.ShowAppHelp(c)
		}
		name := c.Args().First()
		msg := fmt.Sprintf("no command %q", name)
		if s := closestCommand(app.Commands, name); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return usageError{fmt.Errorf("%s (see aenets --help)", msg)}
	}
	return app
}

// usageError is a command line that names no command, an unknown flag or a
// value that does not parse: main exits with status 2 for it, 1 for every
// other error.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// closestCommand is the command name nearest to name by edit distance, if
// it is near enough (at most half its letters differ).
func closestCommand(cmds []*cli.Command, name string) string {
	best, bestD := "", len(name)/2+1
	for _, c := range cmds {
		if c.Hidden {
			continue
		}
		if d := editDistance(name, c.Name); d < bestD {
			best, bestD = c.Name, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// version is the module's version and the VCS revision it was built from,
// as the Go toolchain recorded them.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	var rev, modified, at string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		case "vcs.time":
			at = s.Value
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v += " (" + rev
		if modified == "true" {
			v += ", modified"
		}
		if at != "" {
			v += ", " + at
		}
		v += ")"
	}
	return v + ", " + bi.GoVersion
}

// quietUsage makes a command's usage errors (an unknown flag, a value that
// does not parse) come back as errors, printed once by main, instead of
// urfave/cli printing them with the whole help text.
func quietUsage(cmds ...*cli.Command) []*cli.Command {
	for _, c := range cmds {
		c.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
			return usageError{fmt.Errorf("%s: %w (see aenets %s --help)", c.Name, err, c.Name)}
		}
	}
	return cmds
}

// newCommand is a command whose flags are its groups' options: its action
// loads them (from the command line, the environment and --config), has
// every group check its settings, then runs run with the set of options
// given. A library's *setting.Error comes back naming its flag.
func newCommand(name, usage, description string, groups []group, run func(given map[string]bool) error) *cli.Command {
	opts := optionsOf(groups)
	return &cli.Command{
		Name: name, Usage: usage, Description: description, Flags: opts.flags(),
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usageError{fmt.Errorf("%s takes no arguments, only flags: %q (see aenets %s --help)", name, c.Args().First(), name)}
			}
			given, err := opts.load(c, name)
			if err != nil {
				return err
			}
			for _, g := range groups {
				if err := g.check(given); err != nil {
					return flagError(err, opts)
				}
			}
			return flagError(run(given), opts)
		},
	}
}

// flagError words a library's *setting.Error as its flag: "--lr 0: want a
// learning rate > 0".
func flagError(err error, opts options) error {
	var e *setting.Error
	if errors.As(err, &e) && slices.ContainsFunc(opts, func(o option) bool { return o.name == e.Name }) && err == error(e) {
		return fmt.Errorf("--%w", err)
	}
	return err
}

// optionsOf lists the options of groups, in order.
func optionsOf(groups []group) options {
	var opts options
	for _, g := range groups {
		opts = append(opts, g.options()...)
	}
	return opts
}
