package results

import (
	"fmt"
	"math"

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
	met := &AEMetrics{RunMetrics: newRunMetrics("ae", ds, h, m, r.Seed, loss),
		MaxWrongPixels: sum.Max, MeanWrongPixels: sum.Mean, PerfectSamples: sum.Perfect,
		WrongPixels: wrong, LatentCodes: rowsOf(z, ds.N, k)}
	a, b := Furthest(z, ds.N, k)
	if r.Ends != nil {
		a, b = r.Ends[0], r.Ends[1]
	}
	met.Interpolated = [2]string{ds.Labels[a], ds.Labels[b]}
	binary := ds.Binary()
	title := fmt.Sprintf("%s on %s", spec.LayerString(), ds.Name)
	n, some := shown(ds.N)
	orig := plot.Images{Pix: ds.X[:n*ds.D], N: n, Rows: ds.Rows, Cols: ds.Cols, Labels: ds.Labels[:n]}
	recon := plot.Images{Pix: out[:n*ds.D], N: n, Rows: ds.Rows, Cols: ds.Cols, Labels: ds.Labels[:n]}
	figs := []figure{
		{"loss.png", func(p string) error {
			if h.Epochs == 0 {
				return nil // diverged in the first epoch: no curve to draw
			}
			return plot.LossFigure(p, []plot.Curve{{Name: "loss after the epoch (whole set)", Y: h.Loss},
				{Name: "mean batch loss during the epoch", Y: h.TrainLoss}}, h.LR,
				fmt.Sprintf("%s: %s loss, %d epochs (%s)", title, spec.Loss, h.Epochs, h.StoppedBecause))
		}},
		{"latent.png", func(p string) error {
			return plot.Latent(p, z[:n*k], k, ds.Labels[:n], nil, title+": latent codes"+some)
		}},
		{"reconstructions.png", func(p string) error {
			return plot.Reconstructions(p, orig, recon, binary, title+": original | reconstruction"+some)
		}},
		{"errors.png", func(p string) error {
			return plot.WrongPixels(p, ds.Labels[:n], wrong[:n], title+": wrong pixels (output thresholded at 0.5)"+some)
		}},
		{"generated.png", func(p string) error {
			imgs, caption, err := generate(m, z, ds, r.Grid)
			if err != nil {
				return err
			}
			return plot.Grid(p, imgs, r.Grid, binary, title+": decoded from a grid over "+caption)
		}},
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

// generate decodes a g×g grid spanning the bounding box of the first two
// latent dimensions of the codes z (the others held at their mean); the top
// row has the largest second coordinate, as in latent.png.
func generate(m nets.Model, z []float64, ds *data.Dataset, g int) (plot.Images, string, error) {
	k := m.Spec().Latent
	lo, hi, mean := make([]float64, k), make([]float64, k), make([]float64, k)
	for j := range k {
		lo[j], hi[j] = math.Inf(1), math.Inf(-1)
		for i := range ds.N {
			v := z[i*k+j]
			lo[j], hi[j] = math.Min(lo[j], v), math.Max(hi[j], v)
			mean[j] += v / float64(ds.N)
		}
	}
	rows := g
	if k == 1 {
		rows = 1
	}
	codes := make([]float64, 0, rows*g*k)
	for r := range rows {
		for c := range g {
			code := append([]float64(nil), mean...)
			code[0] = lo[0] + (hi[0]-lo[0])*float64(c)/float64(g-1)
			if k > 1 {
				code[1] = hi[1] - (hi[1]-lo[1])*float64(r)/float64(g-1)
			}
			codes = append(codes, code...)
		}
	}
	out := make([]float64, rows*g*ds.D)
	if err := m.Decode(codes, rows*g, out); err != nil {
		return plot.Images{}, "", err
	}
	caption := fmt.Sprintf("z1 ∈ [%.3g, %.3g]", lo[0], hi[0])
	if k > 1 {
		caption += fmt.Sprintf(", z2 ∈ [%.3g, %.3g]", lo[1], hi[1])
	}
	if k > 2 {
		caption += ", other dimensions at their mean"
	}
	return plot.Images{Pix: out, N: rows * g, Rows: ds.Rows, Cols: ds.Cols}, caption, nil
}

// Furthest returns the two of the n codes (n×k) furthest apart, among the
// first MaxFigureSamples (the search takes n² steps).
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
