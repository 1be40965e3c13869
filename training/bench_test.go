package training

import (
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
)

// BenchmarkEpochDefaultAE times one epoch of the default run: a full-batch
// Adam step of 35-17-2-17-35 on the 32 glyphs, the evaluation of the whole
// set, the wrong-pixel count and the schedule. Report with -benchmem: the
// allocations per op are the allocations per epoch.
func BenchmarkEpochDefaultAE(b *testing.B) {
	ds := data.Font()
	spec := nets.DefaultAE(ds.D)
	m, err := nets.Build(spec, nets.NewParams(spec, rng.New(1, rng.Init)), nets.Adam{LR: 0.009}, ds.N)
	if err != nil {
		b.Fatal(err)
	}
	// Warm up the graphs (the evaluation graph is built on first use).
	if _, err := Train(m, ds, Config{Epochs: 1, Goal: -1}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := Train(m, ds, Config{Epochs: b.N, Goal: -1, Schedule: &Adaptive{}}); err != nil {
		b.Fatal(err)
	}
}
