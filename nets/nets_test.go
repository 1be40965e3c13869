package nets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
)

func tinySpec(act, loss string) Spec {
	out := "sigmoid"
	if loss == "mse" {
		out = act
	}
	return must(Spec{Kind: KindAE, Act: act, LatentAct: act, OutAct: out, Loss: loss}.WithLayers([]int{5, 4, 2, 3, 5}))
}

func randBatch(seed uint64, n, d int) []float64 {
	r := rand.New(rand.NewPCG(seed, 3))
	x := make([]float64, n*d)
	for i := range x {
		x[i] = r.Float64()
	}
	return x
}

func TestSpecLayers(t *testing.T) {
	s := must(Spec{Kind: KindAE, Act: "tanh", LatentAct: "identity", OutAct: "sigmoid", Loss: "bce"}.WithLayers([]int{35, 18, 6, 2, 6, 18, 35}))
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if s.In != 35 || !slices.Equal(s.Encoder, []int{18, 6}) || s.Latent != 2 || !slices.Equal(s.Decoder, []int{6, 18}) {
		t.Errorf("split into %+v", s)
	}
	var got []string
	for _, d := range must(Layout(s)) {
		got = append(got, d.Name+fmt.Sprint(d.Shape))
	}
	want := []string{"enc/0/w[35 18]", "enc/0/b[18]", "enc/1/w[18 6]", "enc/1/b[6]", "enc/2/w[6 2]", "enc/2/b[2]",
		"dec/0/w[2 6]", "dec/0/b[6]", "dec/1/w[6 18]", "dec/1/b[18]", "dec/2/w[18 35]", "dec/2/b[35]"}
	if !slices.Equal(got, want) {
		t.Errorf("layout %v, want %v", got, want)
	}
	if s.LayerString() != "35-18-6-2-6-18-35" {
		t.Error(s.LayerString())
	}
	// The middle width is the code, whatever the widths: explicit, never inferred.
	if s := must(s.WithLayers([]int{35, 2, 3, 2, 35})); s.Latent != 3 {
		t.Errorf("code %d, want the middle width 3", s.Latent)
	}
	for _, bad := range [][]int{{35, 35}, {35, 18, 2, 35}, {35, 2, 30}} {
		if _, err := s.WithLayers(bad); err == nil {
			t.Errorf("layers %v accepted", bad)
		}
	}
}

func TestSpecCheckErrors(t *testing.T) {
	ok := DefaultAE(35)
	cases := []struct {
		edit func(*Spec)
		want string
	}{
		{func(s *Spec) { s.Latent = 0 }, "latent 0: want a latent width > 0"},
		{func(s *Spec) { s.Encoder = []int{0} }, "a hidden width of 0"},
		{func(s *Spec) { s.Decoder = []int{-4} }, "want > 0"},
		{func(s *Spec) { s.Tied, s.Decoder = true, []int{16} }, "must mirror the encoder"},
		{func(s *Spec) { s.L1 = -1 }, "l1 -1"},
		{func(s *Spec) { s.Beta = 1 }, "beta weighs a VAE's KL term"},
		{func(s *Spec) { s.Act = "swish" }, `unknown activation "swish"`},
		{func(s *Spec) { s.Loss = "l1" }, `unknown loss "l1"`},
		{func(s *Spec) { s.OutAct = "relu" }, "use out-act sigmoid"},
		{func(s *Spec) { s.Kind = "gan" }, "unknown net kind"},
	}
	for _, c := range cases {
		s := ok
		s.Encoder, s.Decoder = slices.Clone(ok.Encoder), slices.Clone(ok.Decoder)
		c.edit(&s)
		if err := s.Check(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", s, err, c.want)
		}
	}
	if err := ok.CheckData(400); err == nil || !strings.Contains(err.Error(), "the data has 400") {
		t.Errorf("CheckData: %v", err)
	}
}

