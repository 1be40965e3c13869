package backprop

import (
	"flag"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/nets"
)

var vaeCompareSteps = flag.Int("vae.steps", 20,
	"full-batch steps TestVAECompare runs on both engines (the first 20 must agree to 1e-9; any more are only reported)")

// vaeSpecs are small VAEs: the 6-5-4-2-4-5-6 relu net with a sigmoid output
// and both losses, β = 0.7; a tanh one, β = 2.5; and 6-2-6, whose heads
// read the input itself (no hidden encoder layer).
func vaeSpecs() []nets.Spec {
	var specs []nets.Spec
	for _, c := range []struct {
		layers    []int
		act, loss string
		beta      float64
	}{
		{[]int{6, 5, 4, 2, 4, 5, 6}, "relu", "bce", 0.7},
		{[]int{6, 5, 4, 2, 4, 5, 6}, "relu", "mse", 0.7},
		{[]int{6, 5, 3, 5, 6}, "tanh", "bce", 2.5},
		{[]int{6, 2, 6}, "softplus", "mse", 1},
	} {
		s := must(nets.DefaultVAE(c.layers[0], 2).WithLayers(c.layers))
		s.Act, s.Loss, s.Beta = c.act, c.loss, c.beta
		specs = append(specs, s)
	}
	return specs
}

func vaeName(s nets.Spec) string { return s.LayerString() + "/" + s.Act + "/" + s.Loss }

// buildVAE puts spec on both engines, each on its own copy of p.
func buildVAE(t testing.TB, spec nets.Spec, p *nets.Params, opt nets.Adam, batches ...int) (gorgonia, hand nets.VAE) {
	t.Helper()
	g, h := build(t, spec, p, opt, batches...)
	return g.(nets.VAE), h.(nets.VAE)
}

// randEps returns n×k values of N(0, 1), some of them large.
func randEps(seed uint64, n, k int) []float64 {
	r := rand.New(rand.NewPCG(seed, 4))
	eps := make([]float64, n*k)
	for i := range eps {
		eps[i] = 1.5 * r.NormFloat64()
	}
	return eps
}

// TestVAEGradients checks the hand-written gradients of the VAEs, at a
// fixed ε, against (a) Gorgonia's at the same ε and (b) central finite
// differences of the engine's own training loss.
func TestVAEGradients(t *testing.T) {
	worst, worstFD := 0.0, 0.0
	identical := 0
	for i, spec := range vaeSpecs() {
		t.Run(vaeName(spec), func(t *testing.T) {
			p := testParams(spec, uint64(60+i))
			g, h := buildVAE(t, spec, p, nets.Adam{})
			const n = 3
			x := randBatch(uint64(70+i), n, spec.In)
			eps := randEps(uint64(80+i), n, spec.Latent)
			g.SetEpsilon(eps)
			h.SetEpsilon(eps)
			lg, gg, err := g.(nets.Differentiable).Gradients(x, x, n)
			if err != nil {
				t.Fatal(err)
			}
			hd := h.(nets.Differentiable)
			lh, gh, err := hd.Gradients(x, x, n)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(lg-lh) > 1e-12*math.Abs(lg) {
				t.Errorf("loss: Gorgonia %.17g, hand-written %.17g", lg, lh)
			}
			same := lg == lh
			for k, q := range h.Params().All() {
				if d := scaledDiff(gg[k], gh[k]); d > 1e-10 {
					t.Errorf("%s: gradients differ by %g of the array's largest (Gorgonia %v, hand-written %v)", q.Name, d, gg[k], gh[k])
				} else {
					worst = max(worst, d)
				}
				same = same && slices.Equal(gg[k], gh[k])
			}
			if same {
				identical++
			}

			// (b) Central differences of the training loss at the same ε.
			for k, q := range h.Params().All() {
				orig := slices.Clone(q.Data)
				num := fd.Gradient(nil, func(v []float64) float64 {
					copy(q.Data, v)
					l, _, err := hd.Gradients(x, x, n)
					if err != nil {
						t.Fatal(err)
					}
					return l
				}, orig, &fd.Settings{Formula: fd.Central, Step: 1e-6})
				copy(q.Data, orig)
				for j := range num {
					d := math.Abs(num[j] - gh[k][j])
					worstFD = max(worstFD, d/(1+math.Abs(num[j])))
					if d > 1e-7*(1+math.Abs(num[j])) {
						t.Errorf("%s[%d]: backprop %.10g, finite differences %.10g", q.Name, j, gh[k][j], num[j])
					}
				}
			}
		})
	}
	t.Logf("%d of %d VAEs with bit-identical losses and gradients; largest difference from Gorgonia %.3g of the array's largest gradient; from finite differences %.3g",
		identical, len(vaeSpecs()), worst, worstFD)
}

