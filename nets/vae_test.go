package nets

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
)

func tinyVAE(loss string) Spec {
	s := must(DefaultVAE(6, 2).WithLayers([]int{6, 5, 4, 2, 4, 5, 6}))
	s.Loss = loss
	s.Beta = 0.7
	return s
}

func TestVAELayout(t *testing.T) {
	s := DefaultVAE(400, 3)
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, q := range must(Zeros(s)).All() {
		names = append(names, q.Name)
	}
	want := []string{"enc/0/w", "enc/0/b", "enc/1/w", "enc/1/b", "enc/2/w", "enc/2/b", "vae/mu/w", "vae/mu/b",
		"vae/logvar/w", "vae/logvar/b", "dec/0/w", "dec/0/b", "dec/1/w", "dec/1/b", "dec/2/w", "dec/2/b", "dec/3/w", "dec/3/b"}
	if !slices.Equal(names, want) {
		t.Errorf("layout %v", names)
	}
	if h := must(Zeros(s)).Get("vae/mu/w"); !slices.Equal(h.Shape, []int{100, 3}) {
		t.Errorf("head μ of shape %v", h.Shape)
	}
	bad := s
	bad.LatentAct = "sigmoid"
	if err := bad.Check(); err == nil || !strings.Contains(err.Error(), "identity") {
		t.Errorf("VAE with a latent activation: %v", err)
	}
	bad = s
	bad.Beta = -1
	if err := bad.Check(); err == nil {
		t.Error("β < 0 accepted")
	}
}

