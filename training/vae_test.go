package training

import (
	"math"
	"testing"

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
