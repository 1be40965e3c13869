package main

import (
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
	e := defaultEnv()
	err := newApp(e).Run(os.Args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "aenets:", err)
	}
	if e.watcher != nil {
		if s := e.watcher.Signal(); s != nil { // interrupted: the run folder is written
			os.Exit(interrupt.Code(s))
		}
	}
	if err != nil {
		os.Exit(1)
	}
}