// TestVAEEvaluate compares the evaluation path (loss, its terms,
// reconstructions from μ, μ itself) with Gorgonia's, at two values of β,
// and checks that decoding μ gives the reconstructions.
func TestVAEEvaluate(t *testing.T) {
	identical := true
	for i, spec := range vaeSpecs() {
		g, h := buildVAE(t, spec, testParams(spec, uint64(90+i)), nets.Adam{})
		if g.Beta() != spec.Beta || h.Beta() != spec.Beta {
			t.Errorf("%s: initial β %v and %v, want the spec's %v", vaeName(spec), g.Beta(), h.Beta(), spec.Beta)
		}
		const n = 4
		x := randBatch(uint64(100+i), n, spec.In)
		target := randBatch(uint64(110+i), n, spec.In)
		for _, beta := range []float64{spec.Beta, 0.3} {
			var out, mu [2][]float64
			var loss, recon, kl [2]float64
			for e, m := range []nets.VAE{g, h} {
				m.SetBeta(beta)
				out[e], mu[e] = make([]float64, n*spec.In), make([]float64, n*spec.Latent)
				var err error
				if loss[e], err = m.Evaluate(x, target, n, out[e], mu[e]); err != nil {
					t.Fatal(err)
				}
				recon[e], kl[e] = rk(m.Terms())
			}
			if loss[0] != loss[1] || recon[0] != recon[1] || kl[0] != kl[1] ||
				!slices.Equal(out[0], out[1]) || !slices.Equal(mu[0], mu[1]) {
				identical = false
			}
			rel := func(a, b float64) float64 { return math.Abs(a-b) / math.Abs(a) }
			d := max(rel(loss[0], loss[1]), rel(recon[0], recon[1]), rel(kl[0], kl[1]),
				maxAbsDiff(out[0], out[1]), maxAbsDiff(mu[0], mu[1]))
			if d > 1e-12 {
				t.Errorf("%s β %v: loss %.17g vs %.17g, terms %v+%v vs %v+%v, reconstructions or μ %g apart",
					vaeName(spec), beta, loss[0], loss[1], recon[0], kl[0], recon[1], kl[1], d)
			}
			if kl[1] <= 0 || loss[1] != recon[1]+float64(beta*kl[1]) {
				t.Errorf("%s β %v: loss %v, terms %v + β·%v", vaeName(spec), beta, loss[1], recon[1], kl[1])
			}
			dec := make([]float64, n*spec.In)
			if err := h.Decode(mu[1], n, dec); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(dec, out[1]) {
				t.Errorf("%s: decoding μ does not give the reconstructions", vaeName(spec))
			}
		}
	}
	t.Logf("evaluations bit-identical to Gorgonia's: %v", identical)
}

