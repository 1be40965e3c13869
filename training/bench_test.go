package training

import (
	"runtime"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/cputime"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/backprop"
)

// The benchmarks run the commands' default nets on each engine:
//
//   - AE: `aenets ae`, 35-17-2-17-35 on the 32 glyphs, full batch, lr 0.009,
//     adaptive schedule;
//   - VAE: `aenets vae`, 400-300-200-100-3 on the 56 emoji faces, full
//     batch, lr 3e-3, fixed rate, ε drawn afresh every step.
//
// ns/op is the wall time of an epoch (or step); allocs/epoch and B/epoch
// count what the epochs allocate (the set-up, done once, is outside the
// timed part); cpu-µs/epoch is the CPU time of the process per epoch, all
// its threads (gonum multiplies large matrices on every core): steadier
// than ns/op when other work shares the machine.
//
//	go test -run XXX -bench . -benchmem ./training

type benchRun struct {
	name string
	ds   *data.Dataset
	spec nets.Spec
	opt  nets.Adam
	cfg  func() Config
}

func benchRuns() []benchRun {
	font, emoji := data.Font(), data.Emoji()
	return []benchRun{
		{"AE", font, nets.DefaultAE(font.D), nets.Adam{LR: 0.009},
			func() Config { return Config{Goal: -1, Schedule: &Adaptive{}} }},
		{"VAE", emoji, nets.DefaultVAE(emoji.D, 3), nets.Adam{LR: 3e-3},
			func() Config { return Config{Goal: -1} }},
	}
}

// forEach runs f for each net on each engine, with the model built and
// its graphs warmed up by one epoch, and reports f's allocations and CPU
// time per iteration.
func forEach(b *testing.B, f func(b *testing.B, r benchRun, m nets.Model)) {
	engines := []struct {
		name  string
		build func(nets.Spec, *nets.Params, nets.Adam, ...int) (nets.Model, error)
	}{{"gorgonia", nets.Build}, {"backprop", backprop.Build}}
	for _, r := range benchRuns() {
		for _, e := range engines {
			b.Run(r.name+"/"+e.name, func(b *testing.B) {
				m, err := e.build(r.spec, must(nets.NewParams(r.spec, rng.New(1, rng.Init))), r.opt, r.ds.N)
				if err != nil {
					b.Fatal(err)
				}
				// Warm up: the evaluation graph is built on first use.
				cfg := r.cfg()
				cfg.Epochs = 1
				if _, err := Train(m, r.ds, cfg); err != nil {
					b.Fatal(err)
				}
				var before, after runtime.MemStats
				b.ReportAllocs()
				b.ResetTimer()
				runtime.ReadMemStats(&before)
				cpu := cputime.Seconds()
				f(b, r, m)
				cpu = cputime.Seconds() - cpu
				runtime.ReadMemStats(&after)
				b.StopTimer()
				b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N), "allocs/epoch")
				b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N), "B/epoch")
				b.ReportMetric(cpu*1e6/float64(b.N), "cpu-µs/epoch")
			})
		}
	}
}

// BenchmarkEpoch is one epoch of training: a full-batch Adam step, the
// evaluation of the whole set, the wrong-pixel count and the schedule.
func BenchmarkEpoch(b *testing.B) {
	forEach(b, func(b *testing.B, r benchRun, m nets.Model) {
		cfg := r.cfg()
		cfg.Epochs = b.N
		if _, err := Train(m, r.ds, cfg); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkStep is a training step alone, full batch (an epoch of
// ../shared/bench's torch_ae.py and torch_vae.py, which do not evaluate):
// its "epoch" metrics are per step.
func BenchmarkStep(b *testing.B) {
	forEach(b, func(b *testing.B, r benchRun, m nets.Model) {
		for range b.N {
			if _, err := m.TrainStep(r.ds.X, r.ds.X, r.ds.N); err != nil {
				b.Fatal(err)
			}
		}
	})
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
