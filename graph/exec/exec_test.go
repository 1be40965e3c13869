package exec_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/graph/exec"
	"github.com/aenets/aenets/nets"
)

var adam = nets.Adam{LR: 0.009}.WithDefaults()

func newSolver() *G.AdamSolver {
	return G.NewAdamSolver(G.WithLearnRate(adam.LR), G.WithBeta1(adam.Beta1),
		G.WithBeta2(adam.Beta2), G.WithEps(adam.Eps))
}

type setup func() (nets.Spec, *data.Dataset, *nets.Params)

// sameBits reports how many values differ in their bits, and how many of
// those differ only in the sign of a zero.
func sameBits(a, b []float64) (diff, zeros int) {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			diff++
			if a[i] == 0 && b[i] == 0 {
				zeros++
			}
		}
	}
	return
}

func compileFixture(t testing.TB, f *fixture) (*exec.Program, []G.ValueGrad) {
	prog, err := exec.Compile(f.g)
	if err != nil {
		t.Fatal(err)
	}
	vg, err := prog.Grads(f.wrt...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := prog.Prune(); err != nil { // as nets runs its graphs
		t.Fatal(err)
	}
	return prog, vg
}

// TestPrune checks that Prune drops what G.Grad builds but nobody reads,
// the gradient of the data x among it (a matrix product of the data's
// shape), and keeps every parameter's gradient; the other tests here
// compare pruned programs with a TapeMachine.
func TestPrune(t *testing.T) {
	for name, s := range map[string]setup{"ae": aeSetup, "vae": vaeSetup} {
		spec, ds, p := s()
		f := newFixture(t, spec, ds, p)
		full, err := exec.Compile(f.g)
		if err != nil {
			t.Fatal(err)
		}
		prog, _ := compileFixture(t, f)
		for _, n := range f.wrt {
			if prog.Value(n.Deriv()) == nil {
				t.Errorf("%s: the gradient of %v was dropped", name, n)
			}
		}
		var dataGrad []string
		for _, n := range f.g.AllNodes() {
			if full.Value(n) != nil && prog.Value(n) == nil && strings.HasPrefix(n.Op().String(), "A × B") &&
				n.Shape().Eq(tensor.Shape{ds.N, spec.In}) {
				dataGrad = append(dataGrad, n.Op().String())
			}
		}
		if len(dataGrad) != 1 {
			t.Errorf("%s: dropped %d matrix products of the data's shape, want 1 (the data's gradient)", name, len(dataGrad))
		}
		t.Logf("%s: %d of %d instructions kept; dropped the data's gradient %v", name, prog.Len(), full.Len(), dataGrad)
		if _, err := prog.Prune(G.NewScalar(G.NewGraph(), G.Float64)); err == nil {
			t.Errorf("%s: Prune kept a node of another graph", name)
		}
	}
}

func testGradients(t *testing.T, s setup) {
	spec, ds, p := s()
	ref := newTape(t, spec, ds, p.Clone())
	f := newFixture(t, spec, ds, p.Clone())
	prog, vg := compileFixture(t, f)
	t.Logf("%d instructions %v; fallbacks %v", prog.Len(), prog.Stats(), prog.Fallbacks())
	for run := 0; run < 4; run++ { // gradients are overwritten, never accumulated
		if run == 3 && f.beta != nil {
			// Inputs are read in place at every Run, even when G.Let rebinds them.
			for _, b := range []*G.Node{ref.f.beta, f.beta} {
				if err := G.Let(b, 0.25); err != nil {
					t.Fatal(err)
				}
			}
		}
		wantLoss, wantGrads := ref.gradients(t)
		if err := prog.Run(); err != nil {
			t.Fatal(err)
		}
		loss, err := prog.Scalar(f.loss)
		if err != nil {
			t.Fatal(err)
		}
		if math.Float64bits(loss) != math.Float64bits(wantLoss) {
			t.Errorf("run %d: loss %v, TapeMachine %v", run, loss, wantLoss)
		}
		if r := f.tg.LossValue.Data().(float64); math.Float64bits(r) != math.Float64bits(wantLoss) {
			t.Errorf("run %d: G.Read gave %v, want %v", run, r, wantLoss)
		}
		for i, q := range f.params.All() {
			g, err := vg[i].Grad()
			if err != nil {
				t.Fatal(err)
			}
			got := g.Data().([]float64)
			if len(got) != len(wantGrads[i]) {
				t.Fatalf("%s: %d gradients, want %d", q.Name, len(got), len(wantGrads[i]))
			}
			if d, z := sameBits(got, wantGrads[i]); d > 0 {
				t.Errorf("run %d: %s: %d of %d gradients differ in their bits (%d only in a zero's sign)", run, q.Name, d, len(got), z)
			}
		}
	}
}

func TestGradientsAE(t *testing.T)  { testGradients(t, aeSetup) }
func TestGradientsVAE(t *testing.T) { testGradients(t, vaeSetup) }

func testAdam(t *testing.T, s setup, steps int) {
	spec, ds, p := s()
	refParams := p.Clone()
	ref := newTape(t, spec, ds, refParams)
	f := newFixture(t, spec, ds, p.Clone())
	prog, vg := compileFixture(t, f)
	solver := newSolver()
	for step := 0; step < steps; step++ {
		want := ref.step(t)
		if err := prog.Run(); err != nil {
			t.Fatal(err)
		}
		loss, _ := prog.Scalar(f.loss)
		if math.Float64bits(loss) != math.Float64bits(want) {
			t.Errorf("step %d: loss %v, TapeMachine %v", step, loss, want)
		}
		if err := solver.Step(vg); err != nil {
			t.Fatal(err)
		}
	}
	for i, q := range f.params.All() {
		w := refParams.All()[i]
		if d, z := sameBits(q.Data, w.Data); d > 0 {
			t.Errorf("after %d steps: %s: %d of %d weights differ in their bits (%d only in a zero's sign)", steps, q.Name, d, len(q.Data), z)
		}
	}
	if d := f.params.MaxAbsDiff(refParams); d != 0 {
		t.Errorf("after %d steps: weights differ by up to %g", steps, d)
	}
}

func TestAdamAE(t *testing.T)  { testAdam(t, aeSetup, 50) }
func TestAdamVAE(t *testing.T) { testAdam(t, vaeSetup, 50) }

func TestGradsErrors(t *testing.T) {
	f := newAEFixture(t)
	prog, err := exec.Compile(f.g)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := prog.Grads(f.g.ByName("x")[0]); err == nil {
		t.Error("the gradient of a node G.Grad did not differentiate for")
	}
	// The loss's own gradient is G.Grad's constant 1: the solver gets a copy.
	vg, err := prog.Grads(f.loss)
	if err != nil {
		t.Fatal(err)
	}
	if err := prog.Run(); err != nil {
		t.Fatal(err)
	}
	if g, _ := vg[0].Grad(); g.Data().(float64) != 1 {
		t.Errorf("dloss/dloss = %v", g)
	}
	other := newAEFixture(t)
	if _, err := prog.Grads(other.wrt[0]); err == nil {
		t.Error("a parameter of another graph accepted")
	}
	if v := prog.Value(other.loss); v != nil {
		t.Errorf("value of a node of another graph: %v", v)
	}
	if _, err := prog.Scalar(f.wrt[0]); err == nil {
		t.Error("a matrix read as a scalar")
	}
}

// Other activations and the MSE loss exercise more of Gorgonia's ops.
func mseSetup() (nets.Spec, *data.Dataset, *nets.Params) {
	ds := data.Font()
	spec := nets.Spec{Kind: nets.KindAE, In: ds.D, Encoder: []int{17}, Latent: 2, Decoder: []int{17},
		Act: "tanh", LatentAct: "softplus", OutAct: "relu", Loss: "mse"}
	return spec, ds, must(nets.NewParams(spec, rand.New(rand.NewPCG(3, 3))))
}

func mseVAESetup() (nets.Spec, *data.Dataset, *nets.Params) {
	ds := data.Font()
	spec := must(nets.DefaultVAE(ds.D, 2).WithLayers([]int{ds.D, 20, 10, 2, 10, 20, ds.D}))
	spec.Loss, spec.Beta = "mse", 0.5
	return spec, ds, must(nets.NewParams(spec, rand.New(rand.NewPCG(4, 4))))
}

// freeBitsVAESetup floors the KL with free bits: the slack's ops (a mean
// over the batch, a scalar minus a vector, Rectify, a sum).
func freeBitsVAESetup() (nets.Spec, *data.Dataset, *nets.Params) {
	spec, ds, p := mseVAESetup()
	spec.FreeBits = 0.5
	return spec, ds, p
}

func TestGradientsFreeBitsVAE(t *testing.T) { testGradients(t, freeBitsVAESetup) }
func TestGradientsMSE(t *testing.T)         { testGradients(t, mseSetup) }
func TestGradientsMSEVAE(t *testing.T)      { testGradients(t, mseVAESetup) }
func TestAdamMSE(t *testing.T)              { testAdam(t, mseSetup, 50) }
