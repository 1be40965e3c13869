package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/aenets/aenets/internal/setting"
)

// env is where a command writes: standard output for results, standard
// error for progress; tests substitute buffers.
type env struct {
	stdout, stderr io.Writer
	tty            bool // stderr is a terminal: draw a progress bar
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
				return fmt.Errorf("%s takes no arguments, only flags: %q (see aenets %s --help)", name, c.Args().First(), name)
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
