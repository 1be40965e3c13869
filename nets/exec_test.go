package nets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/aenets/aenets/graph"
)

// TestExecMatchesTape runs every kind of net, activation, loss and option
// on the engine as Build makes it (every graph compiled with graph/exec)
// and, in lockstep, on the same engine with every graph on a TapeMachine,
// as the engine ran before exec: gradients, training steps at two batch
// sizes, evaluation (loss, terms, reconstructions, codes) and decoding
// must be the same bits, and so must the weights at the end. No graph the
// builders make may fall back to the TapeMachine.
func TestExecMatchesTape(t *testing.T) {
	var specs []Spec
	for _, act := range graph.Activations {
		for _, loss := range graph.Losses {
			s := tinySpec(string(act), string(loss))
			if s.Check() != nil {
				continue
			}
			specs = append(specs, s)
			l1, tied := s, must(s.WithLayers([]int{5, 4, 2, 4, 5}))
			l1.L1 = 0.25
			tied.Tied = true
			specs = append(specs, l1, tied)
		}
	}
	for _, loss := range graph.Losses {
		specs = append(specs, tinyVAE(string(loss)))
	}
	specs = append(specs, DefaultAE(35))
	for i, s := range specs {
		name := fmt.Sprintf("%s/%s/%s/%s", s.Kind, s.Act, s.Loss, s.LayerString())
		switch {
		case s.L1 > 0:
			name += "/l1"
		case s.Tied:
			name += "/tied"
		default:
		}
		t.Run(name, func(t *testing.T) {
			lockstepTape(t, s, uint64(i))
		})
	}
}

func lockstepTape(t *testing.T, spec Spec, seed uint64) {
	p := must(NewParams(spec, rand.New(rand.NewPCG(seed, 1))))
	biased(p, seed)
	const n, small = 6, 4
	opt := Adam{LR: 0.01}.WithDefaults()
	a := must(newGorgonia(spec, p.Clone(), opt, false, []int{n}))
	b := must(newGorgonia(spec, p.Clone(), opt, true, []int{n}))
	if va, ok := a.(VAE); ok {
		va.SetRand(rand.New(rand.NewPCG(seed, 2)))
		b.(VAE).SetRand(rand.New(rand.NewPCG(seed, 2)))
	}
	same := func(what string, x, y []float64) {
		t.Helper()
		if len(x) != len(y) {
			t.Fatalf("%s: %d values on exec, %d on the TapeMachine", what, len(x), len(y))
		}
		for i := range x {
			if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
				t.Fatalf("%s[%d]: %v on exec, %v on the TapeMachine", what, i, x[i], y[i])
			}
		}
	}
	for step := range 6 {
		k := n
		if step%2 == 1 {
			k = small
		}
		if step == 3 {
			if va, ok := a.(VAE); ok {
				va.SetBeta(0.4)
				b.(VAE).SetBeta(0.4)
			}
		}
		x := randBatch(seed+uint64(step), k, spec.In)
		if step < 2 {
			la, ga := must2(a.(Differentiable).Gradients(x, x, k))
			lb, gb := must2(b.(Differentiable).Gradients(x, x, k))
			same(fmt.Sprintf("step %d: loss before the gradients", step), []float64{la}, []float64{lb})
			for i := range ga {
				same(fmt.Sprintf("step %d: gradient %d", step, i), ga[i], gb[i])
			}
		}
		la := must(a.TrainStep(x, x, k))
		lb := must(b.TrainStep(x, x, k))
		same(fmt.Sprintf("step %d: training loss", step), []float64{la}, []float64{lb})
	}
	x := randBatch(seed+9, n, spec.In)
	outA, outB := make([]float64, n*spec.In), make([]float64, n*spec.In)
	zA, zB := make([]float64, n*spec.Latent), make([]float64, n*spec.Latent)
	for run := range 2 { // a second run overwrites the first's values
		la := must(a.Evaluate(x, x, n, outA, zA))
		lb := must(b.Evaluate(x, x, n, outB, zB))
		same(fmt.Sprintf("evaluation %d: loss", run), []float64{la}, []float64{lb})
		same("reconstructions", outA, outB)
		same("codes", zA, zB)
		ta, tb := a.Terms(), b.Terms()
		if len(ta) != len(tb) {
			t.Fatalf("%d terms on exec, %d on the TapeMachine", len(ta), len(tb))
		}
		for i := range ta {
			same("term "+ta[i].Name, []float64{ta[i].Value, ta[i].Weight}, []float64{tb[i].Value, tb[i].Weight})
		}
		x = randBatch(seed+10, n, spec.In)
	}
	if err := a.Decode(zA, n, outA); err != nil {
		t.Fatal(err)
	}
	if err := b.Decode(zA, n, outB); err != nil {
		t.Fatal(err)
	}
	same("decodings", outA, outB)
	for i, q := range a.Params().All() {
		same(q.Name, q.Data, b.Params().All()[i].Data)
	}
	if fb := Fallbacks(a); len(fb) > 0 {
		t.Errorf("graphs fall back to the TapeMachine: %q", fb)
	}
	if trained := a.Params().MaxAbsDiff(p); !(trained > 0) {
		t.Errorf("six steps left the weights as they were (%v)", trained)
	}
}

func must2[T, U any](t T, u U, err error) (T, U) {
	if err != nil {
		panic(err)
	}
	return t, u
}

// TestFallback gives compileRunner a graph exec refuses (a G.Set
// statement): it must run on a TapeMachine, say so in Fallbacks, and give a
// run's own gradients, never the sum of several runs'.
func TestFallback(t *testing.T) {
	g := G.NewGraph()
	x := G.NewMatrix(g, G.Float64, G.WithShape(2, 2), G.WithName("x"),
		G.WithValue(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 2, 3, 4}))))
	w := G.NewMatrix(g, G.Float64, G.WithShape(2, 2), G.WithName("w"),
		G.WithValue(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{0.5, -1, 2, 0.25}))))
	loss := G.Must(G.Sum(G.Must(G.Mul(x, w))))
	var lossValue G.Value
	G.Read(loss, &lossValue)
	if _, err := G.Grad(loss, w); err != nil {
		t.Fatal(err)
	}
	G.Set(x, x)
	m := &gorgoniaModel{}
	r, err := m.compileRunner("test graph", 2, g, G.Nodes{w})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r.(*tapeRunner); !ok {
		t.Fatalf("a graph with G.Set runs on %T, want a TapeMachine", r)
	}
	fb := Fallbacks(m)
	if len(fb) != 1 || !strings.Contains(fb[0], "test graph for batches of 2 runs on a TapeMachine") || !strings.Contains(fb[0], "G.Set") {
		t.Errorf("Fallbacks = %q", fb)
	}
	for run := range 2 {
		if err := r.run(); err != nil {
			t.Fatal(err)
		}
		if l := scalar(lossValue); l != 11.5 { // Σ x·w = 4.5 − 0.5 + 9.5 − 2
			t.Errorf("run %d: loss %v, want 11.5", run, l)
		}
		grad, err := r.grads()[0].Grad()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := grad.Data().([]float64), []float64{4, 4, 6, 6}; !slices.Equal(got, want) { // xᵀ·1
			t.Errorf("run %d: gradient %v, want %v", run, got, want)
		}
	}
	if Fallbacks(must(Build(DefaultAE(35), must(Zeros(DefaultAE(35))), Adam{}, 3))) != nil {
		t.Error("the default AE's graphs fall back to the TapeMachine")
	}
}
