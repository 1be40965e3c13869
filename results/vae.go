package results

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/results/plot"
	"github.com/aenets/aenets/training"
	"github.com/aenets/aenets/training/metrics"
)

// VAERun is a trained variational autoencoder and what it was trained on.
type VAERun struct {
	Model      nets.Model // a VAE
	Data       *data.Dataset
	History    *training.History
	Seed       uint64
	DataSource string
	Samples    int        // samples.png decodes this many z ~ N(0, I)
	SampleRand *rand.Rand // the stream those z are drawn from
	Grid       int        // grid.png is Grid×Grid decodings
	Steps      int        // decodings along each interpolation, ends included
	SaveRecon  bool       // also write reconstructions.npz: the data, its reconstructions from μ and μ
	Trace      *KLTrace   // each dimension's KL during training, for loss.png (nil: none)
	// Pairs gives interpolation.png's pairs of sample indices from μ of
	// every sample (n×latent), which WriteVAE evaluates anyway (nil: none).
	Pairs func(mu []float64) ([][2]int, error)
}

// WriteVAE writes the weights, metrics.json and the figures of a trained
// VAE into its run folder, in that order, and returns its metrics. A figure
// that fails is reported as a *FiguresError, after the others are drawn.
func WriteVAE(dir string, r VAERun) (*VAEMetrics, error) {
	ds, h, m := r.Data, r.History, r.Model
	spec := m.Spec()
	if _, ok := m.(nets.VAE); !ok || !spec.IsVAE() {
		return nil, fmt.Errorf("WriteVAE: not a VAE")
	}
	k := spec.Latent
	ev, err := evaluateVAE(m, ds, r.SaveRecon)
	if err != nil {
		return nil, err
	}
	var pairs [][2]int
	if r.Pairs != nil {
		if pairs, err = r.Pairs(ev.mu); err != nil {
			return nil, err
		}
	}
	var rec, kl float64
	for _, t := range ev.terms {
		switch t.Name {
		case "recon":
			rec = t.Value
		case "kl":
			kl = t.Value
		}
	}
	mu := ev.mu
	met := &VAEMetrics{RunMetrics: newRunMetrics("vae", ds, h, m, r.Seed, ev.loss, ev.terms),
		Latent: k, ReconLoss: rec, KL: kl, Beta: spec.Beta, Mu: rowsOf(mu, ds.N, k),
		AbsPixelError: ev.absErr, MeanAbsPixelError: ev.meanAbsErr}
	st, elbo, err := latentReport(m, ds.X, ds.N, rng.New(r.Seed, rng.ELBO))
	if err != nil {
		return nil, err
	}
	met.ActiveUnits, met.MuVar, met.KLPerDim, met.SigmaMean, met.NegELBO = st.ActiveCount(), st.MuVar, st.KL, st.Sigma, elbo
	samples, err := DecodeSamples(m, r.Samples, r.SampleRand, ds.Rows, ds.Cols)
	if err != nil {
		return nil, err
	}
	_, met.SampleNearestMAE = NearestMAE(samples.Pix, ds.X, samples.N, ds.N, ds.D)
	title := fmt.Sprintf("VAE %s on %s", spec.LayerString(), dataTitle(ds))
	// Every sample: the figures choose what to show of a large set (a fixed
	// sample and the worst reconstructions, an error profile, dots).
	thumbs := plot.Images{Pix: ds.X, N: ds.N, Rows: ds.Rows, Cols: ds.Cols, Labels: ds.Labels}
	figs := []figure{
		{"loss.png", func(p string) error { return vaeLossFigure(p, h, spec, r.Trace, title) }},
		{"reconstructions.png", func(p string) error {
			return ev.recon.Reconstructions(p, thumbs, title+": sample | reconstruction from μ")
		}},
		{"reconstructions.npz", func(p string) error { return saveRecon(p, r.SaveRecon, ds, ev.out, "mu", mu, k) }},
		{"errors.png", func(p string) error {
			return plot.ErrorBars(p, ds.Labels, met.AbsPixelError, fmt.Sprintf("%s: mean absolute pixel error of the reconstruction from μ (all: %.4f)", title, met.MeanAbsPixelError))
		}},
		{"latent.png", func(p string) error {
			return vaeLatentFigure(p, st, ds, &thumbs, title)
		}},
		{"latent-3d.png", func(p string) error {
			if k != 3 {
				return nil
			}
			return plot.Latent3D(p, mu, ds.Labels, &thumbs, title+": μ of every sample")
		}},
		{"samples.png", func(p string) error {
			return plot.Grid(p, samples, GridCols(r.Samples), false, fmt.Sprintf("%s: %d new samples, z ~ N(0, I) (mean absolute pixel error to the nearest training sample: %.4f)", title, r.Samples, met.SampleNearestMAE))
		}},
		{"traversal.png", func(p string) error { return traversalFigure(p, m, st, ds, r.Grid, title) }},
		{"grid.png", func(p string) error { return gridFigure(p, m, st, ds, r.Grid, title) }},
		{"interpolation.png", func(p string) error {
			return InterpolationFigure(p, m, ds, mu, pairs, r.Steps, title)
		}},
	}
	return met, writeRun(dir, m, r.DataSource, met, figs)
}

// GridCols is the number of columns that lays n images out about square.
func GridCols(n int) int { return max(1, int(math.Ceil(math.Sqrt(float64(n))))) }