// TestVAEEpsilonStream: both engines draw ε from the streams they are given,
// in the same order, at every TrainStep and every Gradients (and from the
// same default stream when given none); Evaluate draws nothing.
func TestVAEEpsilonStream(t *testing.T) {
	spec := vaeSpecs()[0]
	const n = 5
	x := randBatch(3, n, spec.In)
	for _, seed := range []uint64{0, 7} {
		g, h := buildVAE(t, spec, testParams(spec, 4), nets.Adam{LR: 0.01})
		if seed != 0 { // 0: the models' own default stream
			g.SetRand(rand.New(rand.NewPCG(seed, 1)))
			h.SetRand(rand.New(rand.NewPCG(seed, 1)))
		}
		var losses []float64
		for step := range 12 {
			var lg, lh float64
			var err error
			switch step % 3 {
			case 0, 1:
				if lg, err = g.TrainStep(x, x, n); err == nil {
					lh, err = h.TrainStep(x, x, n)
				}
			case 2:
				if lg, _, err = g.(nets.Differentiable).Gradients(x, x, n); err == nil {
					lh, _, err = h.(nets.Differentiable).Gradients(x, x, n)
				}
				if err == nil {
					_, err = h.Evaluate(x, x, n, nil, nil) // draws no ε: the streams stay in step
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			if lg != lh {
				t.Fatalf("seed %d, step %d: loss %.17g (Gorgonia), %.17g (hand-written)", seed, step, lg, lh)
			}
			losses = append(losses, lh)
		}
		if d := g.Params().MaxAbsDiff(h.Params()); d != 0 {
			t.Errorf("seed %d: weights %g apart", seed, d)
		}
		// The Gradients calls (steps 2, 5, …) see a new ε each but no new weights.
		if losses[2] == losses[1] {
			t.Errorf("seed %d: ε did not change: %v", seed, losses)
		}
	}
}

// TestVAECompare trains nets.DefaultVAE(400, 3) on the emoji, full batch,
// Adam lr 1e-3, on both engines from the same weights and the same ε stream,
// and wants the weights and the losses to agree to 1e-9 for 20 steps (a
// step of this net takes ~15 ms on Gorgonia). Run longer, the later steps
// only reported, with
//
//	go test ./nets/backprop -run TestVAECompare -v -args -vae.steps 300
func TestVAECompare(t *testing.T) {
	const asserted, tol = 20, 1e-9
	ds := data.Emoji()
	spec := nets.DefaultVAE(ds.D, 3)
	g, h := buildVAE(t, spec, must(nets.NewParams(spec, rand.New(rand.NewPCG(1, 1)))), nets.Adam{LR: 1e-3}, ds.N)
	g.SetRand(rand.New(rand.NewPCG(2, 2)))
	h.SetRand(rand.New(rand.NewPCG(2, 2)))
	steps := max(*vaeCompareSteps, asserted)
	firstDiff, firstOver := -1, -1
	var worstW, worstLoss float64
	for step := 1; step <= steps; step++ {
		lg, err := g.TrainStep(ds.X, ds.X, ds.N)
		if err != nil {
			t.Fatal(err)
		}
		lh, err := h.TrainStep(ds.X, ds.X, ds.N)
		if err != nil {
			t.Fatal(err)
		}
		dw, dl := g.Params().MaxAbsDiff(h.Params()), math.Abs(lg-lh)
		if (dw != 0 || dl != 0) && firstDiff < 0 {
			firstDiff = step
		}
		over := dw > tol || dl > tol*math.Abs(lg) || dw != dw || dl != dl
		if over && firstOver < 0 {
			firstOver = step
		}
		if step <= asserted {
			worstW, worstLoss = max(worstW, dw), max(worstLoss, dl)
			if over {
				t.Fatalf("step %d: weights %g apart, losses %.17g and %.17g", step, dw, lg, lh)
			}
		}
		if step%100 == 0 || step == steps {
			t.Logf("step %d: loss %.8g (Gorgonia) / %.8g (hand-written), weights %g apart", step, lg, lh, dw)
		}
	}
	t.Logf("first %d steps: weights at most %g apart, losses %g", asserted, worstW, worstLoss)
	t.Logf("of %d steps: first difference at step %d, first above %g at step %d (-1: none)", steps, firstDiff, tol, firstOver)
}

// TestVAENoAllocations: once a batch size has been seen, a VAE's training
// step (drawing ε or copying a fixed one), gradients aside, evaluation and
// decoding allocate nothing.
func TestVAENoAllocations(t *testing.T) {
	spec := vaeSpecs()[0]
	const n = 8
	m, err := Build(spec, testParams(spec, 1), nets.Adam{}, n)
	if err != nil {
		t.Fatal(err)
	}
	v := m.(nets.VAE)
	x := randBatch(1, n, spec.In)
	out, mu := make([]float64, n*spec.In), make([]float64, n*spec.Latent)
	eps := randEps(1, n, spec.Latent)
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"TrainStep", func() { m.TrainStep(x, x, n) }},
		{"TrainStep(fixed ε)", func() { v.SetEpsilon(eps); m.TrainStep(x, x, n); v.SetEpsilon(nil) }},
		{"Evaluate", func() { m.Evaluate(x, x, n, out, mu) }},
		{"Decode", func() { m.Decode(mu, n, out) }},
		{"SetBeta", func() { v.SetBeta(v.Beta() * 0.99) }},
	} {
		c.f()
		if a := testing.AllocsPerRun(50, c.f); a != 0 {
			t.Errorf("%s: %v allocations per run", c.name, a)
		}
	}
}

