package nets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// inPlaceAdam does the arithmetic of Gorgonia's AdamSolver.Step (v0.9.18,
// solvers.go; float64, batch 1, no regularisation or clipping: as the
// engine configures it), operation for operation in the same order, on
// moments allocated once. It exists only to measure, in BenchmarkAdam, what
// Gorgonia's solver costs beyond its arithmetic: the engine keeps using
// Gorgonia's solver.
type inPlaceAdam struct {
	opt  Adam
	iter int
	m, v [][]float64 // the moments, by position in the ValueGrads
}

func newInPlaceAdam(opt Adam) *inPlaceAdam { return &inPlaceAdam{opt: opt} }

func (a *inPlaceAdam) Step(vg []G.ValueGrad) error {
	if a.m == nil {
		a.m, a.v = make([][]float64, len(vg)), make([][]float64, len(vg))
	}
	a.iter++
	b1, b2 := a.opt.Beta1, a.opt.Beta2
	cv1 := 1 / (1 - math.Pow(b1, float64(a.iter)))
	cv2 := 1 / (1 - math.Pow(b2, float64(a.iter)))
	omb1, omb2, eps, negEta := 1-b1, 1-b2, a.opt.Eps, -a.opt.LR
	for i, p := range vg {
		gv, err := p.Grad()
		if err != nil {
			return err
		}
		wd, ok1 := p.Value().(*tensor.Dense)
		gd, ok2 := gv.(*tensor.Dense)
		if !ok1 || !ok2 || wd.Dtype() != tensor.Float64 || gd.Dtype() != tensor.Float64 || wd.Size() != gd.Size() {
			return fmt.Errorf("parameter %d: want float64 tensors of one size", i)
		}
		w, g := wd.Float64s(), gd.Float64s()
		if a.m[i] == nil {
			a.m[i], a.v[i] = make([]float64, len(w)), make([]float64, len(w))
		}
		m, v := a.m[i], a.v[i]
		for j, gj := range g {
			t1 := gj * omb1          // t1 := g·(1−β₁)
			g2 := gj * gj            // g := g·g
			g2 *= omb2               // g := g·(1−β₂)
			mj := t1 + m[j]*b1       // m := t1 + m·β₁ (Mul with incr t1)
			vj := g2 + v[j]*b2       // v := g + v·β₂
			mh := mj * cv1           // m̂ := m·(1/(1−β₁ᵗ))
			vh := vj * cv2           // v̂ := v·(1/(1−β₂ᵗ))
			vh = math.Sqrt(vh) + eps // v̂ := √v̂ + ε
			mh *= negEta             // m̂ := m̂·(−η)
			w[j] += mh / vh          // w := w + m̂/v̂
			m[j], v[j], g[j] = mj, vj, 0
		}
	}
	return nil
}

// TestInPlaceAdam checks that the comparison Adam of BenchmarkAdam is
// Gorgonia's, bit for bit, over 50 steps of the default AE and of a small
// VAE: the benchmark compares the same arithmetic.
func TestInPlaceAdam(t *testing.T) {
	for _, spec := range []Spec{DefaultAE(35), tinyVAE("bce")} {
		p := must(NewParams(spec, rand.New(rand.NewPCG(4, 4))))
		biased(p, 4)
		opt := Adam{LR: 0.009}.WithDefaults()
		n := 8
		a := must(newGorgonia(spec, p.Clone(), opt, false, []int{n}))
		b := must(newGorgonia(spec, p.Clone(), opt, false, []int{n}))
		ip := newInPlaceAdam(opt)
		gb := asGorgonia(b)
		tg := gb.train[n]
		for step := range 50 {
			x := randBatch(uint64(step), n, spec.In)
			want := must(a.TrainStep(x, x, n))
			if err := gb.feed(tg.g.p, x, x); err != nil {
				t.Fatal(err)
			}
			if err := tg.r.run(); err != nil {
				t.Fatal(err)
			}
			if got := scalar(tg.g.LossValue); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("%s: step %d: loss %v, want %v", spec.Kind, step, got, want)
			}
			if err := ip.Step(tg.r.grads()); err != nil {
				t.Fatal(err)
			}
		}
		for i, q := range a.Params().All() {
			r := b.Params().All()[i]
			for j := range q.Data {
				if math.Float64bits(q.Data[j]) != math.Float64bits(r.Data[j]) {
					t.Fatalf("%s: %s[%d] = %v after 50 steps of the in-place Adam, %v after Gorgonia's", spec.Kind, q.Name, j, r.Data[j], q.Data[j])
				}
			}
		}
		if d := a.Params().MaxAbsDiff(p); !(d > 0) {
			t.Errorf("%s: 50 steps left the weights as they were", spec.Kind)
		}
	}
}
