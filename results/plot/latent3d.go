package plot

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
)

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
	many := in.n > manyPoints
	var classCols []color.RGBA
	var classLegend []legendEntry
	sub := "view turned 35° and tilted 22°; the box spans the range of each dimension"
	if many { // dots coloured by label, without drop lines
		var note string
		classCols, classLegend, note = classes(in.labels, in.n)
		sub += ";  " + note
		order, in.thumbs = nil, nil
	}
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
	dots := &dotLayer{}
	if many {
		dc := make([]color.RGBA, in.n)
		xs, ys = make([]float64, in.n), make([]float64, in.n)
		for i := range in.n {
			xs[i], ys[i], _ = project(norm[i][0], norm[i][1], norm[i][2])
			dc[i] = classCols[i]
		}
		p.Add(&dotPlotter{xs: xs, ys: ys, colors: dc, layer: dots})
	} else {
		p.Add(&markPlotter{xs: xs, ys: ys, labels: lbls, colors: cols, thumbs: imgs, layer: layer, style: labelStyle(), noBoxes: true})
	}
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
	figW := 9 * vg.Inch
	var leg plot.Legend
	var lw vg.Length
	if classLegend != nil {
		leg, lw = sideLegend(classLegend)
		figW += lw + vg.Points(12)
	}
	fig := newFigure(figW, 9.4*vg.Inch, title, sub)
	area := fig.dc
	if classLegend != nil {
		var la vgdraw.Canvas
		area, la = withSideLegend(fig.dc, lw)
		leg.Draw(la)
	}
	w, h := float64(area.Max.X-area.Min.X), float64(area.Max.Y-area.Min.Y)
	unit := max((rx[1]-rx[0])/w, (ry[1]-ry[0])/h) // data units per point
	mx, my := (rx[0]+rx[1])/2, (ry[0]+ry[1])/2
	p.X.Min, p.X.Max = mx-unit*w/2, mx+unit*w/2
	p.Y.Min, p.Y.Max = my-unit*h/2, my+unit*h/2
	drawPlot(p, area)
	return fig.save(path, layer, dots)
}

// colorGray is an opaque gray of level g.
func colorGray(g uint8) color.RGBA { return color.RGBA{g, g, g, 255} }
