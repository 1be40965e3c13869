package results

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/results/plot"
	"github.com/aenets/aenets/training"
)

// This file draws the VAE's figures about its latent space and its
// training: loss.png, traversal.png, latent.png and grid.png.

// Span is how far from 0 traversal.png and grid.png go along a dimension.
const Span = 2.5

// dimName names latent dimension j by its use: "z2 (active, KL 1.85)".
func dimName(st *LatentStats, j int) string {
	use := "inactive"
	if st.Active[j] {
		use = "active"
	}
	return fmt.Sprintf("z%d (%s, KL %.3g)", j+1, use, st.KL[j])
}

// byActivity returns the dimensions in decreasing order of the variance of
// their μ over the data (ties in order).
func byActivity(st *LatentStats) []int {
	d := make([]int, st.K)
	for j := range d {
		d[j] = j
	}
	slices.SortStableFunc(d, func(a, b int) int {
		switch {
		case st.MuVar[a] > st.MuVar[b]:
			return -1
		case st.MuVar[a] < st.MuVar[b]:
			return 1
		default:
			return 0
		}
	})
	return d
}

// vaeLossFigure draws the training history in panels of their own: the
// total loss (and a held-out set's, dashed, if the run scored one), the
// reconstruction, the KL (with each dimension's, from the trace, and the
// floor of the free bits), and β and the learning rate where they change.
func vaeLossFigure(path string, h *training.History, spec nets.Spec, trace *KLTrace, title string) error {
	if h.Epochs == 0 {
		return nil
	}
	panels := []plot.Panel{
		{YName: "loss per sample", Zoom: true, Lines: []plot.Line{
			{Name: "total, z = μ (after the epoch)", Y: h.Loss}, {Name: "total, z sampled (mean over the epoch's steps)", Y: h.TrainLoss}}},
	}
	for _, c := range testCurve(h, "total on the held-out test set, z = μ") {
		panels[0].Lines = append(panels[0].Lines, plot.Line{Name: c.Name, Y: c.Y, Dashed: true})
	}
	if r := h.Term("recon"); r != nil {
		panels = append(panels, plot.Panel{YName: spec.Loss + " summed over pixels", Zoom: true,
			Lines: []plot.Line{{Name: "reconstruction, z = μ", Y: r.Value}}})
	}
	kl := h.Term("kl")
	if kl == nil {
		return fmt.Errorf("no KL term in the history")
	}
	klp := plot.Panel{YName: "KL (nats)", Zoom: true, Lines: []plot.Line{{Name: "KL, all dimensions", Y: kl.Value}}}
	if fb := h.Term("free_bits"); fb != nil {
		paid := make([]float64, len(kl.Value))
		for i := range paid {
			paid[i] = kl.Value[i] + fb.Value[i]
		}
		klp.Lines = append(klp.Lines, plot.Line{Name: "KL the objective pays, Σ max(KL_i, λ)", Y: paid})
		klp.HLine, klp.HLineName = spec.FreeBits, fmt.Sprintf("λ = %g (free bits, per dimension)", spec.FreeBits)
	}
	if trace != nil && len(trace.Epochs) > 0 {
		for j, v := range trace.KL {
			klp.Lines = append(klp.Lines, plot.Line{Name: fmt.Sprintf("KL of z%d", j+1), X: trace.Epochs, Y: v})
		}
	}
	panels = append(panels, klp)
	if slices.Min(kl.Weight) != slices.Max(kl.Weight) {
		panels = append(panels, plot.Panel{YName: "β", Step: true, Lines: []plot.Line{{Name: "β, the KL's weight", Y: kl.Weight}}})
	}
	if slices.Min(h.LR) != slices.Max(h.LR) {
		panels = append(panels, plot.Panel{YName: "learning rate", Step: true, LogY: true, Lines: []plot.Line{{Name: "learning rate", Y: h.LR}}})
	}
	return plot.Panels(path, panels, fmt.Sprintf("%s: loss per sample (%s summed over pixels + β·KL, β = %g)", title, spec.Loss, spec.Beta))
}

// zTicks are n values from −span to span, as tick labels.
func zTicks(n int, span float64) ([]float64, []string) {
	v, s := make([]float64, n), make([]string, n)
	for i := range n {
		v[i] = -span + 2*span*float64(i)/float64(n-1)
		s[i] = strconv.FormatFloat(v[i], 'g', 3, 64)
	}
	return v, s
}

// traversalFigure decodes, for every latent dimension, steps points from
// −Span to Span along it with the others at 0: one row per dimension,
// labelled with its KL and whether it is active.
func traversalFigure(path string, m nets.Model, st *LatentStats, ds *data.Dataset, steps int, title string) error {
	k := st.K
	vals, labels := zTicks(steps, Span)
	z := make([]float64, k*steps*k)
	for j := range k {
		for s, v := range vals {
			z[(j*steps+s)*k+j] = v
		}
	}
	out := make([]float64, k*steps*ds.D)
	if err := m.Decode(z, k*steps, out); err != nil {
		return err
	}
	rows := make([]plot.Images, k)
	captions := make([]string, k)
	for j := range k {
		rows[j] = plot.Images{Pix: out[j*steps*ds.D : (j+1)*steps*ds.D], N: steps, Rows: ds.Rows, Cols: ds.Cols, Labels: labels}
		captions[j] = dimName(st, j)
	}
	return plot.Rows(path, rows, captions, false,
		fmt.Sprintf("%s: each dimension from %g to %g, the others at 0 (KL in nats; active: Var of μ over the data > %g)", title, -Span, Span, ActiveThreshold))
}

// vaeLatentFigure draws μ of every sample, every axis on one scale, the axes
// named by their use; for latent ≥ 3, the pairs of the three most active
// dimensions.
func vaeLatentFigure(path string, st *LatentStats, ds *data.Dataset, thumbs *plot.Images, title string) error {
	names := make([]string, st.K)
	for j := range names {
		names[j] = dimName(st, j)
	}
	opt := plot.LatentOptions{Names: names, Shared: true,
		Subtitle: fmt.Sprintf("%d of %d dimensions active (Var of μ over the data > %g); every axis on one scale", st.ActiveCount(), st.K, ActiveThreshold)}
	if st.K >= 3 {
		top := byActivity(st)[:3]
		slices.Sort(top)
		opt.Dims = [3]int{top[0], top[1], top[2]}
		if st.K > 3 {
			opt.Subtitle += fmt.Sprintf("; the 3 most active of %d", st.K)
		}
	}
	return plot.LatentWith(path, st.Mu, st.K, ds.Labels, thumbs, opt, title+": μ of every sample")
}

// gridFigure decodes a g×g grid over the two most active dimensions (the
// first across, the second down, decreasing), the others at 0, with the
// z values on its axes.
func gridFigure(path string, m nets.Model, st *LatentStats, ds *data.Dataset, g int, title string) error {
	a, b := MostUsed(st.Mu, st.N, st.K)
	im, err := DecodeGrid(m, g, Span, a, b, ds.Rows, ds.Cols)
	if err != nil {
		return err
	}
	_, xt := zTicks(g, Span)
	yt := slices.Clone(xt)
	slices.Reverse(yt)
	yName := dimName(st, b) + " ↓"
	note := "the two dimensions whose μ varies most over the data; the others at 0"
	if st.K == 1 { // one dimension: one row
		im.N, im.Pix, yt, yName, note = g, im.Pix[:g*ds.D], []string{""}, "", "the only latent dimension"
	}
	return plot.AxesGrid(path, im, xt, yt, dimName(st, a)+" →", yName, false, title+": decodings of a grid of latent points", note)
}
