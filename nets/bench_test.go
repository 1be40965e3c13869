package nets

import (
	"math/rand/v2"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/cputime"
	"github.com/aenets/aenets/internal/synth"
)

// The benchmarks run the default AE (35-17-2-17-35 on the 32 glyphs, lr
// 0.009) and the default VAE (400-300-200-100-3 on the 56 emoji faces, lr
// 3e-3), full batch, and a step of PyTorch's examples/vae on MNIST (a
// batch of 128 images of 28×28, random, through 784-400-20-400-784, lr
// 1e-3), on the engine as Build makes it ("exec": every graph
// compiled with graph/exec) and with every graph on a TapeMachine ("tape":
// the engine before exec). Besides ns/op, each reports cpu-µs/op, the
// process's CPU time per op, steadier on a shared machine.
//
//	go test -run XXX -bench . -benchmem ./nets

type benchNet struct {
	name string
	ds   *data.Dataset
	spec Spec
	opt  Adam
}

func benchNets() []benchNet {
	font, emoji := data.Font(), data.Emoji()
	mnist := must(DefaultVAE(784, 20).WithLayers([]int{784, 400, 20, 400, 784}))
	return []benchNet{
		{"AE", font, DefaultAE(font.D), Adam{LR: 0.009}},
		{"VAE", emoji, DefaultVAE(emoji.D, 3), Adam{LR: 3e-3}},
		{"MNIST", synth.MNISTLike(128), mnist, Adam{LR: 1e-3}},
	}
}

func (n benchNet) build(b *testing.B, tape bool) *gorgoniaModel {
	m, err := newGorgonia(n.spec, must(NewParams(n.spec, rand.New(rand.NewPCG(1, 1)))), n.opt.WithDefaults(), tape, []int{n.ds.N})
	if err != nil {
		b.Fatal(err)
	}
	return asGorgonia(m)
}

// loop runs f as the benchmark's op and reports its CPU time per op.
func loop(b *testing.B, f func() error) {
	b.ReportAllocs()
	cpu := cputime.Seconds()
	for b.Loop() {
		if err := f(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cputime.Seconds()-cpu)*1e6/float64(b.N), "cpu-µs/op")
}

func runBoth(b *testing.B, f func(b *testing.B, n benchNet, tape bool)) {
	for _, n := range benchNets() {
		for _, e := range []struct {
			name string
			tape bool
		}{{"exec", false}, {"tape", true}} {
			b.Run(n.name+"/"+e.name, func(b *testing.B) { f(b, n, e.tape) })
		}
	}
}

// BenchmarkTrainStep is one full-batch training step: the batch copied in,
// loss and gradients, Gorgonia's Adam.
func BenchmarkTrainStep(b *testing.B) {
	runBoth(b, func(b *testing.B, n benchNet, tape bool) {
		m := n.build(b, tape)
		loop(b, func() error {
			_, err := m.TrainStep(n.ds.X, n.ds.X, n.ds.N)
			return err
		})
	})
}

// BenchmarkEvaluate is one evaluation of the whole set (reconstructions and loss).
func BenchmarkEvaluate(b *testing.B) {
	runBoth(b, func(b *testing.B, n benchNet, tape bool) {
		m := n.build(b, tape)
		out := make([]float64, n.ds.N*n.ds.D)
		loop(b, func() error {
			_, err := m.Evaluate(n.ds.X, n.ds.X, n.ds.N, out, nil)
			return err
		})
	})
}

// BenchmarkRun is a training step without Adam: the batch copied in (ε
// drawn, β set), loss and gradients.
func BenchmarkRun(b *testing.B) {
	runBoth(b, func(b *testing.B, n benchNet, tape bool) {
		m := n.build(b, tape)
		tg := m.train[n.ds.N]
		loop(b, func() error {
			if err := m.feed(tg.g.p, n.ds.X, n.ds.X); err != nil {
				return err
			}
			return tg.r.run()
		})
	})
}

// BenchmarkAdam is Gorgonia's Adam step alone, as the engine runs it on
// the gradients of its training graph ("gorgonia"), and, for comparison
// only, an Adam that does the same arithmetic in place ("inplace",
// adam_test.go; the engine does not use it).
func BenchmarkAdam(b *testing.B) {
	for _, n := range benchNets() {
		m := n.build(b, false)
		tg := m.train[n.ds.N]
		if err := m.feed(tg.g.p, n.ds.X, n.ds.X); err != nil {
			b.Fatal(err)
		}
		if err := tg.r.run(); err != nil {
			b.Fatal(err)
		}
		vg := tg.r.grads()
		b.Run(n.name+"/gorgonia", func(b *testing.B) {
			loop(b, func() error { return m.solvers.step(vg) })
		})
		b.Run(n.name+"/inplace", func(b *testing.B) {
			a := newInPlaceAdam(n.opt.WithDefaults())
			loop(b, func() error { return a.Step(vg) })
		})
	}
}
