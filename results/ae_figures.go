package results

import (
	"fmt"
	"math"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/results/plot"
)

// This file draws the AE's figures whose input takes more than a line to
// prepare, and writes the reconstructions asked for with SaveRecon.

// activationRange is the range a latent activation bounds every code
// dimension to, if any.
func activationRange(act string) (lo, hi float64, ok bool) {
	switch graph.Activation(act) {
	case graph.Sigmoid:
		return 0, 1, true
	case graph.Tanh:
		return -1, 1, true
	default: // relu, softplus and identity are unbounded above
		return 0, 0, false
	}
}

// latentFigure draws latent.png: with the activation's range marked as a
// box when it has one.
func latentFigure(path string, z []float64, k int, labels []string, thumbs *plot.Images, act, title string) error {
	if lo, hi, ok := activationRange(act); ok {
		return plot.LatentBox(path, z, k, labels, thumbs, lo, hi, title)
	}
	return plot.Latent(path, z, k, labels, thumbs, title)
}

// generatedFigure draws generated.png: the decodings of a g×g grid over the
// range of the first two latent dimensions of the codes z, with the value
// of each column and row.
func generatedFigure(path string, m nets.Model, z []float64, ds *data.Dataset, g int, title string) error {
	imgs, lo, hi, err := generate(m, z, ds, g)
	if err != nil {
		return err
	}
	k := m.Spec().Latent
	axes := plot.GridAxes{XName: "z1", X: make([]float64, g)}
	for c := range g {
		axes.X[c] = lo[0] + (hi[0]-lo[0])*float64(c)/float64(g-1)
	}
	note := "z1 grows from left to right"
	if k > 1 {
		axes.YName, axes.Y = "z2", make([]float64, g)
		for r := range g {
			axes.Y[r] = hi[1] - (hi[1]-lo[1])*float64(r)/float64(g-1)
		}
		note += ", z2 from bottom to top, as in latent.png"
	}
	if k > 2 {
		note += fmt.Sprintf(";  z3 to z%d at their mean over the data", k)
	}
	note += ";  each spans the range of the codes"
	axes.Notes = []string{note}
	return plot.LatentGrid(path, imgs, axes, ds.Binary(), fmt.Sprintf("%s: decoded from a %d×%d grid over the range of the codes", title, g, g))
}

// generate decodes a g×g grid spanning the bounding box [lo, hi] of the
// first two latent dimensions of the codes z (the others held at their
// mean); the top row has the largest second coordinate, as in latent.png.
func generate(m nets.Model, z []float64, ds *data.Dataset, g int) (imgs plot.Images, lo, hi []float64, err error) {
	k := m.Spec().Latent
	lo, hi = make([]float64, k), make([]float64, k)
	mean := make([]float64, k)
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
		return plot.Images{}, nil, nil, err
	}
	return plot.Images{Pix: out, N: rows * g, Rows: ds.Rows, Cols: ds.Cols}, lo, hi, nil
}

// saveRecon writes, when asked, the data (x), its reconstructions (recon)
// and its codes (named codeName, n×k) as an .npz file.
func saveRecon(path string, asked bool, ds *data.Dataset, recon []float64, codeName string, codes []float64, k int) error {
	if !asked {
		return nil
	}
	return WriteArrays(path,
		Array{Name: "x", Rows: ds.N, Cols: ds.D, Data: ds.X},
		Array{Name: "recon", Rows: ds.N, Cols: ds.D, Data: recon},
		Array{Name: codeName, Rows: ds.N, Cols: k, Data: codes})
}
