package main

import (
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// BenchmarkDAEMatrix runs `aenets dae-matrix` at its defaults scaled down
// tenfold: the default run pretrains for 5,773 epochs (seed 1; it stops at
// its goal) and then trains four DAEs of 20,000 epochs each, GOMAXPROCS at a
// time; this one pretrains for 577 and trains four of 2,000, so the serial
// part of the work, the pretraining, is the same 7%. Its scaling over cores
// is the ratio of the -cpu 1 and -cpu 2 times, each in a process of its own
// (in one process, `-cpu 1,2` timed the first -cpu 1 run at the 2-core
// time):
//
//	go test ./cmd/aenets -run '^$' -bench DAEMatrix -benchtime 1x -cpu 1
//	go test ./cmd/aenets -run '^$' -bench DAEMatrix -benchtime 1x -cpu 2
func BenchmarkDAEMatrix(b *testing.B) {
	if os.Getenv("GOGC") == "" { // as main sets it
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	for _, engine := range []string{"gorgonia", "backprop"} {
		b.Run(engine, func(b *testing.B) {
			out := b.TempDir()
			for i := 0; b.Loop(); i++ {
				err := newApp(&env{stdout: io.Discard, stderr: io.Discard}).Run([]string{"aenets", "dae-matrix", "--quiet",
					"--engine", engine, "--pretrain-epochs", "577", "--epochs", "2000", "--out", filepath.Join(out, engine, string(rune('a'+i%26)))})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
