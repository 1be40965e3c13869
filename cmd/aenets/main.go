package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/aenets/aenets/internal/interrupt"
)

func main() {
	// Gorgonia allocates every intermediate value afresh on each run of a
	// graph (about 320 kB in 1,700 objects per epoch of the default AE), on a
	// live heap of a few MB: collecting less often saved 12% of the epoch
	// time in one comparison (BenchmarkEpochDefaultAE, GOGC=400 against 100,
	// n=8, p<0.001), and made no significant difference in another on a
	// busier machine (−8% ± 15%). GOGC, when set, still decides.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
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