// TestVAEErrors: a fixed ε of the wrong size is an error on either engine,
// and Terms are those of the last evaluation, not of a training step.
func TestVAEErrors(t *testing.T) {
	spec := vaeSpecs()[0]
	g, h := buildVAE(t, spec, testParams(spec, 2), nets.Adam{})
	x := randBatch(2, 3, spec.In)
	for _, m := range []nets.VAE{g, h} {
		m.SetEpsilon(make([]float64, 5))
		if _, err := m.TrainStep(x, x, 3); err == nil || !strings.Contains(err.Error(), "fixed ε of 5 values, want 6") {
			t.Errorf("%T: error %v", m, err)
		}
		if _, _, err := m.(nets.Differentiable).Gradients(x, x, 3); err == nil {
			t.Errorf("%T: no error from Gradients", m)
		}
		m.SetEpsilon(nil)
	}
	l, _ := h.Evaluate(x, x, 3, nil, nil)
	r, k := rk(h.Terms())
	if _, err := h.TrainStep(x, x, 3); err != nil {
		t.Fatal(err)
	}
	if r2, k2 := rk(h.Terms()); r2 != r || k2 != k || l != r+float64(spec.Beta*k) {
		t.Errorf("terms %v %v after evaluating to %v, then %v %v after a step", r, k, l, r2, k2)
	}
}

