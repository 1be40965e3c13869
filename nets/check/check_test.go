package check

import (
	"errors"
	"github.com/aenets/aenets/training/noise"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/backprop"
	"github.com/aenets/aenets/training"
)

// tinySpec is 35-4-2-4-35 for the font.
func tinySpec(act string, loss string) nets.Spec {
	out := "sigmoid"
	if loss == "mse" {
		out = act
	}
	return must(nets.Spec{Kind: nets.KindAE, Act: act, LatentAct: act, OutAct: out, Loss: loss}.WithLayers([]int{35, 4, 2, 4, 35}))
}

// TestFiniteDifferencesOfAQuadratic: central differences of
// L = Σ_i c_i (θ_i − m_i)² + θ_0·θ_1 over every value of a store are its
// gradient 2c_i(θ_i − m_i) (+ the cross terms), exact but for rounding; the
// values not picked are NaN, and the store is left as it was.
func TestFiniteDifferencesOfAQuadratic(t *testing.T) {
	p := must(nets.NewParams(tinySpec("tanh", "mse"), rng.New(3, rng.Init)))
	for _, q := range p.All() { // non-zero biases too
		for j := range q.Data {
			q.Data[j] += 0.01 * float64(j%7)
		}
	}
	before := p.Flatten(nil)
	coef := func(k int) float64 { return 0.5 + float64(k%5) }
	mid := func(k int) float64 { return 0.1 * float64(k%3) }
	loss := func() (float64, error) {
		v := p.Flatten(nil)
		s := v[0] * v[1]
		for k, x := range v {
			s += coef(k) * (x - mid(k)) * (x - mid(k))
		}
		return s, nil
	}
	picked := PickCoordinates(p, 0, 1)
	picked[2] = []int{0, 3} // only two values of the third tensor
	got, l0, err := FiniteDifferences(p, loss, 1e-4, picked)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := loss(); l0 != want {
		t.Errorf("loss at θ %v, want %v", l0, want)
	}
	if !slices.Equal(p.Flatten(nil), before) {
		t.Error("the store was changed")
	}
	k := 0
	for i, q := range p.All() {
		for j := range q.Data {
			x := before[k]
			want := 2 * coef(k) * (x - mid(k))
			switch k {
			case 0:
				want += before[1]
			case 1:
				want += before[0]
			}
			g := got[i][j]
			switch {
			case i == 2 && j != 0 && j != 3:
				if !math.IsNaN(g) {
					t.Errorf("%s[%d] not picked, got %v", q.Name, j, g)
				}
			case math.Abs(g-want) > 1e-9:
				t.Errorf("%s[%d] = %v, want %v", q.Name, j, g, want)
			}
			k++
		}
	}
	boom := errors.New("boom")
	if _, _, err := FiniteDifferences(p, func() (float64, error) { return 0, boom }, 1e-4, picked); !errors.Is(err, boom) {
		t.Errorf("error %v", err)
	}
}

func TestPickCoordinates(t *testing.T) {
	p := must(nets.Zeros(tinySpec("sigmoid", "bce"))) // 140, 4, 8, 2, 8, 4, 140, 35 values
	all := PickCoordinates(p, 0, 1)
	for i, q := range p.All() {
		if len(all[i]) != len(q.Data) || all[i][len(all[i])-1] != len(q.Data)-1 {
			t.Fatalf("%s: %d of %d picked with no maximum", q.Name, len(all[i]), len(q.Data))
		}
	}
	some := PickCoordinates(p, 5, 1)
	for i, q := range p.All() {
		idx := some[i]
		if len(idx) != min(5, len(q.Data)) || !slices.IsSorted(idx) || len(slices.Compact(slices.Clone(idx))) != len(idx) {
			t.Errorf("%s: picked %v", q.Name, idx)
		}
	}
	if again := PickCoordinates(p, 5, 1); !slices.EqualFunc(some, again, slices.Equal) {
		t.Error("the same seed picked other values")
	}
	if other := PickCoordinates(p, 5, 2); slices.EqualFunc(some, other, slices.Equal) {
		t.Error("another seed picked the same values")
	}
}