func TestParamsLayout(t *testing.T) {
	s := DefaultAE(35)
	p := must(NewParams(s, rand.New(rand.NewPCG(1, 1))))
	var names []string
	for _, q := range p.All() {
		names = append(names, fmt.Sprint(q.Name, q.Shape))
	}
	want := []string{"enc/0/w[35 17]", "enc/0/b[17]", "enc/1/w[17 2]", "enc/1/b[2]", "dec/0/w[2 17]", "dec/0/b[17]", "dec/1/w[17 35]", "dec/1/b[35]"}
	if !slices.Equal(names, want) {
		t.Errorf("layout %v, want %v", names, want)
	}
	if p.Size() != 35*17+17+17*2+2+2*17+17+17*35+35 {
		t.Errorf("size %d", p.Size())
	}
	q := must(NewParams(s, rand.New(rand.NewPCG(1, 1))))
	if p.MaxAbsDiff(q) != 0 {
		t.Error("same seed, different weights")
	}
	if slices.ContainsFunc(p.Get("enc/0/b").Data, func(v float64) bool { return v != 0 }) {
		t.Error("biases not zero")
	}
	flat := p.Flatten(nil)
	q.Unflatten(make([]float64, len(flat)))
	if q.MaxAbsDiff(p) == 0 {
		t.Fatal("Unflatten did nothing")
	}
	q.Unflatten(flat)
	if q.MaxAbsDiff(p) != 0 {
		t.Error("Flatten/Unflatten round trip")
	}
	if err := must(Zeros(tinySpec("tanh", "mse"))).CopyFrom(p); err == nil {
		t.Error("CopyFrom of another layout")
	}
}

// TestNetGradients checks the whole autoencoder's symbolic gradients against
// central finite differences, for every activation and both losses.
func TestNetGradients(t *testing.T) {
	for _, loss := range []string{"bce", "mse"} {
		for _, act := range []string{"sigmoid", "tanh", "softplus", "identity", "relu"} {
			if loss == "bce" && act != "sigmoid" && act != "tanh" {
				continue
			}
			t.Run(loss+"/"+act, func(t *testing.T) {
				s := tinySpec(act, loss)
				p := must(NewParams(s, rand.New(rand.NewPCG(4, 4))))
				// Non-zero biases keep relu away from its kink at 0, where
				// finite differences are meaningless.
				biased(p, 6)
				m, err := Build(s, p, Adam{})
				if err != nil {
					t.Fatal(err)
				}
				x := randBatch(5, 3, 5)
				fdCheck(t, m, x, 3)
				_, grads, err := m.(Differentiable).Gradients(x, x, 3)
				if err != nil {
					t.Fatal(err)
				}
				// Gradients does not accumulate: asking twice gives the same numbers.
				_, again, _ := m.(Differentiable).Gradients(x, x, 3)
				for i := range grads {
					if !slices.Equal(grads[i], again[i]) {
						t.Fatalf("%s: gradients changed between two calls", p.All()[i].Name)
					}
				}
			})
		}
	}
}

// TestEvaluationDoesNotDisturbTraining: Gorgonia accumulates gradients across
// runs of one machine, so evaluating between steps must use its own graph.
func TestEvaluationDoesNotDisturbTraining(t *testing.T) {
	s := tinySpec("sigmoid", "bce")
	x := randBatch(1, 4, 5)
	run := func(evaluate bool) *Params {
		p := must(NewParams(s, rand.New(rand.NewPCG(2, 2))))
		m, err := Build(s, p, Adam{LR: 0.05}, 4)
		if err != nil {
			t.Fatal(err)
		}
		for range 20 {
			if _, err := m.TrainStep(x, x, 4); err != nil {
				t.Fatal(err)
			}
			if evaluate {
				if _, err := m.Evaluate(x, x, 4, make([]float64, 20), make([]float64, 8)); err != nil {
					t.Fatal(err)
				}
				if err := m.Decode(make([]float64, 4), 2, make([]float64, 10)); err != nil {
					t.Fatal(err)
				}
			}
		}
		return p
	}
	if d := run(false).MaxAbsDiff(run(true)); d != 0 {
		t.Errorf("evaluating between steps changed the weights by %g", d)
	}
}

// TestSharedWeights: the training step updates the store in place, and every
// graph (other batch sizes, evaluation, decoding) sees the update.
func TestSharedWeights(t *testing.T) {
	s := tinySpec("tanh", "mse")
	p := must(NewParams(s, rand.New(rand.NewPCG(3, 3))))
	m, err := Build(s, p, Adam{LR: 0.01}, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	x := randBatch(2, 4, 5)
	before := p.Clone()
	l0, _ := m.Evaluate(x, x, 4, nil, nil)
	if _, err := m.TrainStep(x[:10], x[:10], 2); err != nil {
		t.Fatal(err)
	}
	if p.MaxAbsDiff(before) == 0 {
		t.Fatal("a step left the store unchanged")
	}
	l1, _ := m.Evaluate(x, x, 4, nil, nil)
	if l0 == l1 {
		t.Error("the evaluation graph does not see the step")
	}
	// Decode(encode(x)) equals the reconstruction.
	out, z := make([]float64, 20), make([]float64, 8)
	if _, err := m.Evaluate(x, x, 4, out, z); err != nil {
		t.Fatal(err)
	}
	dec := make([]float64, 20)
	if err := m.Decode(z, 4, dec); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out, dec) {
		t.Error("decoding the latent codes does not give the reconstructions")
	}
	if _, err := m.TrainStep(x, x, 3); err == nil {
		t.Error("a batch of 4 samples passed as 3")
	}
}

