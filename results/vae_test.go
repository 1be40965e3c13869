package results

import (
	"math"
	"slices"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/training"
)

func TestMostUsed(t *testing.T) {
	// Dimension 2 varies most, then 0; 1 has collapsed.
	codes := []float64{1, 0, 5, -1, 0.01, -5, 0.5, 0, 0}
	if a, b := MostUsed(codes, 3, 3); a != 0 || b != 2 {
		t.Errorf("MostUsed = %d, %d; want 0, 2", a, b)
	}
	if a, b := MostUsed([]float64{1, 2}, 2, 1); a != 0 || b != 0 {
		t.Errorf("one dimension: %d, %d", a, b)
	}
}

func TestSlerp(t *testing.T) {
	a, b := []float64{1, 0}, []float64{0, 2}
	mid := Slerp(a, b, 0.5)
	// On the arc at 45°, with the norm halfway: 1.5·(√½, √½).
	if math.Abs(mid[0]-1.5*math.Sqrt(0.5)) > 1e-12 || math.Abs(mid[1]-1.5*math.Sqrt(0.5)) > 1e-12 {
		t.Errorf("slerp midpoint %v", mid)
	}
	if e := Slerp(a, b, 0); e[0] != 1 || e[1] != 0 {
		t.Errorf("t=0: %v", e)
	}
	if e := Slerp(a, b, 1); math.Abs(e[0]) > 1e-12 || math.Abs(e[1]-2) > 1e-12 {
		t.Errorf("t=1: %v", e)
	}
	// Parallel codes: the straight line.
	if p := Slerp([]float64{1, 1}, []float64{2, 2}, 0.5); p[0] != 1.5 || p[1] != 1.5 {
		t.Errorf("parallel: %v", p)
	}
}

// TestActiveUnits on a hand-made μ: dimension 0 spread (variance 1),
// dimension 1 just under the threshold, dimension 2 constant.
func TestActiveUnits(t *testing.T) {
	mu := []float64{
		-1, 0.09, 3,
		1, -0.09, 3,
		-1, 0.09, 3,
		1, -0.09, 3,
	}
	v, active := ActiveUnits(mu, 4, 3, ActiveThreshold)
	want := []float64{1, 0.0081, 0}
	for j := range want {
		if math.Abs(v[j]-want[j]) > 1e-15 {
			t.Errorf("variance of dimension %d: %v, want %v", j, v[j], want[j])
		}
	}
	if !active[0] || active[1] || active[2] {
		t.Errorf("active %v, want only dimension 0", active)
	}
	if _, a := ActiveUnits([]float64{0, 0.2}, 2, 1, ActiveThreshold); !a[0] {
		t.Error("variance 0.01 + ε not active")
	}
}

func TestNearestMAE(t *testing.T) {
	data := []float64{0, 0, 1, 1}                  // two images of two pixels
	samples := []float64{0.1, 0, 1, 0.5, 0.5, 0.5} // nearest: 0.05 (first), 0.25 (second), 0.5 (both)
	near, mean := NearestMAE(samples, data, 3, 2, 2)
	want := []float64{0.05, 0.25, 0.5}
	for i := range want {
		if math.Abs(near[i]-want[i]) > 1e-15 {
			t.Errorf("sample %d: %v, want %v", i, near[i], want[i])
		}
	}
	if math.Abs(mean-0.8/3) > 1e-15 {
		t.Errorf("mean %v, want %v", mean, 0.8/3)
	}
}

// tinyVAE is a small VAE on the emoji with free bits and β ≠ 1, trained
// for a few epochs with a KLTrace.
func tinyVAE(t *testing.T) (nets.Model, *data.Dataset, *training.History, *KLTrace) {
	t.Helper()
	ds := data.Emoji()
	spec, err := nets.DefaultVAE(ds.D, 3).WithLayers([]int{ds.D, 24, 3, 24, ds.D})
	if err != nil {
		t.Fatal(err)
	}
	spec.Beta, spec.FreeBits = 0.5, 0.3
	p, err := nets.NewParams(spec, rng.New(1, rng.Init))
	if err != nil {
		t.Fatal(err)
	}
	m, err := nets.Build(spec, p, nets.Adam{LR: 3e-3}, ds.N)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewKLTrace(m, ds, 12)
	if err != nil {
		t.Fatal(err)
	}
	h, err := training.Train(m, ds, training.Config{Epochs: 12, Goal: -1, Seed: 1}, tr.Hook)
	if err != nil {
		t.Fatal(err)
	}
	return m, ds, h, tr
}

