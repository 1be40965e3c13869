package results

import (
	"fmt"
	"math"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/results/plot"
)

// This file is WriteVAE's evaluation of the data: one pass of the model,
// nets.EvalChunk samples at a time, that keeps of the reconstructions only
// what the report shows (a 60,000-image set's would take as much memory as
// the data).

// vaeEval is what WriteVAE reads off the model's evaluation of the data
// (z = μ).
type vaeEval struct {
	loss       float64          // the loss, as Evaluate of the whole set gives it
	terms      []nets.TermValue // its terms, likewise
	mu         []float64        // μ of every sample, n×Latent
	absErr     []float64        // each sample's mean absolute pixel error
	meanAbsErr float64          // their mean
	recon      *plot.ReconStream
	out        []float64 // every reconstruction (n×D) if asked for, else nil
}

// evaluateVAE evaluates m on ds as its Evaluate of the whole set does, in
// the same chunks (the same loss and terms, bit for bit), and drops each
// chunk's reconstructions once scored, unless keepAll.
func evaluateVAE(m nets.Model, ds *data.Dataset, keepAll bool) (*vaeEval, error) {
	d, k := ds.D, m.Spec().Latent
	e := &vaeEval{mu: make([]float64, ds.N*k), absErr: make([]float64, ds.N),
		recon: plot.NewReconStream(ds.N, ds.Rows, ds.Cols, false)}
	var buf []float64
	if keepAll {
		e.out = make([]float64, ds.N*d)
	} else {
		buf = make([]float64, min(ds.N, nets.EvalChunk)*d)
	}
	next := 0 // the chunk's first sample
	pass := func(x, t []float64, n int, _, z []float64) (float64, []nets.TermValue, error) {
		out := e.out
		if keepAll {
			out = out[next*d : (next+n)*d]
		} else {
			out = buf[:n*d]
		}
		loss, err := m.Evaluate(x, t, n, out, z)
		if err != nil {
			return 0, nil, err
		}
		for i := range n {
			a := &e.absErr[next+i]
			for j := range d {
				*a += math.Abs(out[i*d+j]-x[i*d+j]) / float64(d)
			}
			e.meanAbsErr += *a / float64(ds.N)
		}
		next += n
		return loss, m.Terms(), e.recon.Add(x, out)
	}
	var err error
	if e.loss, e.terms, err = nets.EvaluateChunks(ds.X, ds.X, ds.N, d, k, nil, e.mu, nil, pass); err != nil {
		return nil, fmt.Errorf("WriteVAE: %w", err)
	}
	return e, nil
}
