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
