package plot

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
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
// it is a dot. With more than a few hundred codes every point is a dot,
// coloured by its label when there are at most 10 distinct labels.
func Latent(path string, codes []float64, dim int, labels []string, thumbs *Images, title string) error {
	return latentFigure(path, codes, dim, labels, thumbs, nil, LatentOptions{}, title)
}

// LatentOptions change what Latent draws.
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
	return latentFigure(path, codes, dim, labels, thumbs, nil, opt, title)
}

// LatentBox is Latent for codes that an activation bounds to [lo, hi] in
// every dimension (e.g. [0, 1] for a sigmoid latent layer). The box is
// drawn dashed; the subtitle counts the codes within 1% of the box's width
// of one of its limits, and those are drawn moved inward by a small
// seeded jitter so that codes stacked on a limit or a corner stay apart.
func LatentBox(path string, codes []float64, dim int, labels []string, thumbs *Images, lo, hi float64, title string) error {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return fmt.Errorf("LatentBox: limits [%v, %v]", lo, hi)
	}
	return latentFigure(path, codes, dim, labels, thumbs, &[2]float64{lo, hi}, LatentOptions{}, title)
}

// jitter moves the coordinates within 1% of the box's width of one of its
// limits inward by a seeded amount of up to 5% of the width, and returns
// the moved codes with a note saying how many codes were near a limit.
func (in latentInput) jitter(box [2]float64) (latentInput, string) {
	span := box[1] - box[0]
	near := 0.01 * span
	r := rand.New(rand.NewPCG(1, 2))
	out := in
	out.codes = append([]float64(nil), in.codes...)
	count := 0
	for i := range in.n {
		hit := false
		for d := range in.dim {
			v := &out.codes[i*in.dim+d]
			switch {
			case *v-box[0] <= near:
				*v, hit = box[0]+near*0.5+r.Float64()*0.05*span, true
			case box[1]-*v <= near:
				*v, hit = box[1]-near*0.5-r.Float64()*0.05*span, true
			}
		}
		if hit {
			count++
		}
	}
	note := fmt.Sprintf("dashed box: the range [%s, %s] of the latent activation;  %d of %d codes lie within %s of a limit",
		fmtNum(box[0]), fmtNum(box[1]), count, in.n, fmtNum(near))
	if count > 0 {
		note += fmt.Sprintf(" and are drawn jittered inward by up to %s", fmtNum(0.05*span+0.5*near))
	}
	return out, note
}