// DecodeSamples decodes n codes z ~ N(0, I) drawn from r.
func DecodeSamples(m nets.Model, n int, r *rand.Rand, rows, cols int) (plot.Images, error) {
	k := m.Spec().Latent
	z := make([]float64, n*k)
	for i := range z {
		z[i] = r.NormFloat64()
	}
	out := make([]float64, n*rows*cols)
	if err := m.Decode(z, n, out); err != nil {
		return plot.Images{}, err
	}
	return plot.Images{Pix: out, N: n, Rows: rows, Cols: cols}, nil
}

// MostUsed returns the two latent dimensions (a < b) along which the codes
// (n×k) vary most: the ones a VAE encodes information in, where the
// others have collapsed onto the prior.
func MostUsed(codes []float64, n, k int) (int, int) {
	if k < 2 {
		return 0, 0
	}
	v := make([]float64, k)
	for j := range k {
		col := make([]float64, n)
		for i := range n {
			col[i] = codes[i*k+j]
		}
		_, sd := metrics.MeanSD(col)
		v[j] = sd
	}
	a, b := 0, 1
	if v[b] > v[a] {
		a, b = b, a
	}
	for j := 2; j < k; j++ {
		switch {
		case v[j] > v[a]:
			a, b = j, a
		case v[j] > v[b]:
			b = j
		}
	}
	return min(a, b), max(a, b)
}

// DecodeGrid decodes a g×g grid over latent dimensions a (across) and b
// (down, decreasing) from −span to span, the others at 0.
func DecodeGrid(m nets.Model, g int, span float64, a, b, rows, cols int) (plot.Images, error) {
	k := m.Spec().Latent
	z := make([]float64, g*g*k)
	for r := range g {
		for c := range g {
			code := z[(r*g+c)*k : (r*g+c+1)*k]
			code[a] = -span + 2*span*float64(c)/float64(g-1)
			if k > 1 {
				code[b] = span - 2*span*float64(r)/float64(g-1)
			}
		}
	}
	out := make([]float64, g*g*rows*cols)
	if err := m.Decode(z, g*g, out); err != nil {
		return plot.Images{}, err
	}
	return plot.Images{Pix: out, N: g * g, Rows: rows, Cols: cols}, nil
}

// Slerp returns the spherical interpolation between a and b at t ∈ [0,1]:
// along the great circle when a and b are seen as directions, with the
// norm interpolated linearly; the straight line where they are (anti)parallel.
func Slerp(a, b []float64, t float64) []float64 {
	na, nb, dot := 0.0, 0.0, 0.0
	for i := range a {
		na, nb, dot = na+a[i]*a[i], nb+b[i]*b[i], dot+a[i]*b[i]
	}
	na, nb = math.Sqrt(na), math.Sqrt(nb)
	out := make([]float64, len(a))
	cos := dot / (na * nb)
	if na == 0 || nb == 0 || math.Abs(cos) > 1-1e-9 {
		for i := range a {
			out[i] = (1-t)*a[i] + t*b[i]
		}
		return out
	}
	omega := math.Acos(cos)
	sa, sb := math.Sin((1-t)*omega)/math.Sin(omega), math.Sin(t*omega)/math.Sin(omega)
	norm := (1-t)*na + t*nb
	for i := range a {
		out[i] = norm * (sa*a[i]/na + sb*b[i]/nb)
	}
	return out
}

// Interpolate decodes steps points between the codes a and b, ends
// included, on the straight line or (slerp) the great circle, and returns
// the decodings with the codes (steps×latent).
func Interpolate(m nets.Model, a, b []float64, steps int, slerp bool, rows, cols int) (plot.Images, []float64, error) {
	k := len(a)
	z := make([]float64, 0, steps*k)
	labels := make([]string, steps)
	for s := range steps {
		t := float64(s) / float64(steps-1)
		if slerp {
			z = append(z, Slerp(a, b, t)...)
		} else {
			for i := range a {
				z = append(z, (1-t)*a[i]+t*b[i])
			}
		}
		labels[s] = "t=" + strconv.FormatFloat(t, 'f', 2, 64)
	}
	out := make([]float64, steps*rows*cols)
	if err := m.Decode(z, steps, out); err != nil {
		return plot.Images{}, nil, err
	}
	return plot.Images{Pix: out, N: steps, Rows: rows, Cols: cols, Labels: labels}, z, nil
}

// InterpolationFigure draws, for every pair of samples, the decodings along
// the straight line and along the great circle between their codes (rows
// of a figure, each row framed by the two samples themselves).
func InterpolationFigure(path string, m nets.Model, ds *data.Dataset, codes []float64, pairs [][2]int, steps int, title string) error {
	k := m.Spec().Latent
	var rows []plot.Images
	var captions []string
	for _, p := range pairs {
		a, b := codes[p[0]*k:(p[0]+1)*k], codes[p[1]*k:(p[1]+1)*k]
		for _, slerp := range []bool{false, true} {
			im, _, err := Interpolate(m, a, b, steps, slerp, ds.Rows, ds.Cols)
			if err != nil {
				return err
			}
			pix := append(append(append([]float64{}, ds.Row(p[0])...), im.Pix...), ds.Row(p[1])...)
			labels := append(append([]string{ds.Labels[p[0]]}, im.Labels...), ds.Labels[p[1]])
			rows = append(rows, plot.Images{Pix: pix, N: im.N + 2, Rows: ds.Rows, Cols: ds.Cols, Labels: labels})
			captions = append(captions, map[bool]string{false: "linear", true: "slerp"}[slerp])
		}
	}
	return plot.Rows(path, rows, captions, ds.Binary(), title+": between the codes of pairs of samples (ends: the samples)")
}