func TestMaxDiffRelToNorm(t *testing.T) {
	cases := []struct {
		a, b     []float64
		abs, rel float64
	}{
		{[]float64{0, 0}, []float64{0, 0}, 0, 0},
		{[]float64{1, -2}, []float64{1, -2}, 0, 0},
		{[]float64{1e-3, 1e-9}, []float64{1e-3, 2e-9}, 1e-9, 1e-6}, // relative to the tensor's largest, not the element's
		{[]float64{4}, []float64{-4}, 8, 2},
	}
	for _, c := range cases {
		abs, rel := MaxDiff(c.a, c.b)
		if math.Abs(abs-c.abs) > 1e-20 || math.Abs(rel-c.rel) > 1e-12 {
			t.Errorf("MaxDiff(%v, %v) = %v, %v; want %v, %v", c.a, c.b, abs, rel, c.abs, c.rel)
		}
	}
	if abs, rel := MaxDiff([]float64{math.NaN()}, []float64{0}); !math.IsNaN(abs) || !math.IsNaN(rel) {
		t.Error("NaN not reported")
	}
	if r := RelTo(0.5, []float64{1, -4}, []float64{2}); r != 0.125 {
		t.Errorf("RelTo = %v, want 0.125", r)
	}
	if RelTo(0, []float64{0}) != 0 || !math.IsNaN(RelTo(math.NaN(), []float64{1})) {
		t.Error("RelTo of 0 or NaN")
	}
	if n := Norm([]float64{3, -4}); n != 5 {
		t.Errorf("Norm = %v", n)
	}
	if !strings.Contains(RelDefinition, "max_i |a_i − b_i| / max_i max(|a_i|, |b_i|)") {
		t.Errorf("RelDefinition %q", RelDefinition)
	}
}

// TestCompareGradientsAndVerdict: rows from hand-made gradients, and the
// verdict on them.
func TestCompareGradientsAndVerdict(t *testing.T) {
	spec := must(nets.Spec{Kind: nets.KindAE, Act: "sigmoid", LatentAct: "sigmoid", OutAct: "sigmoid", Loss: "bce"}.WithLayers([]int{2, 1, 2}))
	p := must(nets.Zeros(spec)) // enc/0/w 2, enc/0/b 1, dec/0/w 2, dec/0/b 2
	a := [][]float64{{1, -2}, {0}, {0.5, 0.25}, {4, 4}}
	b := [][]float64{{1, -2}, {0}, {0.5, 0.25}, {4, 4 + 4e-12}}
	c := [][]float64{{1 + 2e-7, -2}, {0}, {0.5, math.NaN()}, {4, 4}}
	picked := [][]int{{0, 1}, {0}, {0}, {0, 1}}
	rows := CompareGradients(p, a, b, c, picked)
	if len(rows) != 4 || rows[0].Name != "enc/0/w" || rows[3].Name != "dec/0/b" {
		t.Fatalf("rows %+v", rows)
	}
	if r := rows[0]; r.AB != 0 || math.Abs(r.AC-2e-7) > 1e-15 || math.Abs(r.RelAC-1e-7) > 1e-15 || r.Norm != math.Sqrt(5) || r.Checked != 2 {
		t.Errorf("enc/0/w: %+v", r)
	}
	if r := rows[2]; r.AC != 0 || r.Checked != 1 { // the NaN was not picked
		t.Errorf("dec/0/w: %+v", r)
	}
	if r := rows[3]; math.Abs(r.RelAB-1e-12) > 1e-15 {
		t.Errorf("dec/0/b: rel a:b %v", r.RelAB)
	}
	if err := Verdict(rows, 0.7, 0.7, Tolerances{Engines: 1e-10, FD: 1e-6}, nil, 0); err != nil {
		t.Errorf("within the tolerances: %v", err)
	}
	rough := []RoughCount{{"enc/0", 2, 4}, {"dec/0", 1, 4}}
	err := Verdict(rows, 0.7, 0.8, Tolerances{Engines: 1e-13, FD: 1e-8}, rough, 3e-3)
	var f *Failure
	if !errors.As(err, &f) {
		t.Fatalf("error %v, want a *Failure", err)
	}
	if f.Engines == nil || f.Engines.Name != "dec/0/b" || !f.LossesDiffer || f.FD == nil || f.FD.Name != "enc/0/w" || f.Rough != 3 {
		t.Errorf("failure %+v", f)
	}
	for _, s := range []string{"gradients of dec/0/b", "losses differ", "finite differences of enc/0/w", "3 pre-activations"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%q does not say %q", err, s)
		}
	}
	rows[1].RelAC = math.NaN() // a NaN is the worst
	if err := Verdict(rows, 0.7, 0.7, Tolerances{Engines: 1, FD: 1}, nil, 0); !errors.As(err, &f) || f.FD.Name != "enc/0/b" || f.Engines != nil {
		t.Errorf("NaN: %v", err)
	}
}