// gorgoniaLatent builds, on Gorgonia, what a VAE computes between its heads
// and its decoder (n×k matrices): logσ² = SoftClip(raw), z =
// Reparameterize(μ, logσ², ε), KL = SumRowsMean(KLDivergence(μ, logσ²)),
// and the loss Σ c⊙z + β·KL (+ β·FreeBits(λ) if λ > 0), c standing for the
// decoder's gradient at z. It returns z, KL, the free bits' slack (0
// without), and the gradients at μ and raw.
func gorgoniaLatent(t *testing.T, n, k int, mu, raw, eps, c []float64, beta, lambda float64) (z []float64, kl, slack float64, dmu, draw []float64) {
	t.Helper()
	g := G.NewGraph()
	in := func(name string, v []float64) *G.Node {
		return G.NewMatrix(g, G.Float64, G.WithShape(n, k), G.WithName(name),
			G.WithValue(tensor.New(tensor.WithShape(n, k), tensor.WithBacking(slices.Clone(v)))))
	}
	mun, rawn, epsn, cn := in("mu", mu), in("raw", raw), in("eps", eps), in("c", c)
	var zn, kln, fbn, loss *G.Node
	err := func() error {
		lv, err := graph.SoftClip(rawn, nets.LogVarClip)
		if err != nil {
			return err
		}
		if zn, err = graph.Reparameterize(mun, lv, epsn); err != nil {
			return err
		}
		e, err := graph.KLDivergence(mun, lv)
		if err != nil {
			return err
		}
		if kln, err = graph.SumRowsMean(e); err != nil {
			return err
		}
		cz, err := G.HadamardProd(zn, cn)
		if err != nil {
			return err
		}
		sum, err := G.Sum(cz)
		if err != nil {
			return err
		}
		bkl, err := G.Mul(G.NewScalar(g, G.Float64, G.WithName("beta"), G.WithValue(beta)), kln)
		if err != nil {
			return err
		}
		if loss, err = G.Add(sum, bkl); err != nil || lambda == 0 {
			return err
		}
		if fbn, err = graph.FreeBits(e, lambda); err != nil {
			return err
		}
		bfb, err := G.Mul(G.NewScalar(g, G.Float64, G.WithName("beta2"), G.WithValue(beta)), fbn)
		if err != nil {
			return err
		}
		loss, err = G.Add(loss, bfb)
		return err
	}()
	if err != nil {
		t.Fatal(err)
	}
	var zv, klv, fbv G.Value
	G.Read(zn, &zv)
	G.Read(kln, &klv)
	if fbn != nil {
		G.Read(fbn, &fbv)
	}
	if _, err := G.Grad(loss, mun, rawn); err != nil {
		t.Fatal(err)
	}
	vm := G.NewTapeMachine(g, G.BindDualValues(mun, rawn))
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	grad := func(n *G.Node) []float64 {
		v, err := n.Grad()
		if err != nil {
			t.Fatal(err)
		}
		return slices.Clone(v.Data().([]float64))
	}
	if fbv != nil {
		slack = fbv.Data().(float64)
	}
	return slices.Clone(zv.Data().([]float64)), klv.Data().(float64), slack, grad(mun), grad(rawn)
}

// TestLatentOpsMatchGorgonia runs the VAE's ops, forward and backward, on
// values across their ranges (log-variances clipped hard, σ tiny and huge,
// large μ) against Gorgonia's graph.SoftClip, Reparameterize, KLDivergence
// and SumRowsMean, and wants the same bits.
func TestLatentOpsMatchGorgonia(t *testing.T) {
	const n, k, beta = 4, 3, 0.7
	mu := []float64{0, 1e-3, -2, 50, -1e3, 0.25, 3, -0.5, 1e-300, 7, -7, 1}
	raw := []float64{0, -1e3, 1e3, -40, 40, 0.5, -3, 12, math.Copysign(0, -1), 99, -99, 1e-8}
	eps := randEps(5, n, k)
	c := randEps(6, n, k) // the decoder's gradient at z
	wantZ, wantKL, _, wantDmu, wantDraw := gorgoniaLatent(t, n, k, mu, raw, eps, c, beta, 0)

	tt, lv, sigma, v, z := make([]float64, n*k), make([]float64, n*k), make([]float64, n*k), make([]float64, n*k), make([]float64, n*k)
	softClip(raw, tt, lv)
	reparameterize(mu, lv, eps, sigma, z)
	kl := klDivergence(mu, lv, v, make([]float64, n*k), n)
	dmu, draw, dk := make([]float64, n*k), make([]float64, n*k), make([]float64, k)
	klGradients(beta, n, nil, dk)
	klBackward(mu, v, dk, dmu, draw)
	reparameterizeBackward(eps, sigma, c, dmu, draw)
	softClipBackward(tt, draw)

	if kl != wantKL {
		t.Errorf("KL %.17g, Gorgonia %.17g", kl, wantKL)
	}
	for i := range z {
		if z[i] != wantZ[i] || dmu[i] != wantDmu[i] || draw[i] != wantDraw[i] {
			t.Errorf("μ %v, raw %v, ε %v: z %v, dμ %v, draw %v; Gorgonia %v, %v, %v",
				mu[i], raw[i], eps[i], z[i], dmu[i], draw[i], wantZ[i], wantDmu[i], wantDraw[i])
		}
	}
	if lv[1] != -nets.LogVarClip || lv[2] != nets.LogVarClip {
		t.Errorf("logσ² of raw ∓1e3: %v, %v, want ∓%v", lv[1], lv[2], nets.LogVarClip)
	}
}

