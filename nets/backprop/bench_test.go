package backprop

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/nets"
)

func benchModel(b *testing.B) (nets.Model, *data.Dataset) {
	ds := data.Font()
	spec := nets.DefaultAE(ds.D)
	m, err := Build(spec, must(nets.NewParams(spec, rand.New(rand.NewPCG(1, 1)))), nets.Adam{LR: 0.009}, ds.N)
	if err != nil {
		b.Fatal(err)
	}
	return m, ds
}

// BenchmarkTrainStep is one full-batch Adam step of the default AE on the
// font, as nets.BenchmarkTrainStep is on the Gorgonia engine.
func BenchmarkTrainStep(b *testing.B) {
	m, ds := benchModel(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.TrainStep(ds.X, ds.X, ds.N); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluate is one evaluation of the 32 glyphs (reconstructions and loss).
func BenchmarkEvaluate(b *testing.B) {
	m, ds := benchModel(b)
	out := make([]float64, ds.N*ds.D)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Evaluate(ds.X, ds.X, ds.N, out, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatMul compares the three products of a Dense layer through
// gonum's blas64.Gemm (matmul.go) with plain loops (loops_test.go), at the
// font's sizes (32 samples, 35→17 and 17→2) and at a VAE's (56 samples,
// 400→300). x holds 0/1 pixels, mostly 0, as the font does.
func BenchmarkMatMul(b *testing.B) {
	for _, s := range []struct{ n, in, out int }{{32, 35, 17}, {32, 17, 2}, {56, 400, 300}} {
		r := rand.New(rand.NewPCG(1, 2))
		x, w, dz := make([]float64, s.n*s.in), make([]float64, s.in*s.out), make([]float64, s.n*s.out)
		for i := range x {
			if r.Float64() < 0.4 {
				x[i] = 1
			}
		}
		for i := range w {
			w[i] = r.Float64() - 0.5
		}
		for i := range dz {
			dz[i] = r.Float64() - 0.5
		}
		z, dw, dx := make([]float64, len(dz)), make([]float64, len(w)), make([]float64, len(x))
		name := fmt.Sprintf("%dx%dx%d", s.n, s.in, s.out)
		b.Run("blas64/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				mulNN(z, x, w, s.n, s.in, s.out)
				mulTN(dw, x, dz, s.n, s.in, s.out)
				mulNT(dx, dz, w, s.n, s.out, s.in)
			}
		})
		b.Run("loops/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				loopNN(z, x, w, s.n, s.in, s.out)
				loopTN(dw, x, dz, s.n, s.in, s.out)
				loopNT(dx, dz, w, s.n, s.out, s.in)
			}
		})
	}
}

// BenchmarkVAETrainStep is one full-batch Adam step of nets.DefaultVAE(400,
// 3) on the 56 emoji, on either engine (ε drawn from the stream).
func BenchmarkVAETrainStep(b *testing.B) {
	ds := data.Emoji()
	spec := nets.DefaultVAE(ds.D, 3)
	for _, e := range []struct {
		name  string
		build func(nets.Spec, *nets.Params, nets.Adam, ...int) (nets.Model, error)
	}{{"gorgonia", nets.Build}, {"backprop", Build}} {
		b.Run(e.name, func(b *testing.B) {
			m, err := e.build(spec, must(nets.NewParams(spec, rand.New(rand.NewPCG(1, 1)))), nets.Adam{LR: 1e-3}, ds.N)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.TrainStep(ds.X, ds.X, ds.N); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
