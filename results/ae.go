package results

import (
	"fmt"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/results/plot"
	"github.com/aenets/aenets/training"
	"github.com/aenets/aenets/training/metrics"
)

// AERun is a trained autoencoder and what it was trained on.
type AERun struct {
	Model      nets.Model
	Data       *data.Dataset
	History    *training.History
	Seed       uint64
	DataSource string  // where the data came from, recorded in the weights file
	Ends       *[2]int // the samples interpolation.png walks between; nil: the two codes furthest apart
	Steps      int     // decodings along the interpolation, ends included
	Grid       int     // generated.png is Grid×Grid decodings
	TrainNoise string  // the noise of a DAE's training inputs, e.g. "salt-pepper 0.1" ("" for none)
	SaveRecon  bool    // also write reconstructions.npz: the data, its reconstructions and codes
}

// WriteAE writes the weights, metrics.json and the figures of a trained
// autoencoder into its run folder, in that order, and returns its metrics,
// for the caller to complete and write again. A figure that fails is
// reported as a *FiguresError, after the others are drawn.
func WriteAE(dir string, r AERun) (*AEMetrics, error) {
	ds, h, m := r.Data, r.History, r.Model
	spec := m.Spec()
	k := spec.Latent
	out := make([]float64, ds.N*ds.D)
	z := make([]float64, ds.N*k)
	loss, err := m.Evaluate(ds.X, ds.X, ds.N, out, z)
	if err != nil {
		return nil, err
	}
	wrong := metrics.WrongPixels(ds.X, out, ds.N, ds.D, nil)
	sum := metrics.Summarize(wrong)
	met := &AEMetrics{RunMetrics: newRunMetrics("ae", ds, h, m, r.Seed, loss, m.Terms()),
		MaxWrongPixels: sum.Max, MeanWrongPixels: sum.Mean, PerfectSamples: sum.Perfect,
		WrongPixels: wrong, LatentCodes: rowsOf(z, ds.N, k)}
	a, b := Furthest(z, ds.N, k)
	if r.Ends != nil {
		a, b = r.Ends[0], r.Ends[1]
	}
	met.Interpolated = [2]string{ds.Labels[a], ds.Labels[b]}
	binary := ds.Binary()
	title := fmt.Sprintf("%s on %s", spec.LayerString(), dataTitle(ds))
	orig := plot.Images{Pix: ds.X, N: ds.N, Rows: ds.Rows, Cols: ds.Cols, Labels: ds.Labels}
	recon := plot.Images{Pix: out, N: ds.N, Rows: ds.Rows, Cols: ds.Cols, Labels: ds.Labels}
	figs := []figure{
		{"loss.png", func(p string) error { return aeLossFigure(p, h, spec, r.TrainNoise, title) }},
		{"latent.png", func(p string) error {
			return latentFigure(p, z, k, ds.Labels, nil, spec.LatentAct, title+": latent codes")
		}},
		{"reconstructions.npz", func(p string) error { return saveRecon(p, r.SaveRecon, ds, out, "z", z, k) }},
		{"reconstructions.png", func(p string) error {
			return plot.Reconstructions(p, orig, recon, binary, title+": original | reconstruction")
		}},
		{"errors.png", func(p string) error {
			return plot.WrongPixels(p, ds.Labels, wrong, title+": wrong pixels (output thresholded at 0.5)")
		}},
		{"generated.png", func(p string) error { return generatedFigure(p, m, z, ds, r.Grid, title) }},
		{"interpolation.png", func(p string) error {
			imgs, _, err := Interpolate(m, z[a*k:(a+1)*k], z[b*k:(b+1)*k], r.Steps, false, ds.Rows, ds.Cols)
			if err != nil {
				return err
			}
			row := plot.Images{Pix: append(append(append([]float64{}, ds.Row(a)...), imgs.Pix...), ds.Row(b)...), N: imgs.N + 2, Rows: ds.Rows, Cols: ds.Cols,
				Labels: append(append([]string{ds.Labels[a]}, imgs.Labels...), ds.Labels[b])}
			return plot.Rows(p, []plot.Images{row}, []string{"decoded"}, binary,
				fmt.Sprintf("%s: from %s to %s in latent space (ends: the samples themselves)", title, ds.Labels[a], ds.Labels[b]))
		}},
	}
	return met, writeRun(dir, m, r.DataSource, met, figs)
}

// Furthest returns the two of the n codes (n×k) furthest apart.
func Furthest(z []float64, n, k int) (int, int) {
	n = min(n, MaxFigureSamples)
	best, a, b := -1.0, 0, 0
	for i := range n {
		for j := i + 1; j < n; j++ {
			d := 0.0
			for c := range k {
				e := z[i*k+c] - z[j*k+c]
				d += e * e
			}
			if d > best {
				best, a, b = d, i, j
			}
		}
	}
	return a, b
}
