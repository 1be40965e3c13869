package backprop

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/aenets/aenets/nets"
)

// reporter is what report.go adds to a model.
type reporter interface {
	nets.Differentiable
	Encode(x []float64, n int) (mu, logvar []float64, err error)
	StepLoss(x, t []float64, n int) (loss float64, mu, logvar []float64, err error)
}

// TestStepLoss: StepLoss is Gradients' loss, the same bits, for every VAE
// of the tests (with and without free bits) and a few AEs, at a fixed ε
// and on a stream of ε; it reports the pass's μ and logσ², and changes no
// weight.
func TestStepLoss(t *testing.T) {
	specs := vaeSpecs()
	fb := specs[0]
	fb.FreeBits = 0.4
	specs = append(specs, fb)
	specs = append(specs, testSpecs()[:4]...)
	for i, spec := range specs {
		const n = 5
		p := testParams(spec, uint64(40+i))
		a, b := must(Build(spec, p.Clone(), nets.Adam{})).(reporter), must(Build(spec, p.Clone(), nets.Adam{})).(reporter)
		x, target := randBatch(uint64(50+i), n, spec.In), randBatch(uint64(60+i), n, spec.In)
		vae := spec.IsVAE()
		if vae {
			eps := randEps(uint64(70+i), n, spec.Latent)
			a.(nets.VAE).SetEpsilon(eps)
			b.(nets.VAE).SetEpsilon(eps)
		}
		for _, fixed := range []bool{true, false} {
			if vae && !fixed {
				a.(nets.VAE).SetEpsilon(nil)
				b.(nets.VAE).SetEpsilon(nil)
				a.(nets.VAE).SetRand(rand.New(rand.NewPCG(uint64(i), 9)))
				b.(nets.VAE).SetRand(rand.New(rand.NewPCG(uint64(i), 9)))
			}
			for step := range 3 {
				got, mu, logvar, err := a.StepLoss(x, target, n)
				if err != nil {
					t.Fatal(err)
				}
				want, _, err := b.Gradients(x, target, n)
				if err != nil {
					t.Fatal(err)
				}
				if math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("%s, fixed ε %v, call %d: StepLoss %.17g, Gradients %.17g", specName(spec), fixed, step, got, want)
				}
				if vae != (mu != nil && logvar != nil) {
					t.Errorf("%s: μ %v and logσ² %v", specName(spec), mu != nil, logvar != nil)
				}
				if vae {
					wantMu, wantLogvar := heads(t, b, x, n)
					if !slices.Equal(mu, wantMu) || !slices.Equal(logvar, wantLogvar) {
						t.Errorf("%s: StepLoss's μ or logσ² differ from the evaluation's", specName(spec))
					}
				}
			}
		}
		if d := a.Params().MaxAbsDiff(p); d != 0 {
			t.Errorf("%s: StepLoss moved the weights by %g", specName(spec), d)
		}
	}
}

// TestEncode: Encode's μ and logσ² are the bits of the heads of a whole
// forward pass (PreActivations, the soft clip applied); an AE has none.
func TestEncode(t *testing.T) {
	for i, spec := range vaeSpecs() {
		for _, n := range []int{1, 7} {
			m := must(Build(spec, testParams(spec, uint64(80+i)), nets.Adam{})).(reporter)
			x := randBatch(uint64(90+i), n, spec.In)
			mu, logvar, err := m.Encode(x, n)
			if err != nil {
				t.Fatal(err)
			}
			mu, logvar = slices.Clone(mu), slices.Clone(logvar)
			wantMu, wantLogvar := heads(t, m, x, n)
			if !slices.Equal(mu, wantMu) || !slices.Equal(logvar, wantLogvar) {
				t.Errorf("%s, %d samples: Encode differs from the whole pass", vaeName(spec), n)
			}
		}
	}
	ae := must(Build(testSpecs()[0], testParams(testSpecs()[0], 1), nets.Adam{})).(reporter)
	if _, _, err := ae.Encode(randBatch(1, 2, 5), 2); err == nil {
		t.Error("Encode of an AE: no error")
	}
	vae := must(Build(vaeSpecs()[0], testParams(vaeSpecs()[0], 1), nets.Adam{})).(reporter)
	if _, _, err := vae.Encode(randBatch(1, 2, 6), 3); err == nil {
		t.Error("Encode of 12 values as 3 samples of 6: no error")
	}
}

// heads returns copies of μ and of the soft-clipped logσ² of a whole
// forward pass of m on x, read off its pre-activations.
func heads(t *testing.T, m reporter, x []float64, n int) (mu, logvar []float64) {
	t.Helper()
	layers, err := m.(interface {
		PreActivations([]float64, int) ([]nets.LayerValues, error)
	}).PreActivations(x, n)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range layers {
		switch l.Name {
		case "vae/mu":
			mu = slices.Clone(l.Z)
		case "vae/logvar":
			logvar = make([]float64, len(l.Z))
			softClip(l.Z, make([]float64, len(l.Z)), logvar)
		}
	}
	return mu, logvar
}
