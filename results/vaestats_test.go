package results

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/backprop"
)

// engines build a model on each engine.
var engines = map[string]func(nets.Spec, *nets.Params) (nets.Model, error){
	"gorgonia": func(s nets.Spec, p *nets.Params) (nets.Model, error) { return nets.Build(s, p, nets.Adam{}) },
	"backprop": func(s nets.Spec, p *nets.Params) (nets.Model, error) { return backprop.Build(s, p, nets.Adam{}) },
}

// statsCase is a VAE and the samples its statistics are taken on.
type statsCase struct {
	name  string
	spec  nets.Spec
	x     []float64
	n     int
	draws int
}

// statsCases: the command's default VAE on the emoji (free bits 1.5), and
// a small net with β ≠ 1, free bits and MSE on random samples, on more than
// nets.EvalChunk of them (chunks of two sizes) and on a few.
func statsCases(t *testing.T) []statsCase {
	t.Helper()
	ds := data.Emoji()
	def := nets.DefaultVAE(ds.D, 3)
	def.FreeBits = 1.5
	small, err := nets.DefaultVAE(10, 2).WithLayers([]int{10, 6, 2, 6, 10})
	if err != nil {
		t.Fatal(err)
	}
	small.Act, small.Loss, small.Beta, small.FreeBits = "tanh", "mse", 0.5, 0.3
	r := rand.New(rand.NewPCG(5, 5))
	big := make([]float64, (2*nets.EvalChunk+77)*10)
	for i := range big {
		big[i] = r.Float64()
	}
	return []statsCase{
		{"emoji default", def, ds.X, ds.N, ELBODraws},
		{"small, chunks", small, big, 2*nets.EvalChunk + 77, 1},
		{"small, 40 samples", small, big[:400], 40, 3},
	}
}

// elboByGradients is NegELBO as it was computed before StepLoss: each
// chunk's loss from Gradients, forward and backward, here on a model of the
// engine build over m's weights at β = 1 without free bits.
func elboByGradients(t *testing.T, build func(nets.Spec, *nets.Params) (nets.Model, error), m nets.Model, x []float64, n, draws int, r *rand.Rand) float64 {
	t.Helper()
	spec := m.Spec()
	spec.Beta, spec.FreeBits = 1, 0
	plain, err := build(spec, m.Params())
	if err != nil {
		t.Fatal(err)
	}
	eps := make([]float64, n*spec.Latent)
	sum := 0.0
	for range draws {
		for i := range eps {
			eps[i] = r.NormFloat64()
		}
		for i := 0; i < n; i += nets.EvalChunk {
			k := min(nets.EvalChunk, n-i)
			plain.(nets.VAE).SetEpsilon(eps[i*spec.Latent : (i+k)*spec.Latent])
			xs := x[i*spec.In : (i+k)*spec.In]
			l, _, err := plain.(nets.Differentiable).Gradients(xs, xs, k)
			if err != nil {
				t.Fatal(err)
			}
			if k == n {
				sum += l
			} else {
				sum += l * float64(k) / float64(n)
			}
		}
	}
	return sum / float64(draws)
}

// headsOfForward returns μ and logσ² of the samples x as LatentStatsOf
// computed them before Encode: from a whole forward pass's pre-activations.
func headsOfForward(t *testing.T, m nets.Model, x []float64, n int) (mu, logvar []float64) {
	t.Helper()
	tw, err := backprop.Build(m.Spec(), m.Params(), nets.Adam{})
	if err != nil {
		t.Fatal(err)
	}
	d := m.Spec().In
	for i := 0; i < n; i += nets.EvalChunk {
		k := min(nets.EvalChunk, n-i)
		layers, err := tw.(interface {
			PreActivations([]float64, int) ([]nets.LayerValues, error)
		}).PreActivations(x[i*d:(i+k)*d], k)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range layers {
			switch l.Name {
			case graph.Name("vae", "mu"):
				mu = append(mu, l.Z...)
			case graph.Name("vae", "logvar"):
				for _, r := range l.Z {
					logvar = append(logvar, math.Tanh(r*(1.0/nets.LogVarClip))*nets.LogVarClip)
				}
			}
		}
	}
	return mu, logvar
}

