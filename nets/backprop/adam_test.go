package backprop

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/aenets/aenets/nets"
)

// adamGradients returns fixed gradients for steps of three arrays (sizes
// 7, 3 and 1): random values of several magnitudes, with zeros.
func adamGradients(steps int) [][][]float64 {
	r := rand.New(rand.NewPCG(11, 11))
	out := make([][][]float64, steps)
	for s := range out {
		for _, n := range []int{7, 3, 1} {
			g := make([]float64, n)
			for j := range g {
				switch r.IntN(6) {
				case 0: // a zero gradient: m, v and the update stay 0
				case 1:
					g[j] = (r.Float64() - 0.5) * 1e-9 // below ε's scale
				default:
					g[j] = (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(5)-2))
				}
			}
			out[s] = append(out[s], g)
		}
	}
	return out
}

// adamWeights returns starting weights for the arrays of adamGradients. The
// first and the last start at 0: their values are then sums of updates, fine
// enough to show a difference in the last bit of an update, which adding it
// to a weight near 1 would round away.
func adamWeights() [][]float64 {
	r := rand.New(rand.NewPCG(12, 12))
	w := [][]float64{make([]float64, 7), make([]float64, 3), make([]float64, 1)}
	for j := range w[1] {
		w[1][j] = r.Float64()*2 - 1
	}
	return w
}

func cloneAll(w [][]float64) [][]float64 {
	c := make([][]float64, len(w))
	for i := range w {
		c[i] = slices.Clone(w[i])
	}
	return c
}

// TestAdamTextbook compares the hand-written Adam with the textbook formula
// (divisions by the corrections, w −= η·m̂/(√v̂+ε)) over several steps,
// with a change of learning rate half-way that keeps the moments.
func TestAdamTextbook(t *testing.T) {
	const steps = 12
	grads := adamGradients(steps)
	w := adamWeights()
	ref := cloneAll(w)
	opt := nets.Adam{LR: 0.01}.WithDefaults()
	a := newAdam(opt, []int{7, 3, 1})
	m, v := cloneAll(a.m), cloneAll(a.v)
	lr := opt.LR
	for s := 1; s <= steps; s++ {
		if s == 7 {
			lr, a.lr = 0.003, 0.003
		}
		a.step(w, grads[s-1])
		for i := range ref {
			for j, g := range grads[s-1][i] {
				m[i][j] = opt.Beta1*m[i][j] + (1-opt.Beta1)*g
				v[i][j] = opt.Beta2*v[i][j] + (1-opt.Beta2)*g*g
				mHat := m[i][j] / (1 - math.Pow(opt.Beta1, float64(s)))
				vHat := v[i][j] / (1 - math.Pow(opt.Beta2, float64(s)))
				ref[i][j] -= lr * mHat / (math.Sqrt(vHat) + opt.Eps)
			}
			if d := maxAbsDiff(w[i], ref[i]); d > 1e-15 {
				t.Fatalf("step %d, array %d: hand-written %v, textbook %v (%g apart)", s, i, w[i], ref[i], d)
			}
		}
	}
}

// valueGrad is a parameter for Gorgonia's solvers: weights and a gradient,
// both tensors, without a graph.
type valueGrad struct{ w, g *tensor.Dense }

func (p valueGrad) Value() G.Value         { return p.w }
func (p valueGrad) Grad() (G.Value, error) { return p.g, nil }

// TestAdamMatchesGorgonia steps Gorgonia's AdamSolver and the hand-written
// Adam on the same fixed gradients and wants the same bits after every
// step, learning-rate change included.
func TestAdamMatchesGorgonia(t *testing.T) {
	const steps = 12
	grads := adamGradients(steps)
	w := adamWeights()
	opt := nets.Adam{LR: 0.009, Beta1: 0.85, Beta2: 0.995, Eps: 1e-7}.WithDefaults()
	solver := G.NewAdamSolver(G.WithLearnRate(opt.LR), G.WithBeta1(opt.Beta1), G.WithBeta2(opt.Beta2), G.WithEps(opt.Eps))
	model := make([]G.ValueGrad, len(w))
	gw := cloneAll(w) // Gorgonia's weights
	for i := range w {
		model[i] = valueGrad{
			w: tensor.New(tensor.WithShape(len(w[i])), tensor.WithBacking(gw[i])),
			g: tensor.New(tensor.WithShape(len(w[i])), tensor.WithBacking(make([]float64, len(w[i])))),
		}
	}
	a := newAdam(opt, []int{7, 3, 1})
	for s := 1; s <= steps; s++ {
		if s == 5 {
			G.WithLearnRate(0.002)(solver)
			a.lr = 0.002
		}
		for i, p := range model {
			copy(p.(valueGrad).g.Data().([]float64), grads[s-1][i]) // the solver zeroes it after a step
		}
		if err := solver.Step(model); err != nil {
			t.Fatal(err)
		}
		a.step(w, grads[s-1])
		for i := range w {
			if !slices.Equal(w[i], gw[i]) {
				t.Fatalf("step %d, array %d: hand-written %v, Gorgonia %v (%g apart)", s, i, w[i], gw[i], maxAbsDiff(w[i], gw[i]))
			}
		}
	}
}

// must returns v, stopping the test binary on err: for set-up that cannot fail.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
