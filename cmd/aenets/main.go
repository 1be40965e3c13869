package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/aenets/aenets/internal/interrupt"
)

func main() {
	// Collect less often than Go's default (GOGC=400): a run of the small
	// default nets allocates per step on a live heap of a few MB, and the
	// collector's work is then time the step spends. But a soft limit on
	// the heap makes it collect more often as the heap nears that: with
	// GOGC=400 and no limit, a VAE on 60,000 MNIST images, whose data alone
	// is 376 MB, peaked at 5.3 GB. The limit follows the data (loadData):
	// 448 MiB besides the values of the data sets loaded, which the run
	// holds to its end, so that a set of any size has the same room around
	// it, rather than a fixed limit that a large set would fill (and the
	// collector then run all the time) and that is too much for a small
	// one. That MNIST VAE, with its 63 MB test set, runs under a limit of
	// 867 MiB: it peaks at 763 MiB of live heap and under 1 GB of resident
	// memory. GOGC and GOMEMLIMIT, when set, decide instead.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		heapLimit = &memoryLimit{}
		heapLimit.add(0)
	}
	os.Exit(exitStatus(defaultEnv(), os.Args))
}

// exitStatus runs the app and returns the exit status: 0; 130 or 143 when
// a SIGINT or SIGTERM stopped training (the run folder is written); 2 for
// a usage error (no such command or flag); 1 for any other error, printed
// as one line.
func exitStatus(e *env, args []string) int {
	err := newApp(e).Run(args)
	if err != nil {
		fmt.Fprintln(e.stderr, "aenets:", err)
	}
	if e.watcher != nil {
		if s := e.watcher.Signal(); s != nil {
			return interrupt.Code(s)
		}
	}
	var u usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &u):
		return 2
	}
	return 1
}
