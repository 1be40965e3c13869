package results

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
)

// TestEvaluateVAE: the evaluation in chunks that keeps no reconstructions
// gives the loss, terms and μ of the model's Evaluate of the whole set,
// bit for bit, and each sample's error from its reconstructions; asked to,
// it keeps those reconstructions. On both engines, on the emoji and on
// more than nets.EvalChunk samples.
func TestEvaluateVAE(t *testing.T) {
	for ci, c := range statsCases(t) {
		ds := &data.Dataset{Name: c.name, X: c.x, N: c.n, D: c.spec.In, Rows: 1, Cols: c.spec.In}
		if c.spec.In == 400 {
			ds.Rows, ds.Cols = 20, 20
		}
		for i := range c.n {
			ds.Labels = append(ds.Labels, fmt.Sprint(i))
		}
		p, err := nets.NewParams(c.spec, rng.New(uint64(ci+1), rng.Init))
		if err != nil {
			t.Fatal(err)
		}
		for name, build := range engines {
			m, err := build(c.spec, p)
			if err != nil {
				t.Fatal(err)
			}
			out, mu := make([]float64, ds.N*ds.D), make([]float64, ds.N*c.spec.Latent)
			loss, err := m.Evaluate(ds.X, ds.X, ds.N, out, mu)
			if err != nil {
				t.Fatal(err)
			}
			terms := slices.Clone(m.Terms())
			for _, keep := range []bool{false, true} {
				e, err := evaluateVAE(m, ds, keep)
				if err != nil {
					t.Fatal(err)
				}
				if math.Float64bits(e.loss) != math.Float64bits(loss) || !slices.Equal(e.terms, terms) || !slices.Equal(e.mu, mu) {
					t.Errorf("%s on %s: loss %.17g, terms %v; Evaluate's %.17g, %v; or μ differs", c.name, name, e.loss, e.terms, loss, terms)
				}
				if keep != (e.out != nil) || keep && !slices.Equal(e.out, out) {
					t.Errorf("%s on %s, keep %v: reconstructions %v kept, or not Evaluate's", c.name, name, keep, e.out != nil)
				}
				mean := 0.0
				for i := range ds.N {
					a := 0.0
					for j := range ds.D {
						a += math.Abs(out[i*ds.D+j]-ds.X[i*ds.D+j]) / float64(ds.D)
					}
					if a != e.absErr[i] {
						t.Fatalf("%s on %s: sample %d's error %v, want %v", c.name, name, i, e.absErr[i], a)
					}
					mean += a / float64(ds.N)
				}
				if mean != e.meanAbsErr {
					t.Errorf("%s on %s: mean error %v, want %v", c.name, name, e.meanAbsErr, mean)
				}
			}
		}
	}
}
