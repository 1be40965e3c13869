package backprop

import (
	"math/rand/v2"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/nets"
)

func TestScratchCompare(t *testing.T) {
	ds := data.Font()
	spec := nets.DefaultAE(ds.D)
	p0 := nets.NewParams(spec, rand.New(rand.NewPCG(1, 1)))
	pa, pb := p0.Clone(), p0.Clone()
	ga, _ := nets.Build(spec, pa, nets.Adam{LR: 0.009}, ds.N)
	hb, _ := Build(spec, pb, nets.Adam{LR: 0.009}, ds.N)
	l1, g1, _ := ga.(nets.Differentiable).Gradients(ds.X, ds.X, ds.N)
	l2, g2, _ := hb.(nets.Differentiable).Gradients(ds.X, ds.X, ds.N)
	t.Logf("loss %v %v", l1, l2)
	for i := range g1 {
		nd := 0
		for j := range g1[i] {
			if g1[i][j] != g2[i][j] {
				nd++
			}
		}
		t.Logf("param %d: %d of %d differ", i, nd, len(g1[i]))
	}
	first := -1
	for s := 0; s < 3000; s++ {
		la, _ := ga.TrainStep(ds.X, ds.X, ds.N)
		lb, _ := hb.TrainStep(ds.X, ds.X, ds.N)
		d := pa.MaxAbsDiff(pb)
		if (d != 0 || la != lb) && first < 0 {
			first = s
			t.Logf("step %d: diff %g, loss %v %v", s, d, la, lb)
		}
		if s%500 == 0 {
			t.Logf("step %d: diff %g, loss %v %v", s, d, la, lb)
		}
	}
}