// TestNegELBOForwardOnly: the negative ELBO from forward passes alone is
// the same bits as from Gradients on the model's own engine, for both
// engines; latentReport gives it and LatentStatsOf's statistics, whose μ
// and logσ² are those of a whole forward pass.
func TestNegELBOForwardOnly(t *testing.T) {
	for ci, c := range statsCases(t) {
		p, err := nets.NewParams(c.spec, rng.New(uint64(ci+1), rng.Init))
		if err != nil {
			t.Fatal(err)
		}
		for name, build := range engines {
			m, err := build(c.spec, p)
			if err != nil {
				t.Fatal(err)
			}
			got, err := NegELBO(m, c.x, c.n, c.draws, rng.New(3, rng.ELBO))
			if err != nil {
				t.Fatal(err)
			}
			want := elboByGradients(t, build, m, c.x, c.n, c.draws, rng.New(3, rng.ELBO))
			if math.Float64bits(got) != math.Float64bits(want) {
				t.Errorf("%s on %s: negative ELBO %.17g, by Gradients %.17g", c.name, name, got, want)
			}
			st, elbo, err := latentReport(m, c.x, c.n, rng.New(3, rng.ELBO))
			if err != nil {
				t.Fatal(err)
			}
			if c.draws == elboDraws(c.n) && math.Float64bits(elbo) != math.Float64bits(got) {
				t.Errorf("%s on %s: latentReport's negative ELBO %.17g, NegELBO's %.17g", c.name, name, elbo, got)
			}
			ref, err := LatentStatsOf(m, c.x, c.n)
			if err != nil {
				t.Fatal(err)
			}
			mu, logvar := headsOfForward(t, m, c.x, c.n)
			for what, pair := range map[string][2][]float64{
				"μ": {st.Mu, ref.Mu}, "logσ²": {st.LogVar, ref.LogVar}, "MuVar": {st.MuVar, ref.MuVar},
				"KL": {st.KL, ref.KL}, "σ": {st.Sigma, ref.Sigma}, "μ of a whole pass": {mu, ref.Mu}, "logσ² of a whole pass": {logvar, ref.LogVar},
			} {
				if !slices.Equal(pair[0], pair[1]) {
					t.Errorf("%s on %s: %s differs", c.name, name, what)
				}
			}
		}
	}
}

// nearestBrute is NearestMAE without pruning, as it was written first.
func nearestBrute(samples, data []float64, ns, nd, d int) (nearest []float64, mean float64) {
	nearest = make([]float64, ns)
	for i := range ns {
		s := samples[i*d : (i+1)*d]
		best := math.Inf(1)
		for j := range nd {
			e := 0.0
			for p, v := range data[j*d : (j+1)*d] {
				e += math.Abs(s[p] - v)
			}
			best = min(best, e/float64(d))
		}
		nearest[i] = best
		mean += best / float64(ns)
	}
	return nearest, mean
}

// TestNearestMAEPruned: the pruned search gives the brute force's bits, on
// random images of sizes around the pruning's blocks, on the emoji (with
// samples among them: distance 0, and ties), and with NaN and ±Inf values.
func TestNearestMAEPruned(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	fill := func(n int, f func() float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = f()
		}
		return v
	}
	type input struct {
		name          string
		samples, data []float64
		ns, nd, d     int
	}
	emoji := data.Emoji()
	var inputs []input
	for _, d := range []int{1, 15, 16, 17, 100} {
		inputs = append(inputs, input{"random", fill(9*d, r.Float64), fill(300*d, r.Float64), 9, 300, d})
		coarse := func() float64 { return float64(r.IntN(3)) / 2 } // many ties
		inputs = append(inputs, input{"coarse", fill(9*d, coarse), fill(50*d, coarse), 9, 50, d})
	}
	mixed := append(fill(3*emoji.D, r.Float64), emoji.X[5*emoji.D:8*emoji.D]...)
	inputs = append(inputs, input{"emoji", mixed, emoji.X, 6, emoji.N, emoji.D})
	odd := fill(4*20, r.Float64)
	odd[25], odd[47], odd[70] = math.NaN(), math.Inf(1), math.Inf(-1)
	oddData := fill(30*20, r.Float64)
	oddData[3*20+7] = math.NaN()
	inputs = append(inputs, input{"NaN and Inf in samples", odd, fill(30*20, r.Float64), 4, 30, 20},
		input{"NaN in data", fill(4*20, r.Float64), oddData, 4, 30, 20})
	for _, in := range inputs {
		got, gotMean := NearestMAE(in.samples, in.data, in.ns, in.nd, in.d)
		want, wantMean := nearestBrute(in.samples, in.data, in.ns, in.nd, in.d)
		same := math.Float64bits(gotMean) == math.Float64bits(wantMean)
		for i := range want {
			same = same && math.Float64bits(got[i]) == math.Float64bits(want[i])
		}
		if !same {
			t.Errorf("%s, %d values: %v (mean %v), brute force %v (mean %v)", in.name, in.d, got, gotMean, want, wantMean)
		}
	}
}