func latentFigure(path string, codes []float64, dim int, labels []string, thumbs *Images, box *[2]float64, opt LatentOptions, title string) error {
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
	dims := opt.Dims
	if dims == [3]int{} {
		dims = [3]int{0, 1, 2}
	}
	for _, d := range dims {
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
	var notes []string
	if opt.Subtitle != "" {
		notes = append(notes, opt.Subtitle)
	}
	if box != nil {
		var note string
		in, note = in.jitter(*box)
		notes = append(notes, note)
	}
	var dots *dotLayer
	var cols []color.RGBA
	var classLegend []legendEntry
	if in.n > manyPoints {
		var note string
		cols, classLegend, note = classes(in.labels, in.n)
		dots, in.thumbs = &dotLayer{}, nil
		notes = append(notes, note)
	}
	if dim > 3 && opt.Dims == [3]int{} {
		notes = append(notes, fmt.Sprintf("first 3 of %d latent dimensions", dim))
	}
	sub := strings.Join(notes, ";  ")
	if dim == 1 && dots == nil {
		return latent1(path, in, box, sub, title)
	}
	layer := &thumbLayer{}
	mk := func(xs, ys []float64, imgs []*image.RGBA) plot.Plotter {
		if dots != nil {
			return &dotPlotter{xs: xs, ys: ys, colors: cols, layer: dots}
		}
		return &markPlotter{xs: xs, ys: ys, labels: in.labels, thumbs: imgs, layer: layer, style: labelStyle()}
	}
	newLatentPlot := func(title, x, y string) *plot.Plot {
		p := newPlot(title, x, y)
		addGrid(p, true)
		if box != nil {
			markBox(p, *box, dim > 1)
		}
		return p
	}
	var ps []*plot.Plot
	switch dim {
	case 1: // many codes: a strip, spread vertically at random
		p := newLatentPlot("", name(0), "")
		p.HideY()
		r := rand.New(rand.NewPCG(3, 4))
		ys := make([]float64, in.n)
		for i := range ys {
			ys[i] = r.Float64()
		}
		p.Add(mk(in.coord(0), ys, nil))
		ps = append(ps, p)
	case 2:
		p := newLatentPlot("", name(0), name(1))
		p.Add(mk(in.coord(0), in.coord(1), in.thumbImages(36)))
		ps = append(ps, p)
	default:
		imgs := in.thumbImages(28)
		for _, pr := range [][2]int{{dims[0], dims[1]}, {dims[0], dims[2]}, {dims[1], dims[2]}} {
			p := newLatentPlot(name(pr[0])+" – "+name(pr[1]), name(pr[0]), name(pr[1]))
			p.Add(mk(in.coord(pr[0]), in.coord(pr[1]), imgs))
			ps = append(ps, p)
		}
	}
	if opt.Shared && box == nil && dim >= 2 {
		// One scale for every axis: the range of the dimensions drawn.
		var all []float64
		for _, d := range dims[:min(dim, 3)] {
			all = append(all, in.coord(d)...)
		}
		r := minMax(all)
		pad := 0.06 * max(r[1]-r[0], 1e-9)
		for _, p := range ps {
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = r[0]-pad, r[1]+pad, r[0]-pad, r[1]+pad
		}
	}
	w, h := 8.5*vg.Inch, 8*vg.Inch
	if len(ps) > 1 {
		w, h = 18*vg.Inch, 6.8*vg.Inch
	}
	var leg plot.Legend
	var lw vg.Length
	if classLegend != nil {
		leg, lw = sideLegend(classLegend)
		w += lw + vg.Points(12)
	}
	fig := newFigure(w, h, title, sub)
	area := fig.dc
	var la vgdraw.Canvas
	if classLegend != nil {
		area, la = withSideLegend(fig.dc, lw)
	}
	cs := []vgdraw.Canvas{area}
	if len(ps) > 1 {
		cs = splitX(area, vg.Points(18), 1, 1, 1)
		alignBottomTop(ps, cs)
	}
	for i, p := range ps {
		drawPlot(p, cs[i])
	}
	if classLegend != nil {
		la.Max.Y = ps[0].DataCanvas(cs[0]).Max.Y
		leg.Draw(la)
	}
	if dots != nil {
		return fig.save(path, dots)
	}
	return fig.save(path, layer)
}

// markBox draws the limits [box[0], box[1]] of the codes as dashed lines:
// a square when square, else two vertical lines; the axes show a little
// more than the box.
func markBox(p *plot.Plot, box [2]float64, square bool) {
	pad := 0.06 * (box[1] - box[0])
	dashed := lineStyle(colMuted, 1)
	dashed.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(&vLinePlotter{x: box[0], line: dashed}, &vLinePlotter{x: box[1], line: dashed})
	p.X.Min, p.X.Max = math.Min(p.X.Min, box[0]-pad), math.Max(p.X.Max, box[1]+pad)
	if square {
		p.Add(&hLinePlotter{y: box[0], line: dashed}, &hLinePlotter{y: box[1], line: dashed})
		p.Y.Min, p.Y.Max = math.Min(p.Y.Min, box[0]-pad), math.Max(p.Y.Max, box[1]+pad)
	}
}

// latent1 draws one-dimensional codes: points on the axis, labels or
// thumbnails stacked in as many levels as needed so that none overlap.
func latent1(path string, in latentInput, box *[2]float64, sub, title string) error {
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
	if box != nil {
		markBox(p, *box, false)
	}
	fig := newFigure(figW, figH, title, sub)
	drawPlot(p, fig.dc)
	return fig.save(path, layer)
}