// TestCountRough counts hand-made pre-activations: relu's kink, the
// sigmoid above 19, softplus from 16 to 19, BCE's logits from 16 to 19 on
// the last layer (instead of its sigmoid's), none for tanh.
func TestCountRough(t *testing.T) {
	layers := []nets.LayerValues{
		{Name: "enc/0", Act: graph.ReLU, Z: []float64{-0.01, -0.001, 0, 0.0005, 0.5}},
		{Name: "enc/1", Act: graph.Tanh, Z: []float64{0, 20}},
		{Name: "dec/0", Act: graph.Softplus, Z: []float64{15.998, 15.9, 17, 19.002, 19.1}},
		{Name: "dec/1", Act: graph.Sigmoid, Z: []float64{18.998, 18, 25, 16.5, -20}},
	}
	got := CountRough(layers, false, 0.003)
	want := []RoughCount{{"enc/0", 3, 5}, {"dec/0", 3, 5}, {"dec/1", 2, 5}}
	if !slices.Equal(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	got = CountRough(layers, true, 0.003) // dec/1's values are BCE's logits
	want[2].Near = 3                      // 18.998, 18 and 16.5; not 25
	if !slices.Equal(got, want) || RoughTotal(got) != 9 {
		t.Errorf("BCE: counts %v, want %v", got, want)
	}
}

// TestRough counts the pre-activations a backprop model computed: at zero
// weights every pre-activation is 0, at relu's kink; a VAE is not checked.
func TestRough(t *testing.T) {
	ds := data.Font()
	spec := tinySpec("relu", "bce")
	m, err := backprop.Build(spec, must(nets.Zeros(spec)), nets.Adam{})
	if err != nil {
		t.Fatal(err)
	}
	counts, checked, err := Rough(m.(PreActivator), ds.X[:4*ds.D], 4, 1e-3)
	if err != nil || !checked {
		t.Fatal(checked, err)
	}
	want := []RoughCount{{"enc/0", 16, 16}, {"enc/1", 8, 8}, {"dec/0", 16, 16}, {"dec/1", 0, 140}}
	if !slices.Equal(counts, want) {
		t.Errorf("counts %v, want %v", counts, want)
	}
	vspec := must(nets.DefaultVAE(ds.D, 2).WithLayers([]int{ds.D, 4, 2, 4, ds.D}))
	v, err := backprop.Build(vspec, must(nets.Zeros(vspec)), nets.Adam{})
	if err != nil {
		t.Fatal(err)
	}
	if _, checked, err := Rough(v.(PreActivator), ds.X[:4*ds.D], 4, 1e-3); checked || err != nil {
		t.Errorf("VAE: checked %v, %v", checked, err)
	}
}

// TestLockstep steps the two engines on a tiny DAE in minibatches of 5
// (with a shorter last batch) for three epochs: weights and losses agree
// bit for bit after every step, and the Gorgonia model ends with the
// weights training.Train gives the same net on the same seed.
func TestLockstep(t *testing.T) {
	ds := data.Font()
	spec := tinySpec("sigmoid", "bce")
	const seed, steps = 4, 21 // 32 samples in batches of 5: 7 steps an epoch
	noise := &noise.Noise{Model: noise.Flip{}, Level: 0.15}
	init := must(nets.NewParams(spec, rng.New(seed, rng.Init)))
	adam := nets.Adam{LR: 0.01}
	g, err := nets.Build(spec, init.Clone(), adam, 5, 2)
	if err != nil {
		t.Fatal(err)
	}
	h, err := backprop.Build(spec, init.Clone(), adam, 5, 2)
	if err != nil {
		t.Fatal(err)
	}
	batches := training.NewBatcher(ds, 5, noise, seed)
	if s := batches.Sizes(); !slices.Equal(s, []int{5, 2}) {
		t.Errorf("sizes %v", s)
	}
	taken := 0
	err = Lockstep(Engine{"gorgonia", g}, Engine{"backprop", h}, batches, steps, func(s Step) bool {
		taken++
		if s.Step != taken || s.WeightDiff != 0 || s.LossDiff != 0 || s.LossA != s.LossB || !(s.LossA > 0) || s.TimeA <= 0 || s.TimeB <= 0 {
			t.Errorf("step %+v", s)
		}
		return true
	})
	if err != nil || taken != steps {
		t.Fatalf("%d steps, %v", taken, err)
	}
	m, err := nets.Build(spec, init.Clone(), adam, 5, 2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := training.Train(m, ds, training.Config{Epochs: 3, Batch: 5, Goal: -1, Seed: seed, Noise: noise}); err != nil {
		t.Fatal(err)
	}
	if d := m.Params().MaxAbsDiff(g.Params()); d != 0 {
		t.Errorf("Lockstep and training.Train end %g apart", d)
	}
	// each can stop it; an engine's error names it and the step.
	taken = 0
	if err := Lockstep(Engine{"gorgonia", g}, Engine{"backprop", h}, batches, steps, func(Step) bool { taken++; return taken < 3 }); err != nil || taken != 3 {
		t.Errorf("stopped after %d steps, %v", taken, err)
	}
	small, err := backprop.Build(tinySpec("tanh", "mse"), init.Clone(), adam)
	if err != nil {
		t.Fatal(err)
	}
	wrong := training.NewBatcher(&data.Dataset{Name: "w", N: 2, D: 3, X: make([]float64, 6)}, 0, nil, 1)
	err = Lockstep(Engine{"gorgonia", g}, Engine{"backprop", small}, wrong, 1, func(Step) bool { return true })
	if err == nil || !strings.Contains(err.Error(), "step 1: gorgonia engine") {
		t.Errorf("error %v", err)
	}
}

// must returns v, stopping the test binary on err: for set-up that cannot fail.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
