package backprop

import (
	"flag"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/nets"
)

var compareSteps = flag.Int("compare.steps", 300,
	"full-batch steps TestCompare runs on both engines (the first 300 must agree to 1e-9; any more are only reported)")

// TestCompare trains the default AE on the font, full batch, Adam lr 0.009,
// on both engines from the same initial weights, and wants the weights and
// the losses to agree to 1e-9 for 300 steps. It logs the first step at
// which the weights differ at all and the first at which they differ by
// more than 1e-9. The tolerance is loose for this engine, which follows
// Gorgonia's operations bit for bit, but it is not slack: an engine that
// writes the sigmoid's derivative as y(1−y) and BCE's as (σ(z)−x)/N, exact
// to rounding, stays within 3e-13 for 300 steps, then passes 1e-9 at step
// 545 and is 0.3 apart at step 3000: training amplifies last-bit
// differences. Run longer with
//
//	go test ./nets/backprop -run TestCompare -v -args -compare.steps 3000
func TestCompare(t *testing.T) {
	const asserted, tol = 300, 1e-9
	ds := data.Font()
	spec := nets.DefaultAE(ds.D)
	p := must(nets.NewParams(spec, rand.New(rand.NewPCG(1, 1))))
	g, h := build(t, spec, p, nets.Adam{LR: 0.009}, ds.N)
	firstDiff, firstOver := -1, -1
	var worstW, worstLoss float64
	for step := 1; step <= max(*compareSteps, asserted); step++ {
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
		if (dw > tol || dl > tol || dw != dw || dl != dl) && firstOver < 0 {
			firstOver = step
		}
		if step <= asserted {
			worstW, worstLoss = max(worstW, dw), max(worstLoss, dl)
			if dw > tol || dl > tol || dw != dw || dl != dl {
				t.Fatalf("step %d: weights %g apart, losses %.17g and %.17g", step, dw, lg, lh)
			}
		}
		if step%1000 == 0 || step == *compareSteps {
			t.Logf("step %d: loss %.6g (Gorgonia) / %.6g (hand-written), weights %g apart", step, lg, lh, dw)
		}
	}
	t.Logf("first %d steps: weights at most %g apart, losses %g", asserted, worstW, worstLoss)
	t.Logf("of %d steps: first difference at step %d, first above %g at step %d (-1: none)",
		max(*compareSteps, asserted), firstDiff, tol, firstOver)
}
