package plot

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
)

// markPlotter draws each point as its label (black text with a white halo, centred
// on the point), as a crisp thumbnail, or as a dot when there are neither.
type markPlotter struct {
	xs, ys  []float64
	labels  []string
	colors  []color.Color // optional text colour per point
	thumbs  []*image.RGBA
	layer   *thumbLayer
	style   text.Style
	noBoxes bool      // do not ask the plot for room around the marks
	offsetY vg.Length // labels are drawn this far above their points
}

func (m *markPlotter) Plot(c vgdraw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i := range m.xs {
		pt := vg.Point{X: trX(m.xs[i]), Y: trY(m.ys[i]) + m.offsetY}
		switch {
		case m.thumbs != nil:
			m.layer.add(pt, m.thumbs[i])
		case m.labels != nil:
			sty := m.style
			if m.colors != nil {
				sty.Color = m.colors[i]
			}
			haloText(&c, sty, pt, m.labels[i])
		default:
			c.DrawGlyph(vgdraw.GlyphStyle{Color: linePalette[0], Radius: vg.Points(2.5), Shape: vgdraw.CircleGlyph{}}, pt)
		}
	}
}

// haloText draws txt with a thin white outline so that it stays legible on
// top of grid lines and other labels.
func haloText(c *vgdraw.Canvas, sty text.Style, pt vg.Point, txt string) {
	halo := sty
	halo.Color = color.White
	d := vg.Points(0.9)
	for _, o := range [][2]vg.Length{{-d, 0}, {d, 0}, {0, -d}, {0, d}, {-d, -d}, {d, d}, {-d, d}, {d, -d}} {
		c.FillText(halo, vg.Point{X: pt.X + o[0], Y: pt.Y + o[1]}, txt)
	}
	c.FillText(sty, pt, txt)
}

func (m *markPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	return minMax(m.xs)[0], minMax(m.xs)[1], minMax(m.ys)[0], minMax(m.ys)[1]
}

func (m *markPlotter) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	if m.noBoxes {
		return nil
	}
	boxes := make([]plot.GlyphBox, len(m.xs))
	for i := range m.xs {
		b := plot.GlyphBox{X: p.X.Norm(m.xs[i]), Y: p.Y.Norm(m.ys[i])}
		switch {
		case m.thumbs != nil:
			w, h := thumbSize(m.thumbs[i])
			b.Rectangle = vg.Rectangle{Min: vg.Point{X: -w / 2, Y: -h / 2}, Max: vg.Point{X: w / 2, Y: h / 2}}
		case m.labels != nil:
			b.Rectangle = m.style.Rectangle(m.labels[i])
			b.Rectangle.Min.Y += m.offsetY
			b.Rectangle.Max.Y += m.offsetY
		default:
			r := vg.Points(3)
			b.Rectangle = vg.Rectangle{Min: vg.Point{X: -r, Y: -r}, Max: vg.Point{X: r, Y: r}}
		}
		boxes[i] = b
	}
	return boxes
}

// minMax returns the smallest and largest value of v (v is not empty).
func minMax(v []float64) [2]float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return [2]float64{lo, hi}
}

// barPlotter draws vertical bars from 0 to ys[i] centred on xs[i], with an
// optional text above each bar.
type barPlotter struct {
	xs, ys    []float64
	width     float64       // in data units
	colors    []color.Color // one colour, or one per bar
	texts     []string      // optional, "" for none
	textStyle text.Style
}

func (b *barPlotter) Plot(c vgdraw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i := range b.xs {
		x0, x1 := trX(b.xs[i]-b.width/2), trX(b.xs[i]+b.width/2)
		y0, y1 := trY(0), trY(b.ys[i])
		col := b.colors[0]
		if len(b.colors) > 1 {
			col = b.colors[i]
		}
		pts := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		c.FillPolygon(col, c.ClipPolygonXY(pts))
		if b.texts != nil && b.texts[i] != "" {
			sty := b.textStyle
			sty.YAlign = vgdraw.YBottom
			c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: max(y0, y1) + vg.Points(2)}, b.texts[i])
		}
	}
}

func (b *barPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	x, y := minMax(b.xs), minMax(b.ys)
	return x[0] - b.width/2, x[1] + b.width/2, math.Min(0, y[0]), math.Max(0, y[1])
}

// Thumbnail draws the legend icon of the bars.
func (b *barPlotter) Thumbnail(c *vgdraw.Canvas) {
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}}
	c.FillPolygon(b.colors[0], pts)
}

// hLinePlotter is a horizontal line across the plot with an optional label at its
// right end, above the line.
type hLinePlotter struct {
	y         float64
	line      vgdraw.LineStyle
	label     string
	textStyle text.Style
}

func (h *hLinePlotter) Plot(c vgdraw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(h.y)
	c.StrokeLines(h.line, c.ClipLinesY([]vg.Point{{X: c.Min.X, Y: y}, {X: c.Max.X, Y: y}})...)
	if h.label != "" {
		sty := h.textStyle
		sty.XAlign, sty.YAlign = vgdraw.XRight, vgdraw.YBottom
		haloText(&c, sty, vg.Point{X: c.Max.X - vg.Points(3), Y: y + vg.Points(2)}, h.label)
	}
}

// Thumbnail draws the legend icon of the line.
func (h *hLinePlotter) Thumbnail(c *vgdraw.Canvas) {
	y := (c.Min.Y + c.Max.Y) / 2
	c.StrokeLine2(h.line, c.Min.X, y, c.Max.X, y)
}

// vLinePlotter is a vertical line across the plot with an optional label
// beside its top end.
type vLinePlotter struct {
	x         float64
	line      vgdraw.LineStyle
	label     string
	textStyle text.Style
}

func (v *vLinePlotter) Plot(c vgdraw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.x)
	c.StrokeLines(v.line, c.ClipLinesX([]vg.Point{{X: x, Y: c.Min.Y}, {X: x, Y: c.Max.Y}})...)
	if v.label != "" {
		sty := v.textStyle
		sty.XAlign, sty.YAlign = vgdraw.XLeft, vgdraw.YTop
		haloText(&c, sty, vg.Point{X: x + vg.Points(4), Y: c.Max.Y}, v.label)
	}
}

// Thumbnail draws the legend icon of the line.
func (v *vLinePlotter) Thumbnail(c *vgdraw.Canvas) {
	y := (c.Min.Y + c.Max.Y) / 2
	c.StrokeLine2(v.line, c.Min.X, y, c.Max.X, y)
}

// bandPlotter fills the horizontal strip between y0 and y1 across the plot.
type bandPlotter struct {
	y0, y1 float64
	color  color.Color
}

func (b *bandPlotter) Plot(c vgdraw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y0, y1 := trY(b.y0), trY(b.y1)
	if y1-y0 < vg.Points(1.5) { // keep a degenerate band visible
		m := (y0 + y1) / 2
		y0, y1 = m-vg.Points(0.75), m+vg.Points(0.75)
	}
	pts := []vg.Point{{X: c.Min.X, Y: y0}, {X: c.Max.X, Y: y0}, {X: c.Max.X, Y: y1}, {X: c.Min.X, Y: y1}}
	c.FillPolygon(b.color, c.ClipPolygonY(pts))
}

// Thumbnail draws the legend icon of the band.
func (b *bandPlotter) Thumbnail(c *vgdraw.Canvas) {
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}}
	c.FillPolygon(b.color, pts)
}
