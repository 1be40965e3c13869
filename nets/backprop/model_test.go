package backprop

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/nets"
)

func TestBuildErrors(t *testing.T) {
	s := nets.DefaultAE(35)
	tiny := testSpecs()[0]
	cases := []struct {
		spec   nets.Spec
		params *nets.Params
		opt    nets.Adam
		batch  []int
		want   string
	}{
		{s, must(nets.Zeros(tiny)), nets.Adam{}, nil, "do not fit"},
		{s, must(nets.Zeros(s)), nets.Adam{LR: -1}, nil, "learning rate"},
		{s, must(nets.Zeros(s)), nets.Adam{Beta1: 1}, nil, "beta1"},
		{must(nets.Spec{Kind: "ae", Act: "relu", LatentAct: "relu", OutAct: "relu", Loss: "bce"}.WithLayers([]int{35, 2, 35})), must(nets.Zeros(s)), nets.Adam{}, nil, "out-act sigmoid"},
		{s, must(nets.Zeros(s)), nets.Adam{}, []int{32, 0}, "batch of 0"},
	}
	for _, c := range cases {
		if _, err := Build(c.spec, c.params, c.opt, c.batch...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", specName(c.spec), err, c.want)
		}
	}
}

// TestBadInput: every wrong size is an error, never a panic.
func TestBadInput(t *testing.T) {
	spec := testSpecs()[0] // 5-4-2-3-5
	m, err := Build(spec, testParams(spec, 1), nets.Adam{})
	if err != nil {
		t.Fatal(err)
	}
	d := m.(nets.Differentiable)
	x := randBatch(1, 4, 5)
	for _, c := range []struct {
		name string
		call func() error
		want string
	}{
		{"n = 0", func() error { _, err := m.TrainStep(nil, nil, 0); return err }, "batch of 0"},
		{"n < 0", func() error { _, err := m.TrainStep(x, x, -2); return err }, "batch of -2"},
		{"short inputs", func() error { _, err := m.TrainStep(x[:19], x, 4); return err }, "19 values of inputs, want 20"},
		{"4 samples as 3", func() error { _, err := m.TrainStep(x, x, 3); return err }, "20 values of inputs, want 15"},
		{"short targets", func() error { _, err := m.TrainStep(x, x[:15], 4); return err }, "15 values of targets"},
		{"gradients", func() error { _, _, err := d.Gradients(x, x, 5); return err }, "want 25"},
		{"evaluate out", func() error { _, err := m.Evaluate(x, x, 4, make([]float64, 19), nil); return err }, "room for 20"},
		{"evaluate z", func() error { _, err := m.Evaluate(x, x, 4, nil, make([]float64, 9)); return err }, "room for 8"},
		{"evaluate n", func() error { _, err := m.Evaluate(x, x, 0, nil, nil); return err }, "batch of 0"},
		{"decode codes", func() error { return m.Decode(make([]float64, 7), 4, nil) }, "7 values of codes, want 8"},
		{"decode out", func() error { return m.Decode(make([]float64, 8), 4, make([]float64, 21)) }, "room for 20"},
		{"decode n", func() error { return m.Decode(nil, -1, nil) }, "batch of -1"},
	} {
		if err := c.call(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

// TestNoAllocations: once a batch size has been seen, a training step, an
// evaluation and a decoding allocate nothing.
func TestNoAllocations(t *testing.T) {
	ds := data.Font()
	spec := nets.DefaultAE(ds.D)
	m, err := Build(spec, must(nets.NewParams(spec, rand.New(rand.NewPCG(1, 1)))), nets.Adam{LR: 0.009}, ds.N)
	if err != nil {
		t.Fatal(err)
	}
	out, z := make([]float64, ds.N*ds.D), make([]float64, ds.N*2)
	for name, f := range map[string]func(){
		"TrainStep":     func() { m.TrainStep(ds.X, ds.X, ds.N) },
		"TrainStep(8)":  func() { m.TrainStep(ds.X[:8*ds.D], ds.X[:8*ds.D], 8) }, // a size first seen in the warm-up
		"Evaluate":      func() { m.Evaluate(ds.X, ds.X, ds.N, out, z) },
		"Decode":        func() { m.Decode(z, ds.N, out) },
		"SetLearnRate":  func() { m.SetLearnRate(m.LearnRate() * 0.999) },
		"TrainStep(32)": func() { m.TrainStep(ds.X, ds.X, ds.N) },
	} {
		f() // warm-up
		if a := testing.AllocsPerRun(50, f); a != 0 {
			t.Errorf("%s: %v allocations per run", name, a)
		}
	}
}

// TestSharedStore: steps update the store in place, every batch size and
// path sees them, and Gradients neither steps nor accumulates.
func TestSharedStore(t *testing.T) {
	spec := testSpecs()[3] // 5-4-2-3-5, tanh, mse
	p := testParams(spec, 3)
	m, err := Build(spec, p, nets.Adam{LR: 0.01}, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	x := randBatch(2, 4, 5)
	before := p.Clone()
	l0, _, _ := m.(nets.Differentiable).Gradients(x, x, 4)
	_, g1, _ := m.(nets.Differentiable).Gradients(x, x, 4)
	_, g2, _ := m.(nets.Differentiable).Gradients(x, x, 4)
	for i := range g1 {
		if !slices.Equal(g1[i], g2[i]) {
			t.Fatal("gradients changed between two calls")
		}
	}
	if p.MaxAbsDiff(before) != 0 {
		t.Fatal("Gradients stepped")
	}
	if _, err := m.TrainStep(x[:10], x[:10], 2); err != nil {
		t.Fatal(err)
	}
	if p.MaxAbsDiff(before) == 0 {
		t.Fatal("a step left the store unchanged")
	}
	if l1, _ := m.Evaluate(x, x, 4, nil, nil); l1 == l0 {
		t.Error("evaluation does not see the step")
	}
	// Overwriting the store (as loading weights does) is seen too.
	p.CopyFrom(before)
	if l2, _ := m.Evaluate(x, x, 4, nil, nil); l2 != l0 {
		t.Errorf("after restoring the weights: loss %v, want %v", l2, l0)
	}
	if m.Spec().LayerString() != spec.LayerString() || m.Params() != p {
		t.Error("Spec or Params")
	}
}

// TestLearnRate: SetLearnRate keeps the moments and the step count, as
// Gorgonia's does: both engines, changed at the same step, stay identical.
func TestLearnRate(t *testing.T) {
	spec := testSpecs()[0]
	x := randBatch(4, 6, 5)
	g, h := build(t, spec, testParams(spec, 5), nets.Adam{LR: 0.02}, 6)
	for step := range 20 {
		if step == 8 {
			g.SetLearnRate(0.005)
			h.SetLearnRate(0.005)
		}
		if _, err := g.TrainStep(x, x, 6); err != nil {
			t.Fatal(err)
		}
		if _, err := h.TrainStep(x, x, 6); err != nil {
			t.Fatal(err)
		}
	}
	if h.LearnRate() != 0.005 {
		t.Errorf("LearnRate %v after SetLearnRate(0.005)", h.LearnRate())
	}
	if d := g.Params().MaxAbsDiff(h.Params()); d > 1e-12 {
		t.Errorf("weights %g apart after a learning-rate change", d)
	}
}
