package backprop

import (
	"math"

	"github.com/aenets/aenets/nets"
)

// adam is the Adam optimiser (Kingma & Ba, 2015) as Gorgonia's
// (*AdamSolver).Step computes it. At step t, for every weight w with
// gradient g:
//
//	m ← β1·m + (1−β1)·g           first moment (running mean of g)
//	v ← β2·v + (1−β2)·g²          second moment (running mean of g²)
//	m̂ = m·(1/(1−β1^t))            bias corrections: m and v start at 0
//	v̂ = v·(1/(1−β2^t))
//	w ← w + (m̂·(−η)) / (√v̂ + ε)
//
// The order of the floating-point operations is Gorgonia's, which makes one
// step of either engine from the same weights, moments and gradients give
// the same bits:
//
//   - (1−β1), (1−β2) and −η are computed first, as numbers (1 − 0.9 is
//     0.09999999999999998, not 0.1);
//   - the corrections are 1 − math.Pow(β, t), then inverted once, and m and
//     v are multiplied by the inverses rather than divided by the corrections;
//   - g·(1−β1) is rounded on its own (Gorgonia computes it into a tensor of
//     its own) and m·β1 is then added to it; g² is rounded, then multiplied
//     by (1−β2), and v·β2 added;
//   - m̂ is multiplied by −η before the division, and the quotient is added
//     to w.
//
// On processors with a fused multiply-add (GOAMD64=v3, arm64), Go may
// compute x·y + z with one rounding instead of two, and it does so in
// Gorgonia's m·β1 + t1 (the loop incr[i] += a[i]*b of its tensor package).
// So the code below keeps the same shape: the float64(…) conversions round
// the products Gorgonia stores to memory, which forbids fusing them, and β1
// and β2 are local variables, so that m[j]*beta1 + t1 compiles as
// incr[i] += a[i]*b does (with a.beta1 read from memory the compiler folds
// the load into the multiplication and no longer fuses). TestCompare is
// bit-identical at both GOAMD64=v1 and v3; the two levels give different
// trajectories, on either engine.
type adam struct {
	lr, beta1, beta2, eps float64
	t                     int         // steps taken
	m, v                  [][]float64 // the moments, one array per parameter
}

func newAdam(opt nets.Adam, sizes []int) *adam {
	a := &adam{lr: opt.LR, beta1: opt.Beta1, beta2: opt.Beta2, eps: opt.Eps}
	for _, n := range sizes {
		a.m = append(a.m, make([]float64, n))
		a.v = append(a.v, make([]float64, n))
	}
	return a
}

// step updates every weights array w[i] in place from its gradient g[i].
func (a *adam) step(w, g [][]float64) {
	a.t++
	correction1 := 1 - math.Pow(a.beta1, float64(a.t))
	correction2 := 1 - math.Pow(a.beta2, float64(a.t))
	inv1, inv2 := 1/correction1, 1/correction2
	beta1, beta2, eps := a.beta1, a.beta2, a.eps
	omb1, omb2 := 1-beta1, 1-beta2
	negEta := -a.lr
	for i, wi := range w {
		m, v := a.m[i], a.v[i]
		for j, gj := range g[i] {
			t1 := float64(gj * omb1)
			t2 := float64(float64(gj*gj) * omb2)
			m[j] = t1 + m[j]*beta1
			v[j] = t2 + v[j]*beta2
			mHat := float64(m[j] * inv1)
			vHat := float64(v[j] * inv2)
			wi[j] += float64(mHat*negEta) / (math.Sqrt(vHat) + eps)
		}
	}
}
