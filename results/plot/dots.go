package plot

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
)

// manyPoints is the number of samples above which scatter plots draw each
// sample as a small dot coloured by its label instead of its label's text
// or its thumbnail, which would cover each other (and take long to draw).
const manyPoints = 300

// classPalette colours up to 10 classes (Tableau 10).
var classPalette = []color.RGBA{
	{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {214, 39, 40, 255}, {148, 103, 189, 255},
	{140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255}, {188, 189, 34, 255}, {23, 190, 207, 255},
}

// classes gives each sample the colour of its label when there are at most
// len(classPalette) distinct labels, else one colour for all; it returns
// the legend (one entry per label, with its count) and a note for the
// figure's subtitle.
func classes(labels []string, n int) ([]color.RGBA, []legendEntry, string) {
	cols := make([]color.RGBA, n)
	for i := range cols {
		cols[i] = linePalette[0]
	}
	count := map[string]int{}
	for _, l := range labels {
		count[l]++
	}
	if labels == nil || len(count) > len(classPalette) {
		note := fmt.Sprintf("each of the %d samples is a dot", n)
		if labels != nil {
			note += fmt.Sprintf(" (%d distinct labels: too many to colour)", len(count))
		}
		return cols, nil, note
	}
	names := make([]string, 0, len(count))
	for l := range count {
		names = append(names, l)
	}
	sort.Strings(names)
	index := map[string]int{}
	var entries []legendEntry
	for k, l := range names {
		index[l] = k
		entries = append(entries, legendEntry{fmt.Sprintf("%s (%d)", l, count[l]), dotThumb{classPalette[k]}})
	}
	for i, l := range labels {
		cols[i] = classPalette[index[l]]
	}
	return cols, entries, fmt.Sprintf("each of the %d samples is a dot coloured by its label", n)
}

// dotThumb is the legend icon of a class: a dot of its colour.
type dotThumb struct{ c color.RGBA }

func (d dotThumb) Thumbnail(c *vgdraw.Canvas) {
	c.DrawGlyph(vgdraw.GlyphStyle{Color: d.c, Radius: vg.Points(3.5), Shape: vgdraw.CircleGlyph{}}, c.Center())
}

// dotPlotter places a dot for each point on a dotLayer, which draws them
// straight into the finished image: tens of thousands of points take
// milliseconds that way, where vector glyphs would take seconds.
type dotPlotter struct {
	xs, ys []float64
	colors []color.RGBA
	layer  *dotLayer
}

func (d *dotPlotter) Plot(c vgdraw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i := range d.xs {
		d.layer.add(vg.Point{X: trX(d.xs[i]), Y: trY(d.ys[i])}, d.colors[i])
	}
}

func (d *dotPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	x, y := minMax(d.xs), minMax(d.ys)
	return x[0], x[1], y[0], y[1]
}

// dotLayer collects dots in canvas coordinates and paints them, partly
// transparent so that dense regions show darker, onto the finished image.
type dotLayer struct {
	at     []vg.Point
	colors []color.RGBA
}

func (l *dotLayer) add(at vg.Point, c color.RGBA) {
	l.at = append(l.at, at)
	l.colors = append(l.colors, c)
}

// dotRadius is the radius of a dot in pixels; dotAlpha its opacity.
const (
	dotRadius = 2.2
	dotAlpha  = 0.55
)

func (l *dotLayer) blit(dst *image.RGBA) {
	h := dst.Bounds().Dy()
	r := int(math.Ceil(dotRadius))
	for k, at := range l.at {
		cx := at.X.Dots(plotDPI)
		cy := float64(h) - at.Y.Dots(plotDPI)
		col := l.colors[k]
		x0, y0 := int(math.Round(cx)), int(math.Round(cy))
		for y := y0 - r; y <= y0+r; y++ {
			for x := x0 - r; x <= x0+r; x++ {
				dx, dy := float64(x)-cx, float64(y)-cy
				if dx*dx+dy*dy > dotRadius*dotRadius || !(image.Point{x, y}.In(dst.Rect)) {
					continue
				}
				o := dst.PixOffset(x, y)
				p := dst.Pix[o : o+3 : o+3]
				p[0] = uint8(float64(p[0])*(1-dotAlpha) + float64(col.R)*dotAlpha + 0.5)
				p[1] = uint8(float64(p[1])*(1-dotAlpha) + float64(col.G)*dotAlpha + 0.5)
				p[2] = uint8(float64(p[2])*(1-dotAlpha) + float64(col.B)*dotAlpha + 0.5)
			}
		}
	}
}
