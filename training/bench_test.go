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
	m, err := nets.Build(spec, must(nets.NewParams(spec, rng.New(1, rng.Init))), nets.Adam{LR: 0.009}, ds.N)
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

// nop is a model that does nothing, to measure the loop's own cost.
type nop struct{ fake }

func (n *nop) TrainStep(x, t []float64, k int) (float64, error) { return 0.5, nil }
func (n *nop) Evaluate(x, t []float64, k int, out, z []float64) (float64, error) {
	copy(out, t)
	return 0.5, nil
}

// BenchmarkLoopOnly is the training loop around a model that does nothing:
// batching (minibatches of 5, shuffled), wrong pixels, snapshots, the
// schedule. It must not allocate per epoch.
func BenchmarkLoopOnly(b *testing.B) {
	ds := data.Font()
	m := &nop{*newFake(ds.D)}
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := Train(m, ds, Config{Epochs: b.N, Batch: 5, Goal: -1, Patience: b.N + 1, Schedule: &Adaptive{}}); err != nil {
		b.Fatal(err)
	}
}