// TestLatentStats: μ as the model's evaluation gives it, the KL per
// dimension summing to the objective's KL term, σ from logσ²; the negative
// ELBO ignores the run's β and free bits; the trace's last point is the
// final KL.
func TestLatentStats(t *testing.T) {
	m, ds, h, tr := tinyVAE(t)
	mu := make([]float64, ds.N*3)
	if _, err := m.Evaluate(ds.X, ds.X, ds.N, nil, mu); err != nil {
		t.Fatal(err)
	}
	_, kl := termsOf(m.Terms())
	st, err := LatentStatsOf(m, ds.X, ds.N)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.Mu, mu) {
		t.Error("μ differs from the model's evaluation")
	}
	sum := 0.0
	for j := range 3 {
		sum += st.KL[j]
		if !(st.Sigma[j] > 0 && st.Sigma[j] <= math.Exp(0.5*nets.LogVarClip)) {
			t.Errorf("σ of dimension %d: %v", j, st.Sigma[j])
		}
	}
	if math.Abs(sum-kl) > 1e-9*kl {
		t.Errorf("KL per dimension %v sums to %v, the objective's KL is %v", st.KL, sum, kl)
	}
	v, _ := ActiveUnits(mu, ds.N, 3, ActiveThreshold)
	if !slices.Equal(v, st.MuVar) {
		t.Errorf("MuVar %v, ActiveUnits %v", st.MuVar, v)
	}
	// The negative ELBO at β = 1 without free bits: the same for the run's
	// model and for one built without them on the same weights.
	plain := m.Spec()
	plain.Beta, plain.FreeBits = 1, 0
	m1, err := nets.Build(plain, m.Params(), nets.Adam{})
	if err != nil {
		t.Fatal(err)
	}
	a, errA := NegELBO(m, ds.X, ds.N, 3, rng.New(1, rng.ELBO))
	b, errB := NegELBO(m1, ds.X, ds.N, 3, rng.New(1, rng.ELBO))
	if errA != nil || errB != nil || a != b {
		t.Errorf("negative ELBO %v (%v) for the run's model, %v (%v) without its β and free bits", a, errA, b, errB)
	}
	// It is reconstruction (of sampled z's, worse than of μ) plus the KL.
	recon, _ := termsOf(m.Terms())
	if !(a > kl+recon-5 && a < kl+recon+50) {
		t.Errorf("negative ELBO %v, recon from μ %v + KL %v", a, recon, kl)
	}
	last := len(tr.Epochs) - 1
	if tr.Epochs[0] != 1 || tr.Epochs[last] != 12 || len(tr.KL) != 3 || len(tr.KL[0]) != len(tr.Epochs) {
		t.Fatalf("trace at epochs %v, %d series", tr.Epochs, len(tr.KL))
	}
	traced := tr.KL[0][last] + tr.KL[1][last] + tr.KL[2][last]
	if final := h.Term("kl").Value[11]; math.Abs(traced-final) > 1e-9*final {
		t.Errorf("trace's last KL %v, history's %v", traced, final)
	}
	// Done keeps what the trace recorded; it records no more.
	tr.Done()
	if err := tr.Hook(training.Progress{Epoch: 12, Epochs: 12}); err == nil || len(tr.Epochs) != last+1 {
		t.Errorf("a hook after Done: %v, %d epochs recorded", err, len(tr.Epochs))
	}
}

// termsOf returns a VAE's reconstruction and KL terms.
func termsOf(terms []nets.TermValue) (recon, kl float64) {
	for _, t := range terms {
		switch t.Name {
		case "recon":
			recon = t.Value
		case "kl":
			kl = t.Value
		}
	}
	return recon, kl
}