// TestVAEGradients checks the VAE's symbolic gradients, at a fixed ε,
// against central finite differences of its training loss.
func TestVAEGradients(t *testing.T) {
	for _, loss := range []string{"bce", "mse"} {
		s := tinyVAE(loss)
		p := must(NewParams(s, rand.New(rand.NewPCG(8, 8))))
		biased(p, 9)
		m, err := Build(s, p, Adam{})
		if err != nil {
			t.Fatal(err)
		}
		v := m.(VAE)
		x := randBatch(3, 3, 6)
		eps := []float64{0.3, -1.2, 0.8, 0.1, -0.4, 1.5}
		v.SetEpsilon(eps)
		l0 := vaeFDCheck(t, m, x, 3, loss)
		// The evaluation path decodes μ: its loss is recon + β·KL of its terms.
		el, err := m.Evaluate(x, x, 3, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		rec, kl := rk(v.Terms())
		if math.Abs(el-(rec+0.7*kl)) > 1e-12 || kl <= 0 || rec <= 0 {
			t.Errorf("%s: eval loss %v, terms %v + 0.7·%v", loss, el, rec, kl)
		}
		if el == l0 {
			t.Errorf("%s: the evaluation (z = μ) and a sampled step give the same loss", loss)
		}
	}
}

// vaeFDCheck compares the VAE m's symbolic gradients at x (with the ε it
// was given) with central finite differences of its training loss, and
// returns that loss.
func vaeFDCheck(t *testing.T, m Model, x []float64, n int, what string) float64 {
	t.Helper()
	d := m.(Differentiable)
	l0, grads, err := d.Gradients(x, x, n)
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range m.Params().All() {
		orig := slices.Clone(q.Data)
		num := fd.Gradient(nil, func(w []float64) float64 {
			copy(q.Data, w)
			l, _, err := d.Gradients(x, x, n)
			if err != nil {
				t.Fatal(err)
			}
			return l
		}, orig, &fd.Settings{Formula: fd.Central, Step: 1e-6})
		copy(q.Data, orig)
		for j := range num {
			if e := math.Abs(num[j] - grads[i][j]); e > 1e-6*(1+math.Abs(num[j])) {
				t.Errorf("%s %s[%d]: symbolic %.10g, finite differences %.10g", what, q.Name, j, grads[i][j], num[j])
			}
		}
	}
	return l0
}

// TestVAEFreeBits checks the free bits against finite differences with λ
// between the two dimensions' KL (one under the floor, one over it), and
// checks their terms: the slack is Σ max(λ − KL_i, 0), and with λ above
// every KL the gradients are those of β = 0, the KL's being exactly 0.
func TestVAEFreeBits(t *testing.T) {
	s := tinyVAE("bce")
	p := must(NewParams(s, rand.New(rand.NewPCG(8, 8))))
	biased(p, 9)
	x := randBatch(3, 3, 6)
	eps := []float64{0.3, -1.2, 0.8, 0.1, -0.4, 1.5}
	build := func(lambda, beta float64) VAE {
		fs := s
		fs.FreeBits, fs.Beta = lambda, beta
		m, err := Build(fs, p, Adam{})
		if err != nil {
			t.Fatal(err)
		}
		m.(VAE).SetEpsilon(eps)
		return m.(VAE)
	}
	// The terms at λ: the loss is recon + β·(kl + slack).
	terms := func(lambda float64) (kl, slack float64) {
		m := build(lambda, 0.7)
		l, err := m.Evaluate(x, x, 3, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		ts := m.Terms()
		if len(ts) != 3 || ts[2].Name != "free_bits" || ts[2].Weight != 0.7 {
			t.Fatalf("terms %+v, want recon, kl, free_bits (β = 0.7)", ts)
		}
		if d := l - (ts[0].Value + 0.7*(ts[1].Value+ts[2].Value)); math.Abs(d) > 1e-12 {
			t.Errorf("λ %v: loss %v ≠ recon + β·(kl + slack) %+v", lambda, l, ts)
		}
		return ts[1].Value, ts[2].Value
	}
	kl, _ := terms(1e-9)
	// The slack is piecewise linear in λ with slope the number of
	// dimensions under λ: at the mean KL, one of the two (unless equal).
	lambda := kl / 2
	_, s1 := terms(lambda)
	_, s2 := terms(lambda + 1e-4)
	if slope := (s2 - s1) / 1e-4; math.Abs(slope-1) > 1e-6 || !(s1 > 0) {
		t.Fatalf("slack %v at λ = KL/2 = %v, slope %v: want one dimension under λ", s1, lambda, slope)
	}
	if _, sHigh := terms(kl + 3); math.Abs(sHigh-(2*(kl+3)-kl)) > 1e-9 {
		t.Errorf("λ above both KLs: slack %v, want 2λ − KL = %v", sHigh, 2*(kl+3)-kl)
	}
	vaeFDCheck(t, build(lambda, 0.7), x, 3, "λ = KL/2")
	_, floored, _ := build(kl+3, 0.7).(Differentiable).Gradients(x, x, 3)
	_, noKL, _ := build(0, 0).(Differentiable).Gradients(x, x, 3)
	for i, q := range p.All() {
		if !slices.Equal(floored[i], noKL[i]) {
			t.Errorf("%s: every KL under λ, gradients differ from β = 0's", q.Name)
		}
	}
	bad := s
	for _, v := range []float64{-1, math.NaN(), math.Inf(1)} {
		bad.FreeBits = v
		if err := bad.Check(); err == nil {
			t.Errorf("free bits %v accepted", v)
		}
	}
	ae := DefaultAE(6)
	ae.FreeBits = 1
	if err := ae.Check(); err == nil {
		t.Error("free bits on an AE accepted")
	}
}

func TestVAEBeta(t *testing.T) {
	s := tinyVAE("bce")
	m, _ := Build(s, must(NewParams(s, rand.New(rand.NewPCG(1, 1)))), Adam{})
	v := m.(VAE)
	x := randBatch(2, 4, 6)
	if v.Beta() != 0.7 {
		t.Errorf("initial β %v, want the spec's 0.7", v.Beta())
	}
	v.SetBeta(0)
	l0, _ := m.Evaluate(x, x, 4, nil, nil)
	rec, kl := rk(v.Terms())
	v.SetBeta(2)
	l2, _ := m.Evaluate(x, x, 4, nil, nil)
	if l0 != rec || math.Abs(l2-(rec+2*kl)) > 1e-12 {
		t.Errorf("β=0: %v (recon %v); β=2: %v (recon + 2·%v)", l0, rec, l2, kl)
	}
}

// TestVAEEpsilon: ε is drawn afresh for every step, from the stream given.
func TestVAEEpsilon(t *testing.T) {
	s := tinyVAE("bce")
	x := randBatch(2, 4, 6)
	losses := func(seed uint64) []float64 {
		m, _ := Build(s, must(NewParams(s, rand.New(rand.NewPCG(1, 1)))), Adam{})
		m.(VAE).SetRand(rand.New(rand.NewPCG(seed, 5)))
		var out []float64
		for range 3 {
			l, _, err := m.(Differentiable).Gradients(x, x, 4)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, l)
		}
		return out
	}
	a, b, c := losses(1), losses(1), losses(2)
	if !slices.Equal(a, b) {
		t.Error("same stream, different ε")
	}
	if a[0] == a[1] || a[1] == a[2] {
		t.Errorf("ε did not change between steps: %v", a)
	}
	if slices.Equal(a, c) {
		t.Error("different streams, same ε")
	}
}

// rk returns a VAE's reconstruction and KL terms.
func rk(terms []TermValue) (recon, kl float64) {
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
