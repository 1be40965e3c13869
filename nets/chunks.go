package nets

import "fmt"

// EvalChunk is the most samples an engine's Evaluate takes in one pass. A
// larger set is evaluated in chunks of EvalChunk samples (and a smaller
// last one), so that a model built for a data set of 60,000 samples holds
// buffers for EvalChunk of them, not 60,000. The loss and each term are
// then the means over the chunks, weighted by their sizes: for a term that
// is a mean over samples this is the whole set's value up to rounding; the
// free-bits slack, which is not, is the chunks' mean.
const EvalChunk = 1024

// Pass is one pass of an engine's evaluation over n ≤ EvalChunk samples:
// it fills out and z (either may be nil) and returns the loss and terms.
type Pass func(x, t []float64, n int, out, z []float64) (float64, []TermValue, error)

// EvaluateChunks evaluates n samples of in values (codes of latent values)
// with pass, in one pass when n ≤ EvalChunk and in chunks otherwise; terms
// is the slice the weighted means of the terms are put in.
func EvaluateChunks(x, t []float64, n, in, latent int, out, z []float64, terms []TermValue, pass Pass) (float64, []TermValue, error) {
	if n <= EvalChunk {
		loss, tv, err := pass(x, t, n, out, z)
		return loss, append(terms[:0], tv...), err
	}
	if len(x) != n*in || len(t) != n*in {
		return 0, terms, fmt.Errorf("evaluate: %d and %d values for %d samples of %d", len(x), len(t), n, in)
	}
	if out != nil && len(out) < n*in || z != nil && len(z) < n*latent {
		return 0, terms, fmt.Errorf("evaluate: no room for %d samples' reconstructions or codes", n)
	}
	loss := 0.0
	terms = terms[:0]
	for i := 0; i < n; i += EvalChunk {
		k := min(EvalChunk, n-i)
		var o, c []float64
		if out != nil {
			o = out[i*in : (i+k)*in]
		}
		if z != nil {
			c = z[i*latent : (i+k)*latent]
		}
		l, tv, err := pass(x[i*in:(i+k)*in], t[i*in:(i+k)*in], k, o, c)
		if err != nil {
			return 0, terms, err
		}
		w := float64(k) / float64(n)
		loss += w * l
		for j, v := range tv {
			if i == 0 {
				terms = append(terms, TermValue{Name: v.Name, Weight: v.Weight})
			}
			terms[j].Value += w * v.Value
		}
	}
	return loss, terms, nil
}