func TestLearnRate(t *testing.T) {
	s := tinySpec("sigmoid", "bce")
	x := randBatch(1, 2, 5)
	step := func(lr float64) float64 {
		p := must(NewParams(s, rand.New(rand.NewPCG(2, 2))))
		m, _ := Build(s, p, Adam{LR: 0.1})
		m.SetLearnRate(lr)
		if m.LearnRate() != lr {
			t.Fatalf("LearnRate %v after SetLearnRate(%v)", m.LearnRate(), lr)
		}
		before := p.Clone()
		if _, err := m.TrainStep(x, x, 2); err != nil {
			t.Fatal(err)
		}
		return p.MaxAbsDiff(before)
	}
	// Adam's first step moves every weight by about lr.
	if a, b := step(0.01), step(0.001); math.Abs(a/b-10) > 0.01 {
		t.Errorf("steps %v and %v: ratio %v, want 10", a, b, a/b)
	}
}

func TestWeightsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s := DefaultAE(35)
	p := must(NewParams(s, rand.New(rand.NewPCG(9, 9))))
	path := filepath.Join(dir, "weights.npz")
	if err := SaveWeights(path, Info{Spec: s, Data: "font"}, p); err != nil {
		t.Fatal(err)
	}
	info, q, err := LoadWeightsFor(path, s)
	if err != nil {
		t.Fatal(err)
	}
	if q.MaxAbsDiff(p) != 0 || info.Data != "font" || info.Format != WeightsFormat || info.Spec.LayerString() != s.LayerString() {
		t.Errorf("round trip: %+v, diff %g", info, q.MaxAbsDiff(p))
	}
	// Another architecture is refused, naming the difference.
	other := s
	other.Encoder, other.Decoder = []int{18}, []int{18}
	if _, _, err := LoadWeightsFor(path, other); err == nil || !strings.Contains(err.Error(), "layers 35-17-2-17-35, want 35-18-2-18-35") {
		t.Errorf("another architecture: %v", err)
	}
	other = s
	other.Act = "tanh"
	if _, _, err := LoadWeightsFor(path, other); err == nil || !strings.Contains(err.Error(), "activations") {
		t.Errorf("other activations: %v", err)
	}
	// Files that are not aenets weights.
	junk := filepath.Join(dir, "junk.npz")
	os.WriteFile(junk, []byte("not a zip"), 0o644)
	if _, _, err := LoadWeights(junk); err == nil || !strings.Contains(err.Error(), "not a readable .npz") {
		t.Errorf("junk: %v", err)
	}
	if _, _, err := LoadWeights(filepath.Join(dir, "missing.npz")); err == nil {
		t.Error("missing file accepted")
	}
	// A saved file of another store layout is refused when writing.
	if err := SaveWeights(filepath.Join(dir, "x.npz"), Info{Spec: other}, must(Zeros(tinySpec("tanh", "mse")))); err == nil {
		t.Error("saved parameters that do not fit the spec")
	}
}

func TestBuildErrors(t *testing.T) {
	s := DefaultAE(35)
	if _, err := Build(s, must(Zeros(tinySpec("tanh", "mse"))), Adam{}); err == nil || !strings.Contains(err.Error(), "do not fit") {
		t.Errorf("params of another spec: %v", err)
	}
	if _, err := Build(s, must(Zeros(s)), Adam{LR: -1}); err == nil || !strings.Contains(err.Error(), "learning rate") {
		t.Errorf("negative lr: %v", err)
	}
	if _, err := Build(s, must(Zeros(s)), Adam{Beta1: 1}); err == nil {
		t.Error("beta1 = 1 accepted")
	}
}

// TestFontFits is a guard that the default architecture fits the built-in font.
func TestFontFits(t *testing.T) {
	if err := DefaultAE(35).CheckData(data.Font().D); err != nil {
		t.Fatal(err)
	}
}

// must returns v, stopping the test binary on err: for set-up that cannot fail.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
