package backprop

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/diff/fd"

	"github.com/aenets/aenets/nets"
)

// TestGradients checks the hand-written gradients of every test net against
// (a) Gorgonia's symbolic gradients and (b) central finite differences of
// the engine's own loss.
func TestGradients(t *testing.T) {
	worst, worstElem, worstFD := 0.0, 0.0, 0.0
	identical := 0
	for i, spec := range testSpecs() {
		t.Run(specName(spec), func(t *testing.T) {
			p := testParams(spec, uint64(10+i))
			g, h := build(t, spec, p, nets.Adam{})
			const n = 3
			x := randBatch(uint64(20+i), n, spec.In)
			lg, gg, err := g.Gradients(x, x, n)
			if err != nil {
				t.Fatal(err)
			}
			lh, gh, err := h.Gradients(x, x, n)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(lg-lh) > 1e-12*math.Abs(lg) {
				t.Errorf("loss: Gorgonia %.17g, hand-written %.17g", lg, lh)
			}
			same := true
			for k, q := range h.Params().All() {
				if d := scaledDiff(gg[k], gh[k]); d > 1e-10 {
					t.Errorf("%s: gradients differ by %g of the array's largest (Gorgonia %v, hand-written %v)", q.Name, d, gg[k], gh[k])
				} else {
					worst = max(worst, d)
				}
				worstElem = max(worstElem, elementDiff(gg[k], gh[k]))
				same = same && slices.Equal(gg[k], gh[k])
			}
			if same {
				identical++
			}

			// (b) Central differences of the loss, one parameter at a time.
			for k, q := range h.Params().All() {
				orig := slices.Clone(q.Data)
				num := fd.Gradient(nil, func(v []float64) float64 {
					copy(q.Data, v)
					l, err := h.Evaluate(x, x, n, nil, nil)
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
	t.Logf("%d of %d nets with bit-identical gradients; largest difference from Gorgonia %.3g of the array's largest gradient (%.3g element-wise); from finite differences %.3g",
		identical, len(testSpecs()), worst, worstElem, worstFD)
}

// TestEvaluateMatchesGorgonia compares the evaluation path (loss,
// reconstructions, latent codes) and decoding with the Gorgonia engine's.
func TestEvaluateMatchesGorgonia(t *testing.T) {
	worst := 0.0
	for i, spec := range testSpecs() {
		g, h := build(t, spec, testParams(spec, uint64(30+i)), nets.Adam{})
		const n = 4
		x := randBatch(uint64(40+i), n, spec.In)
		target := randBatch(uint64(50+i), n, spec.In) // targets other than the inputs
		var out, z [2][]float64
		var loss [2]float64
		for e, m := range []nets.Model{g, h} {
			out[e], z[e] = make([]float64, n*spec.In), make([]float64, n*spec.Latent)
			var err error
			if loss[e], err = m.Evaluate(x, target, n, out[e], z[e]); err != nil {
				t.Fatal(err)
			}
		}
		d := max(math.Abs(loss[0]-loss[1])/math.Abs(loss[0]), maxAbsDiff(out[0], out[1]), maxAbsDiff(z[0], z[1]))
		if d > 1e-12 {
			t.Errorf("%s: loss %.17g vs %.17g, reconstructions or codes differ by %g", specName(spec), loss[0], loss[1], d)
		}
		worst = max(worst, d)
		// Decoding the codes gives the reconstructions again.
		dec := make([]float64, n*spec.In)
		if err := h.Decode(z[1], n, dec); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(dec, out[1]) {
			t.Errorf("%s: decoding the latent codes does not give the reconstructions", specName(spec))
		}
	}
	t.Logf("largest difference from Gorgonia's evaluation: %g", worst)
}
