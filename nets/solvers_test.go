package nets

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/aenets/aenets/data"
)

// TestShare checks that the parameters are dealt out once each, in order
// within a part, with loads within one parameter of each other.
func TestShare(t *testing.T) {
	for _, spec := range []Spec{DefaultVAE(400, 3), must(DefaultVAE(784, 20).WithLayers([]int{784, 400, 20, 400, 784}))} {
		all := must(NewParams(spec, rand.New(rand.NewPCG(1, 1)))).All()
		for n := 1; n <= 4; n++ {
			parts := share(all, n)
			var seen []int
			loads := make([]int, n)
			for w, p := range parts {
				if !slices.IsSorted(p) {
					t.Errorf("%s, %d parts: part %d out of order: %v", spec.LayerString(), n, w, p)
				}
				seen = append(seen, p...)
				for _, i := range p {
					loads[w] += len(all[i].Data)
				}
			}
			slices.Sort(seen)
			for i, v := range seen {
				if v != i || len(seen) != len(all) {
					t.Fatalf("%s, %d parts: parameters dealt %v, want each of %d once", spec.LayerString(), n, seen, len(all))
				}
			}
			largest := 0
			for _, q := range all {
				largest = max(largest, len(q.Data)+2000)
			}
			if slices.Max(loads)-slices.Min(loads) > largest {
				t.Errorf("%s, %d parts: loads %v", spec.LayerString(), n, loads)
			}
		}
	}
}

// TestParallelAdam checks that the solvers stepping the default VAE's
// parameters on two goroutines give the weights, bit for bit, of the same
// solvers stepping them all on one (GOMAXPROCS 1), over 20 steps.
func TestParallelAdam(t *testing.T) {
	ds := data.Emoji()
	spec := DefaultVAE(ds.D, 3)
	train := func(procs int) (*Params, int) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		p := must(NewParams(spec, rand.New(rand.NewPCG(1, 1))))
		m := must(Build(spec, p, Adam{LR: 3e-3}, ds.N))
		for range 20 {
			if _, err := m.TrainStep(ds.X, ds.X, ds.N); err != nil {
				t.Fatal(err)
			}
		}
		return p, len(asGorgonia(m).solvers.parts)
	}
	one, n1 := train(1)
	two, n2 := train(2)
	if n1 != 1 || n2 != 2 {
		t.Fatalf("%d and %d parts, want 1 and 2", n1, n2)
	}
	for i, q := range one.All() {
		for j, v := range q.Data {
			if w := two.All()[i].Data[j]; math.Float64bits(v) != math.Float64bits(w) {
				t.Fatalf("%s[%d]: %v on one goroutine, %v on two", q.Name, j, v, w)
			}
		}
	}
}
