package results

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"

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
// it is a dot.
func Latent(path string, codes []float64, dim int, labels []string, thumbs *Images, title string) error {
	if path == "" {
		return errNoPath
	}
	in, err := checkLatent("Latent", codes, dim, labels, thumbs)
	if err != nil {
		return err
	}
	layer := &thumbLayer{}
	mk := func(xs, ys []float64, imgs []*image.RGBA) *markPlotter {
		return &markPlotter{xs: xs, ys: ys, labels: in.labels, thumbs: imgs, layer: layer, style: labelStyle()}
	}
	switch {
	case dim == 1:
		return latent1(path, in, title)
	case dim == 2:
		p := newPlot("", "z1", "z2")
		addGrid(p, true)
		p.Add(mk(in.coord(0), in.coord(1), in.thumbImages(36)))
		fig := newFigure(8.5*vg.Inch, 8*vg.Inch, title, "")
		p.Draw(fig.dc)
		return fig.save(path, layer)
	}
	sub := ""
	if dim > 3 {
		sub = fmt.Sprintf("first 3 of %d latent dimensions", dim)
	}
	fig := newFigure(18*vg.Inch, 6.8*vg.Inch, title, sub)
	imgs := in.thumbImages(28)
	pairs := [][2]int{{0, 1}, {0, 2}, {1, 2}}
	ps := make([]*plot.Plot, len(pairs))
	for i, pr := range pairs {
		ps[i] = newPlot(fmt.Sprintf("z%d – z%d", pr[0]+1, pr[1]+1), fmt.Sprintf("z%d", pr[0]+1), fmt.Sprintf("z%d", pr[1]+1))
		addGrid(ps[i], true)
		ps[i].Add(mk(in.coord(pr[0]), in.coord(pr[1]), imgs))
	}
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

// Latent3D draws three-dimensional codes (codes is n×3) in a fixed
// perspective-free (orthographic) view, turned 35° about the vertical axis
// and tilted 22° down. The box is the data range of each axis, drawn with
// tick values; z3 points up. Points are labels or thumbnails as in Latent,
// far points drawn first, each with a faint line down to the floor of the
// box to show its height.
func Latent3D(path string, codes []float64, labels []string, thumbs *Images, title string) error {
	if path == "" {
		return errNoPath
	}
	in, err := checkLatent("Latent3D", codes, 3, labels, thumbs)
	if err != nil {
		return err
	}
	const yaw, pitch = 35 * math.Pi / 180, 22 * math.Pi / 180
	project := func(x, y, z float64) (sx, sy, depth float64) {
		xr := math.Cos(yaw)*x - math.Sin(yaw)*y
		yr := math.Sin(yaw)*x + math.Cos(yaw)*y
		return xr, z*math.Cos(pitch) + yr*math.Sin(pitch), yr*math.Cos(pitch) - z*math.Sin(pitch)
	}
	// Normalise every axis to [-1, 1].
	var lo, hi [3]float64
	norm := make([][3]float64, in.n)
	for d := range 3 {
		r := minMax(in.coord(d))
		lo[d], hi[d] = r[0], r[1]
		for i := range norm {
			if r[1] > r[0] {
				norm[i][d] = 2*(in.codes[i*3+d]-r[0])/(r[1]-r[0]) - 1
			}
		}
	}
	p := newPlot("", "", "")
	p.HideAxes()
	p.X.Padding, p.Y.Padding = 0, 0

	seg := func(a, b [3]float64, ls vgdraw.LineStyle) error {
		ax, ay, _ := project(a[0], a[1], a[2])
		bx, by, _ := project(b[0], b[1], b[2])
		l, err := plotter.NewLine(plotter.XYs{{X: ax, Y: ay}, {X: bx, Y: by}})
		if err != nil {
			return fmt.Errorf("Latent3D: %w", err)
		}
		l.LineStyle = ls
		p.Add(l)
		return nil
	}
	// Box edges, then the three axes: z1 and z2 along the two front edges of
	// the floor, z3 up the left edge. Tick labels sit outside the floor.
	for _, s := range []float64{-1, 1} {
		for _, t := range []float64{-1, 1} {
			for _, e := range [][2][3]float64{{{-1, s, t}, {1, s, t}}, {{s, -1, t}, {s, 1, t}}, {{s, t, -1}, {s, t, 1}}} {
				if err := seg(e[0], e[1], lineStyle(colorGray(200), 0.8)); err != nil {
					return err
				}
			}
		}
	}
	axes := [3][2][3]float64{{{-1, -1, -1}, {1, -1, -1}}, {{-1, -1, -1}, {-1, 1, -1}}, {{-1, 1, -1}, {-1, 1, 1}}}
	var tx, ty, nx, ny []float64
	var tl, nl []string
	cx, cy, _ := project(0, 0, -1) // centre of the floor
	for d, a := range axes {
		if err := seg(a[0], a[1], lineStyle(colorGray(60), 1.4)); err != nil {
			return err
		}
		// Screen direction pointing away from the box, across the edge.
		x0, y0, _ := project(a[0][0], a[0][1], a[0][2])
		x1, y1, _ := project(a[1][0], a[1][1], a[1][2])
		ox, oy := y0-y1, x1-x0
		if d == 2 {
			ox, oy = -1, 0
		} else if ox*((x0+x1)/2-cx)+oy*((y0+y1)/2-cy) < 0 {
			ox, oy = -ox, -oy
		}
		l := math.Hypot(ox, oy)
		ox, oy = ox/l, oy/l
		for _, tk := range (niceTicks{}).Ticks(lo[d], hi[d]) {
			f := 0.5
			if hi[d] > lo[d] {
				f = (tk.Value - lo[d]) / (hi[d] - lo[d])
			}
			if tk.Label == "" || f < -1e-9 || f > 1+1e-9 {
				continue
			}
			x, y := x0+f*(x1-x0), y0+f*(y1-y0)
			tick := plotter.XYs{{X: x, Y: y}, {X: x + 0.05*ox, Y: y + 0.05*oy}}
			tl2, err := plotter.NewLine(tick)
			if err != nil {
				return fmt.Errorf("Latent3D: %w", err)
			}
			tl2.LineStyle = lineStyle(colorGray(60), 1)
			p.Add(tl2)
			tx, ty, tl = append(tx, x+0.14*ox), append(ty, y+0.14*oy), append(tl, tk.Label)
		}
		nx, ny = append(nx, (x0+x1)/2+0.32*ox), append(ny, (y0+y1)/2+0.32*oy)
		nl = append(nl, fmt.Sprintf("z%d", d+1))
	}

	// Points, far ones first, each with a drop line to the floor.
	order := make([]int, in.n)
	depth := make([]float64, in.n)
	for i := range order {
		order[i] = i
		_, _, depth[i] = project(norm[i][0], norm[i][1], norm[i][2])
	}
	sort.SliceStable(order, func(a, b int) bool { return depth[order[a]] > depth[order[b]] })
	for _, i := range order {
		q := norm[i]
		if err := seg(q, [3]float64{q[0], q[1], -1}, lineStyle(colorGray(215), 0.7)); err != nil {
			return err
		}
	}
	xs, ys := make([]float64, in.n), make([]float64, in.n)
	var lbls []string
	var cols []color.Color
	var imgs []*image.RGBA
	all := in.thumbImages(34)
	dr := minMax(depth)
	for k, i := range order {
		xs[k], ys[k], _ = project(norm[i][0], norm[i][1], norm[i][2])
		if in.labels != nil {
			lbls = append(lbls, in.labels[i])
			f := 0.0 // far points a little lighter
			if dr[1] > dr[0] {
				f = (depth[i] - dr[0]) / (dr[1] - dr[0])
			}
			cols = append(cols, colorGray(uint8(20+100*f)))
		}
		if all != nil {
			imgs = append(imgs, all[i])
		}
	}
	layer := &thumbLayer{}
	p.Add(&markPlotter{xs: xs, ys: ys, labels: lbls, colors: cols, thumbs: imgs, layer: layer, style: labelStyle(), noBoxes: true})
	tick := textStyle(10, false, colMuted)
	p.Add(&markPlotter{xs: tx, ys: ty, labels: tl, style: tick, noBoxes: true})
	p.Add(&markPlotter{xs: nx, ys: ny, labels: nl, style: textStyle(13, true, colText), noBoxes: true})

	// Fit the view around the box, the tick labels and the axis names, with
	// the same scale on both screen axes.
	var bx, by []float64
	for _, c := range [][3]float64{{-1, -1, -1}, {1, -1, -1}, {-1, 1, -1}, {1, 1, -1}, {-1, -1, 1}, {1, -1, 1}, {-1, 1, 1}, {1, 1, 1}} {
		x, y, _ := project(c[0], c[1], c[2])
		bx, by = append(bx, x), append(by, y)
	}
	bx, by = append(append(bx, tx...), nx...), append(append(by, ty...), ny...)
	rx, ry := minMax(bx), minMax(by)
	const pad = 0.2
	rx[0], rx[1], ry[0], ry[1] = rx[0]-pad, rx[1]+pad, ry[0]-pad, ry[1]+pad
	fig := newFigure(9*vg.Inch, 9.4*vg.Inch, title, "view turned 35° and tilted 22°; the box spans the range of each dimension")
	w, h := float64(fig.dc.Max.X-fig.dc.Min.X), float64(fig.dc.Max.Y-fig.dc.Min.Y)
	unit := max((rx[1]-rx[0])/w, (ry[1]-ry[0])/h) // data units per point
	mx, my := (rx[0]+rx[1])/2, (ry[0]+ry[1])/2
	p.X.Min, p.X.Max = mx-unit*w/2, mx+unit*w/2
	p.Y.Min, p.Y.Max = my-unit*h/2, my+unit*h/2
	p.Draw(fig.dc)
	return fig.save(path, layer)
}

// colorGray is an opaque gray of level g.
func colorGray(g uint8) color.RGBA { return color.RGBA{g, g, g, 255} }
