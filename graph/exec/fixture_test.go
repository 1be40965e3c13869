package exec_test

import (
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/nets"
)

// fixture is one training graph as nets builds it (nets.NewTrainingGraph),
// with its gradient nodes, over a parameter store of its own, its inputs
// filled with the data set (and a fixed ε, for a VAE).
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

// tape is the reference: a fixture's graph on Gorgonia's TapeMachine, with
// Gorgonia's Adam, as nets ran every graph before it used this package.
type tape struct {
	f      *fixture
	vm     G.VM
	vg     []G.ValueGrad
	solver *G.AdamSolver
}

func newTape(tb testing.TB, spec nets.Spec, ds *data.Dataset, params *nets.Params) *tape {
	tb.Helper()
	f := newFixture(tb, spec, ds, params)
	r := &tape{f: f, vg: G.NodesToValueGrads(f.wrt), solver: newSolver()}
	graph.Lock(func() error {
		r.vm = G.NewTapeMachine(f.g, G.BindDualValues(f.wrt...))
		return nil
	})
	return r
}

// gradients runs the machine once and returns the loss and a copy of every
// gradient, which it then zeroes, as a solver step would: a TapeMachine
// adds each run's gradients to the last.
func (r *tape) gradients(tb testing.TB) (float64, [][]float64) {
	tb.Helper()
	defer r.vm.Reset()
	if err := r.vm.RunAll(); err != nil {
		tb.Fatal(err)
	}
	grads := make([][]float64, len(r.vg))
	for i, p := range r.vg {
		g, err := p.Grad()
		if err != nil {
			tb.Fatal(err)
		}
		grads[i] = append([]float64(nil), g.Data().([]float64)...)
		g.(interface{ Zero() }).Zero()
	}
	return r.f.tg.LossValue.Data().(float64), grads
}

// step runs the machine once and steps Adam; it returns the loss.
func (r *tape) step(tb testing.TB) float64 {
	tb.Helper()
	defer r.vm.Reset()
	if err := r.vm.RunAll(); err != nil {
		tb.Fatal(err)
	}
	if err := r.solver.Step(r.vg); err != nil {
		tb.Fatal(err)
	}
	return r.f.tg.LossValue.Data().(float64)
}

// must returns v, stopping the test binary on err: for set-up that cannot fail.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
