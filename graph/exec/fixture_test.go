package exec

import (
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/nets"
)

// fixture is one training graph as nets builds it (nets.NewTrainingGraph;
// nets.Build's TapeMachine is the reference), with its gradient nodes,
// over a parameter store of its own.
type fixture struct {
	spec   nets.Spec
	ds     *data.Dataset
	params *nets.Params
	g      *G.ExprGraph
	x, t   []float64 // the inputs' backing arrays
	eps    []float64 // a VAE's ε (nil for an AE)
	beta   *G.Node   // a VAE's β
	loss   *G.Node
	tg     *nets.TrainingGraph
	wrt    G.Nodes // parameter nodes, in the store's order
	grads  G.Nodes // G.Grad's gradient nodes, same order
}

func fixedEps(n, latent int) []float64 {
	r := rand.New(rand.NewPCG(5, 5))
	e := make([]float64, n*latent)
	for i := range e {
		e[i] = r.NormFloat64()
	}
	return e
}

func aeSetup() (nets.Spec, *data.Dataset, *nets.Params) {
	ds := data.Font()
	spec := nets.DefaultAE(ds.D)
	return spec, ds, must(nets.NewParams(spec, rand.New(rand.NewPCG(1, 1))))
}

func vaeSetup() (nets.Spec, *data.Dataset, *nets.Params) {
	ds := data.Emoji()
	spec := nets.DefaultVAE(ds.D, 3)
	return spec, ds, must(nets.NewParams(spec, rand.New(rand.NewPCG(2, 2))))
}

func newAEFixture(tb testing.TB) *fixture {
	spec, ds, p := aeSetup()
	return newFixture(tb, spec, ds, p.Clone())
}

func newVAEFixture(tb testing.TB) *fixture {
	spec, ds, p := vaeSetup()
	return newFixture(tb, spec, ds, p.Clone())
}

func newFixture(tb testing.TB, spec nets.Spec, ds *data.Dataset, params *nets.Params) *fixture {
	tb.Helper()
	tg, err := nets.NewTrainingGraph(spec, params, ds.N)
	if err != nil {
		tb.Fatal(err)
	}
	f := &fixture{spec: spec, ds: ds, params: params, g: tg.Graph, x: tg.X, t: tg.T, beta: tg.Beta,
		loss: tg.Loss, wrt: tg.Params, grads: tg.Grads, tg: tg}
	copy(f.x, ds.X)
	copy(f.t, ds.X)
	if spec.IsVAE() {
		f.eps = tg.Eps
		copy(f.eps, fixedEps(ds.N, spec.Latent))
		if err := G.Let(f.beta, spec.Beta); err != nil {
			tb.Fatal(err)
		}
	}
	return f
}

// must returns v, stopping the test binary on err: for set-up that cannot fail.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
