package training

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/diff/fd"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
)

// TestVAELearns trains a small VAE on the emoji briefly: its loss falls,
// the history holds both terms, and the KL warm-up raises β linearly.
func TestVAELearns(t *testing.T) {
	ds := data.Emoji()
	spec := must(nets.DefaultVAE(ds.D, 2).WithLayers([]int{400, 32, 2, 32, 400}))
	m, err := nets.Build(spec, must(nets.NewParams(spec, rng.New(1, rng.Init))), nets.Adam{LR: 3e-3}, ds.N)
	if err != nil {
		t.Fatal(err)
	}
	h, err := Train(m, ds, Config{Epochs: 40, Goal: -1, Seed: 1, KLWarmup: 10})
	if err != nil {
		t.Fatal(err)
	}
	recon, kl := h.Term("recon"), h.Term("kl")
	if len(h.Terms) != 2 || recon == nil || kl == nil || len(recon.Value) != 40 || len(kl.Value) != 40 || len(kl.Weight) != 40 {
		t.Fatalf("history terms: %+v", h.Terms)
	}
	if !(h.Loss[39] < 0.8*h.Loss[0]) {
		t.Errorf("loss %v → %v: not learning", h.Loss[0], h.Loss[39])
	}
	for e, b := range kl.Weight {
		want := math.Min(1, float64(e+1)/10)
		if math.Abs(b-want) > 1e-15 {
			t.Errorf("epoch %d: β %v, want %v", e+1, b, want)
		}
		if d := h.Loss[e] - (recon.Value[e] + b*kl.Value[e]); math.Abs(d) > 1e-9*h.Loss[e] {
			t.Errorf("epoch %d: loss %v ≠ recon %v + β·KL %v", e+1, h.Loss[e], recon.Value[e], kl.Value[e])
		}
	}
	if m.(nets.VAE).Beta() != 1 {
		t.Errorf("β after training %v, want the spec's 1", m.(nets.VAE).Beta())
	}
}

// TestBetaFactor: the linear warm-up and the cycles, epoch by epoch.
func TestBetaFactor(t *testing.T) {
	lin := Config{Epochs: 20, KLWarmup: 4}
	for e, want := range map[int]float64{1: 0.25, 2: 0.5, 4: 1, 20: 1} {
		if got := lin.BetaFactor(e); got != want {
			t.Errorf("linear, epoch %d: %v, want %v", e, got, want)
		}
	}
	// 3 cycles of ⌈20/3⌉ = 7 epochs, climbing over the first 3.5 of each.
	cyc := Config{Epochs: 20, KLCycles: 3}
	want := []float64{1 / 3.5, 2 / 3.5, 3 / 3.5, 1, 1, 1, 1}
	for e := 1; e <= 20; e++ {
		if got := cyc.BetaFactor(e); math.Abs(got-want[(e-1)%7]) > 1e-15 {
			t.Errorf("cycles, epoch %d: %v, want %v", e, got, want[(e-1)%7])
		}
	}
	if f := (Config{Epochs: 10, KLCycles: 2, KLRamp: 1}).BetaFactor(5); f != 1 {
		t.Errorf("ramp 1: the cycle's last epoch has factor %v, want 1", f)
	}
	if f := (Config{Epochs: 10}).BetaFactor(1); f != 1 {
		t.Errorf("no warm-up: %v", f)
	}
	for _, bad := range []Config{{KLCycles: -1}, {KLCycles: 2, KLWarmup: 3}, {KLCycles: 2, KLRamp: 1.5}, {KLCycles: 2, KLRamp: math.NaN()}} {
		if bad.Epochs = 1; bad.Check() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

// TestVAECycles trains a tiny VAE with cyclical warm-up: every epoch's β is
// the cycle's, and at an epoch halfway up a ramp the gradients the model
// steps with are those of that β (checked against finite differences of
// the loss at the same ε).
func TestVAECycles(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	ds := &data.Dataset{Name: "tiny", N: 4, D: 6, Rows: 2, Cols: 3}
	for range ds.N * ds.D {
		ds.X = append(ds.X, r.Float64())
	}
	ds.Labels, ds.IDs = []string{"a", "b", "c", "d"}, []string{"1", "2", "3", "4"}
	spec := must(nets.DefaultVAE(ds.D, 2).WithLayers([]int{6, 5, 2, 5, 6}))
	spec.Act, spec.Beta, spec.FreeBits = "tanh", 0.8, 0.05
	m, err := nets.Build(spec, must(nets.NewParams(spec, rng.New(2, rng.Init))), nets.Adam{LR: 1e-3}, ds.N)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Epochs: 12, Goal: -1, Seed: 1, KLCycles: 2}
	checked := false
	check := func(p Progress) error {
		if p.Epoch != 2 { // factor 2/3 (cycles of 6 epochs, ramps of 3)
			return nil
		}
		if b := m.(nets.VAE).Beta(); math.Abs(b-0.8*2/3.0) > 1e-15 {
			t.Errorf("epoch 2: β %v, want 0.8·2/3", b)
		}
		m.(nets.VAE).SetEpsilon([]float64{0.3, -1.2, 0.8, 0.1, -0.4, 1.5, 0.7, -0.2})
		defer m.(nets.VAE).SetEpsilon(nil)
		d := m.(nets.Differentiable)
		_, grads, err := d.Gradients(ds.X, ds.X, ds.N)
		if err != nil {
			return err
		}
		for i, q := range m.Params().All() {
			orig := slices.Clone(q.Data)
			num := fd.Gradient(nil, func(w []float64) float64 {
				copy(q.Data, w)
				l, _, _ := d.Gradients(ds.X, ds.X, ds.N)
				return l
			}, orig, &fd.Settings{Formula: fd.Central, Step: 1e-6})
			copy(q.Data, orig)
			for j := range num {
				if e := math.Abs(num[j] - grads[i][j]); e > 1e-6*(1+math.Abs(num[j])) {
					t.Errorf("%s[%d]: symbolic %.10g, finite differences %.10g", q.Name, j, grads[i][j], num[j])
				}
			}
		}
		checked = true
		return nil
	}
	h, err := Train(m, ds, cfg, check)
	if err != nil {
		t.Fatal(err)
	}
	if !checked {
		t.Fatal("the hook never ran at epoch 2")
	}
	kl := h.Term("kl")
	for e, w := range kl.Weight {
		if want := 0.8 * cfg.BetaFactor(e+1); w != want {
			t.Errorf("epoch %d: β %v, want %v", e+1, w, want)
		}
	}
	if kl.Weight[5] != 0.8 || math.Abs(kl.Weight[6]-0.8/3) > 1e-15 || h.Term("free_bits") == nil {
		t.Errorf("β %v: want the full 0.8 at the end of the first cycle, a third of it at the start of the second; terms %d", kl.Weight, len(h.Terms))
	}
}
