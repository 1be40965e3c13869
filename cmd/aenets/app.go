package main

import (
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/aenets/aenets/internal/interrupt"
)

// env is where a command writes: standard output for results, standard
// error for progress; tests substitute buffers.
type env struct {
	stdout, stderr io.Writer
	tty            bool // stderr is a terminal: draw a progress bar

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
	return &env{stdout: os.Stdout, stderr: os.Stderr, tty: term.IsTerminal(int(os.Stderr.Fd()))}
}

// say prints a result line unless quiet.
func (e *env) say(quiet bool, format string, args ...any) {
	if !quiet {
		fmt.Fprintf(e.stdout, format, args...)
	}
}

func newApp(e *env) *cli.App {
	return &cli.App{
		Name:      "aenets",
		Usage:     "autoencoders with automatic differentiation, in Go",
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
		),
		// Errors are printed once, by main, as one line.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return fmt.Errorf("%w (see --help)", err)
		},
	}
}

// quietUsage makes a command's usage errors (an unknown flag, a value that
// does not parse) come back as errors, printed once by main, instead of
// urfave/cli printing them with the whole help text.
func quietUsage(cmds ...*cli.Command) []*cli.Command {
	for _, c := range cmds {
		c.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
			return fmt.Errorf("%s: %w (see aenets %s --help)", c.Name, err, c.Name)
		}
	}
	return cmds
}

// newCommand is a command whose flags are opts: its action loads them (from
// the command line, the environment and --config) and runs run with the
// set of options given.
func newCommand(name, usage, description string, opts options, run func(given map[string]bool) error) *cli.Command {
	return &cli.Command{
		Name: name, Usage: usage, Description: description, Flags: opts.flags(),
		Action: func(c *cli.Context) error {
			given, err := opts.load(c, name)
			if err != nil {
				return err
			}
			return run(given)
		},
	}
}
