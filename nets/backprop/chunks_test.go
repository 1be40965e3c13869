package backprop

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
)

// TestEvaluateInChunks: above nets.EvalChunk samples both engines evaluate
// in chunks, bit for bit alike, filling every reconstruction and code; the
// loss is the mean of the samples' losses (up to rounding), for an AE and
// a VAE.
func TestEvaluateInChunks(t *testing.T) {
	const n = 2*nets.EvalChunk + 77
	for _, spec := range []nets.Spec{nets.DefaultAE(35), {Kind: nets.KindVAE, In: 35, Encoder: []int{8}, Latent: 2, Decoder: []int{8},
		Act: "relu", LatentAct: "identity", OutAct: "sigmoid", Loss: "bce", VAEOptions: nets.VAEOptions{Beta: 1}}} {
		r := rand.New(rand.NewPCG(1, 2))
		x := make([]float64, n*spec.In)
		for i := range x {
			x[i] = float64(r.IntN(2))
		}
		p := must(nets.NewParams(spec, rng.New(3, rng.Init)))
		g := must(nets.Build(spec, p.Clone(), nets.Adam{}))
		h := must(Build(spec, p.Clone(), nets.Adam{}))
		outG, zG := make([]float64, n*spec.In), make([]float64, n*spec.Latent)
		outH, zH := make([]float64, n*spec.In), make([]float64, n*spec.Latent)
		lg := must(g.Evaluate(x, x, n, outG, zG))
		lh := must(h.Evaluate(x, x, n, outH, zH))
		if lg != lh || !same(outG, outH) || !same(zG, zH) || len(g.Terms()) != len(h.Terms()) {
			t.Fatalf("%s: engines differ: loss %v, %v", spec.Kind, lg, lh)
		}
		for i, tv := range g.Terms() {
			if tv != h.Terms()[i] {
				t.Errorf("%s: term %v, %v", spec.Kind, tv, h.Terms()[i])
			}
		}
		// The mean of one-sample evaluations, and every row filled.
		mean := 0.0
		one, z1 := make([]float64, spec.In), make([]float64, spec.Latent)
		for i := range n {
			mean += must(h.Evaluate(x[i*spec.In:(i+1)*spec.In], x[i*spec.In:(i+1)*spec.In], 1, one, z1)) / n
			// Alone and in a chunk differ by rounding at most (a BLAS may take
			// other kernels for one row).
			if i%997 == 0 && (!near(one, outH[i*spec.In:(i+1)*spec.In]) || !near(z1, zH[i*spec.Latent:(i+1)*spec.Latent])) {
				t.Errorf("%s: sample %d reconstructed differently alone", spec.Kind, i)
			}
		}
		if math.Abs(mean-lg) > 1e-12*math.Abs(mean) {
			t.Errorf("%s: chunked loss %v, mean of the samples' %v", spec.Kind, lg, mean)
		}
	}
}

func near(a, b []float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-12*math.Max(1, math.Abs(a[i])) {
			return false
		}
	}
	return len(a) == len(b)
}

func same(a, b []float64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}
