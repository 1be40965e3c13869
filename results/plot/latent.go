package plot

import (
	"fmt"
	"image"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// latentInput is the checked input of Latent and Latent3D.
type latentInput struct {
	n, dim int
	codes  []float64
	labels []string
	thumbs *Images
}

func checkLatent(name string, codes []float64, dim int, labels []string, thumbs *Images) (latentInput, error) {
	if dim < 1 {
		return latentInput{}, fmt.Errorf("%s: dimension %d", name, dim)
	}
	if len(codes) == 0 {
		return latentInput{}, fmt.Errorf("%s: no codes", name)
	}
	if len(codes)%dim != 0 {
		return latentInput{}, fmt.Errorf("%s: %d values are not a whole number of %d-dimensional codes", name, len(codes), dim)
	}
	if err := checkFinite(name+": codes", codes); err != nil {
		return latentInput{}, err
	}
	n := len(codes) / dim
	if err := checkLabels(labels, n); err != nil {
		return latentInput{}, fmt.Errorf("%s: %w", name, err)
	}
	if thumbs != nil {
		if err := thumbs.validate(name + ": thumbs"); err != nil {
			return latentInput{}, err
		}
		if thumbs.N != n {
			return latentInput{}, fmt.Errorf("%s: %d thumbnails for %d codes", name, thumbs.N, n)
		}
	}
	return latentInput{n: n, dim: dim, codes: codes, labels: plainAll(labels), thumbs: thumbs}, nil
}

// coord returns dimension d of every code.
func (in latentInput) coord(d int) []float64 {
	v := make([]float64, in.n)
	for i := range v {
		v[i] = in.codes[i*in.dim+d]
	}
	return v
}

// thumbImages renders the thumbnails about target pixels on their longer side.
func (in latentInput) thumbImages(target int) []*image.RGBA {
	if in.thumbs == nil {
		return nil
	}
	t := in.thumbs
	s := pixelScale(t.Rows, t.Cols, target)
	out := make([]*image.RGBA, t.N)
	for i := range out {
		out[i] = thumbnail(t.At(i), t.Rows, t.Cols, s)
	}
	return out
}

// labelStyle is the style of point labels: large, bold and centred.
func labelStyle() text.Style { return textStyle(13, true, colText) }

// Latent draws a scatter plot of latent codes (codes is n×dim, row-major).
// dim == 1: the codes on the x axis; labels are stacked above the axis
// where they would overlap, each joined to its point by a thin line.
// dim == 2: z1 and z2 axes. dim ≥ 3: one panel per pair of the first three
// dimensions (z1–z2, z1–z3, z2–z3) side by side. Each point is drawn as its
// label text centred on the point or, when thumbs is not nil (one image per
// code), as a crisp grayscale thumbnail centred on the point; with neither
// it is a dot.
func Latent(path string, codes []float64, dim int, labels []string, thumbs *Images, title string) error {
	return LatentWith(path, codes, dim, labels, thumbs, LatentOptions{}, title)
}

// LatentOptions change what Latent draws for dim ≥ 2.
type LatentOptions struct {
	Names []string // the axes' names, one per dimension (default z1, z2, …)
	// Dims are, for dim ≥ 3, the three dimensions whose pairs are panels
	// (default the first three).
	Dims [3]int
	// Shared puts every axis of every panel on one scale, the range of all
	// the coordinates drawn, so that a dimension the codes hardly vary
	// along shows as the thin line it is.
	Shared   bool
	Subtitle string
}

// LatentWith is Latent with options.
func LatentWith(path string, codes []float64, dim int, labels []string, thumbs *Images, opt LatentOptions, title string) error {
	if path == "" {
		return errNoPath
	}
	in, err := checkLatent("Latent", codes, dim, labels, thumbs)
	if err != nil {
		return err
	}
	if opt.Names != nil && len(opt.Names) != dim {
		return fmt.Errorf("Latent: %d axis names for %d dimensions", len(opt.Names), dim)
	}
	if opt.Dims == [3]int{} {
		opt.Dims = [3]int{0, 1, 2}
	}
	for _, d := range opt.Dims {
		if dim >= 3 && (d < 0 || d >= dim) {
			return fmt.Errorf("Latent: dimension %d of %d", d, dim)
		}
	}
	name := func(d int) string {
		if opt.Names != nil {
			return opt.Names[d]
		}
		return fmt.Sprintf("z%d", d+1)
	}
	layer := &thumbLayer{}
	mk := func(xs, ys []float64, imgs []*image.RGBA) *markPlotter {
		return &markPlotter{xs: xs, ys: ys, labels: in.labels, thumbs: imgs, layer: layer, style: labelStyle()}
	}
	// share sets every axis of ps to the range of the dimensions drawn.
	share := func(ps []*plot.Plot, dims ...int) {
		if !opt.Shared {
			return
		}
		var all []float64
		for _, d := range dims {
			all = append(all, in.coord(d)...)
		}
		r := minMax(all)
		pad := 0.06 * max(r[1]-r[0], 1e-9)
		for _, p := range ps {
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = r[0]-pad, r[1]+pad, r[0]-pad, r[1]+pad
		}
	}
	switch {
	case dim == 1:
		return latent1(path, in, title)
	case dim == 2:
		p := newPlot("", name(0), name(1))
		addGrid(p, true)
		p.Add(mk(in.coord(0), in.coord(1), in.thumbImages(36)))
		share([]*plot.Plot{p}, 0, 1)
		fig := newFigure(8.5*vg.Inch, 8*vg.Inch, title, opt.Subtitle)
		p.Draw(fig.dc)
		return fig.save(path, layer)
	}
	sub := opt.Subtitle
	if dim > 3 && sub == "" {
		sub = fmt.Sprintf("first 3 of %d latent dimensions", dim)
	}
	fig := newFigure(18*vg.Inch, 6.8*vg.Inch, title, sub)
	imgs := in.thumbImages(28)
	d := opt.Dims
	pairs := [][2]int{{d[0], d[1]}, {d[0], d[2]}, {d[1], d[2]}}
	ps := make([]*plot.Plot, len(pairs))
	for i, pr := range pairs {
		ps[i] = newPlot(fmt.Sprintf("z%d – z%d", pr[0]+1, pr[1]+1), name(pr[0]), name(pr[1]))
		addGrid(ps[i], true)
		ps[i].Add(mk(in.coord(pr[0]), in.coord(pr[1]), imgs))
	}
	share(ps, d[0], d[1], d[2])
	cs := fig.split(1, 1, 1)
	alignBottomTop(ps, cs)
	for i, p := range ps {
		p.Draw(cs[i])
	}
	return fig.save(path, layer)
}

// latent1 draws one-dimensional codes: points on the axis, labels or
// thumbnails stacked in as many levels as needed so that none overlap.
func latent1(path string, in latentInput, title string) error {
	xs := in.coord(0)
	imgs := in.thumbImages(36)
	sty := labelStyle()
	const figW = 11 * vg.Inch
	// Size of each mark in points, plus a gap.
	widths := make([]vg.Length, in.n)
	rowH := vg.Points(6)
	for i := range widths {
		switch {
		case imgs != nil:
			w, h := thumbSize(imgs[i])
			widths[i], rowH = w, max(rowH, h)
		case in.labels != nil:
			widths[i], rowH = sty.Width(in.labels[i]), max(rowH, sty.Height(in.labels[i]))
		}
		widths[i] += vg.Points(4)
	}
	rowH += vg.Points(4)
	widest := vg.Length(0)
	for _, w := range widths {
		widest = max(widest, w)
	}
	// A lower bound of the data area width (the plot's real one is wider).
	dataW := figW - vg.Points(20) - widest - vg.Points(20)
	r := minMax(xs)
	headerSpan := r[1] - r[0]
	if headerSpan == 0 {
		headerSpan = 1
	}
	order := make([]int, in.n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return xs[order[a]] < xs[order[b]] })
	var right []vg.Length // right edge of the last mark in each level
	levels := make([]float64, in.n)
	for _, i := range order {
		x := vg.Length((xs[i]-r[0])/headerSpan) * dataW
		l := 0
		for l < len(right) && right[l] > x-widths[i]/2 {
			l++
		}
		if l == len(right) {
			right = append(right, 0)
		}
		right[l] = x + widths[i]/2
		levels[i] = float64(l + 1)
	}
	if in.labels == nil && imgs == nil {
		right = nil
		for i := range levels {
			levels[i] = 0
		}
	}
	nl := len(right)
	dataH := rowH * vg.Length(nl+1)
	figH := min(max(dataH+1.6*vg.Inch, 3*vg.Inch), 20*vg.Inch)

	p := newPlot("", "z1", "")
	addGrid(p, true)
	p.HideY()
	p.Y.Min, p.Y.Max = -0.5, float64(nl)+0.5
	zero := make([]float64, in.n)
	for i := range xs {
		if levels[i] > 0 {
			l, err := plotter.NewLine(plotter.XYs{{X: xs[i], Y: 0}, {X: xs[i], Y: levels[i]}})
			if err != nil {
				return fmt.Errorf("Latent: %w", err)
			}
			l.LineStyle = lineStyle(colFrame, 0.6)
			p.Add(l)
		}
	}
	layer := &thumbLayer{}
	p.Add(&markPlotter{xs: xs, ys: zero})
	if nl > 0 {
		p.Add(&markPlotter{xs: xs, ys: levels, labels: in.labels, thumbs: imgs, layer: layer, style: sty})
	}
	fig := newFigure(figW, figH, title, "")
	p.Draw(fig.dc)
	return fig.save(path, layer)
}