// TestFreeBitsMatchGorgonia runs the free bits, forward and backward, on
// Gorgonia's graph.FreeBits and by hand, with λ between the dimensions' KL
// so that one is under the floor (its KL gets no gradient at all) and the
// others over it, and wants the same bits.
func TestFreeBitsMatchGorgonia(t *testing.T) {
	const n, k, beta = 5, 3, 0.8
	r := rand.New(rand.NewPCG(4, 4))
	mu, raw := make([]float64, n*k), make([]float64, n*k)
	for i := range mu {
		scale := []float64{0.1, 1, 2}[i%k] // dimension 0 near the prior, 2 far from it
		mu[i], raw[i] = scale*r.NormFloat64(), -scale*r.Float64()
	}
	eps, c := randEps(7, n, k), randEps(8, n, k)
	tt, lv, sigma, v, z, kt := make([]float64, n*k), make([]float64, n*k), make([]float64, n*k), make([]float64, n*k), make([]float64, n*k), make([]float64, n*k)
	softClip(raw, tt, lv)
	reparameterize(mu, lv, eps, sigma, z)
	klDivergence(mu, lv, v, kt, n)
	perDim := make([]float64, k)
	for i, e := range kt {
		perDim[i%k] += e / n
	}
	if !(perDim[0] < perDim[1] && perDim[1] < perDim[2]) {
		t.Fatalf("KL per dimension %v: want increasing, to put λ between them", perDim)
	}
	for _, lambda := range []float64{(perDim[0] + perDim[1]) / 2, (perDim[1] + perDim[2]) / 2, perDim[2] + 1} {
		_, wantKL, wantSlack, wantDmu, wantDraw := gorgoniaLatent(t, n, k, mu, raw, eps, c, beta, lambda)
		under, dk := make([]float64, k), make([]float64, k)
		kl := klDivergence(mu, lv, v, kt, n)
		slack := freeBits(kt, n, lambda, under)
		dmu, draw := make([]float64, n*k), make([]float64, n*k)
		klGradients(beta, n, under, dk)
		klBackward(mu, v, dk, dmu, draw)
		reparameterizeBackward(eps, sigma, c, dmu, draw)
		softClipBackward(tt, draw)
		if kl != wantKL || slack != wantSlack {
			t.Errorf("λ %v: KL %.17g, slack %.17g; Gorgonia %.17g, %.17g", lambda, kl, slack, wantKL, wantSlack)
		}
		if !slices.Equal(dmu, wantDmu) || !slices.Equal(draw, wantDraw) {
			t.Errorf("λ %v: gradients at μ and raw differ from Gorgonia's:\n%v\n%v\n%v\n%v", lambda, dmu, wantDmu, draw, wantDraw)
		}
		under0 := 0
		for j, u := range under {
			if u >= 0 {
				under0++
				if dk[j] != 0 {
					t.Errorf("λ %v: dimension %d under the floor gets gradient %v at its KL", lambda, j, dk[j])
				}
			}
		}
		want := 0.0
		for _, d := range perDim {
			want += math.Max(lambda-d, 0)
		}
		if math.Abs(slack-want) > 1e-12 || under0 == 0 {
			t.Errorf("λ %v: slack %v, by hand %v; %d dimensions under λ", lambda, slack, want, under0)
		}
	}
}

// rk returns a VAE's reconstruction and KL terms.
func rk(terms []nets.TermValue) (recon, kl float64) {
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
