package results

import (
	"fmt"
	"math"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
)

// testChunk is how many held-out samples Score evaluates at a time: the
// engines keep a graph per batch size, so a large set is scored in chunks
// of one size (and its remainder) rather than all at once.
const testChunk = 1000

// Score evaluates m on the held-out set ds, named name: its loss, the
// mean over the samples of the objective (as Evaluate computes it: a VAE
// decodes μ), and the mean absolute pixel error of the reconstructions;
// for a VAE also its negative ELBO (β = 1, no free bits) with one draw of ε
// per sample from seed's ELBO stream, as PyTorch's examples/vae scores its
// test set.
func Score(m nets.Model, ds *data.Dataset, name string, seed uint64) (*TestScore, error) {
	if err := m.Spec().CheckData(ds.D); err != nil {
		return nil, fmt.Errorf("test data %s: %w", name, err)
	}
	s := &TestScore{Data: name, Samples: ds.N}
	out := make([]float64, min(ds.N, testChunk)*ds.D)
	for i := 0; i < ds.N; i += testChunk {
		n := min(testChunk, ds.N-i)
		x := ds.X[i*ds.D : (i+n)*ds.D]
		loss, err := m.Evaluate(x, x, n, out[:n*ds.D], nil)
		if err != nil {
			return nil, fmt.Errorf("test data %s: %w", name, err)
		}
		s.Loss += loss * float64(n) / float64(ds.N)
		for j, v := range out[:n*ds.D] {
			s.MeanAbsPixelError += math.Abs(v-x[j]) / float64(ds.N*ds.D)
		}
	}
	if m.Spec().IsVAE() {
		elbo, err := NegELBO(m, ds.X, ds.N, 1, rng.New(seed, rng.ELBO))
		if err != nil {
			return nil, fmt.Errorf("test data %s: %w", name, err)
		}
		s.NegELBO = &elbo
	}
	return s, nil
}
