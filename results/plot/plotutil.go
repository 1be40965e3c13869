package plot

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strings"

	"github.com/aenets/aenets/internal/atomicfile"
	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// plotDPI is the resolution of all plot figures.
const plotDPI = 120

var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

func sansFont(size float64, bold bool) font.Font {
	f := sans
	if bold {
		f.Weight = xfont.WeightBold
	}
	return font.From(f, vg.Points(size))
}

// textStyle is a plain-text style of the given size and colour.
func textStyle(size float64, bold bool, c color.Color) text.Style {
	return text.Style{Color: c, Font: sansFont(size, bold), Handler: plot.DefaultTextHandler,
		XAlign: vgdraw.XCenter, YAlign: vgdraw.YCenter}
}

// newPlot returns a plot with sans-serif fonts sized for reading at a glance,
// light grid lines and the given axis names.
func newPlot(title, xName, yName string) *plot.Plot {
	p := plot.New()
	p.Title.Text = plain(title)
	p.Title.TextStyle.Font = sansFont(13, true)
	p.Title.Padding = vg.Points(6)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sansFont(12, false)
		a.Tick.Label.Font = sansFont(10, false)
		a.Label.Padding = vg.Points(4)
	}
	p.X.Label.Text = plain(xName)
	p.Y.Label.Text = plain(yName)
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{}, niceTicks{}
	p.Legend.TextStyle.Font = sansFont(11, false)
	p.Legend.Top = true
	p.Legend.ThumbnailWidth = vg.Points(24)
	return p
}

// addGrid adds light gray grid lines (drawn below everything added later).
func addGrid(p *plot.Plot, vertical bool) {
	g := plotter.NewGrid()
	g.Horizontal.Color = color.RGBA{225, 225, 225, 255}
	g.Vertical.Color = g.Horizontal.Color
	if !vertical {
		g.Vertical.Width = 0
	}
	p.Add(g)
}

// plotFigure is a white canvas of a plot figure with an optional title line.
type plotFigure struct {
	c   *vgimg.Canvas
	rec *textRecorder
	dc  vgdraw.Canvas // area left for the panels
}

// newFigure makes a w×h figure and draws title (bold) and subtitle at its
// top, each wrapped (or set smaller) to fit the figure's width.
func newFigure(w, h vg.Length, title, subtitle string) *plotFigure {
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(plotDPI), vgimg.UseBackgroundColor(color.White))
	rec := newTextRecorder(c)
	dc := vgdraw.New(rec)
	pad := vg.Points(10)
	dc = vgdraw.Crop(dc, pad, -pad, pad, -pad)
	for _, t := range []struct {
		s     string
		size  float64
		bold  bool
		lines int
	}{{title, 15, true, 2}, {subtitle, 11, false, 3}} {
		if t.s == "" {
			continue
		}
		sty, s := fitStyle(textStyle(t.size, t.bold, colText), plain(t.s), dc.Max.X-dc.Min.X, t.lines)
		sty.YAlign = vgdraw.YTop
		dc.FillText(sty, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y}, s)
		dc = vgdraw.Crop(dc, 0, 0, 0, -(sty.Height(s) + vg.Points(4)))
	}
	if title != "" || subtitle != "" {
		dc = vgdraw.Crop(dc, 0, 0, 0, -vg.Points(6))
	}
	return &plotFigure{c: c, rec: rec, dc: dc}
}

// split divides the panel area into side-by-side columns with the given
// relative widths and a gap between them.
func (f *plotFigure) split(weights ...float64) []vgdraw.Canvas {
	return splitX(f.dc, vg.Points(18), weights...)
}

func splitX(dc vgdraw.Canvas, gap vg.Length, weights ...float64) []vgdraw.Canvas {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	avail := dc.Max.X - dc.Min.X - gap*vg.Length(len(weights)-1)
	out := make([]vgdraw.Canvas, len(weights))
	x := dc.Min.X
	for i, w := range weights {
		c := dc
		c.Min.X = x
		c.Max.X = x + avail*vg.Length(w/total)
		out[i] = c
		x = c.Max.X + gap
	}
	return out
}

// alignBottomTop shrinks side-by-side panels so that their data areas share
// the same bottom and top.
func alignBottomTop(ps []*plot.Plot, cs []vgdraw.Canvas) {
	for i, p := range ps {
		fitAxes(p, cs[i])
	}
	var b, t vg.Length
	for i, p := range ps {
		d := p.DataCanvas(cs[i])
		b, t = max(b, d.Min.Y-cs[i].Min.Y), max(t, cs[i].Max.Y-d.Max.Y)
	}
	for i, p := range ps {
		d := p.DataCanvas(cs[i])
		cs[i] = vgdraw.Crop(cs[i], 0, 0, b-(d.Min.Y-cs[i].Min.Y), -(t - (cs[i].Max.Y - d.Max.Y)))
	}
}

// alignLeftRight shrinks stacked panels so that their data areas share the
// same left and right edges.
func alignLeftRight(ps []*plot.Plot, cs []vgdraw.Canvas) {
	for i, p := range ps {
		fitAxes(p, cs[i])
	}
	var l, r vg.Length
	for i, p := range ps {
		d := p.DataCanvas(cs[i])
		l, r = max(l, d.Min.X-cs[i].Min.X), max(r, cs[i].Max.X-d.Max.X)
	}
	for i, p := range ps {
		d := p.DataCanvas(cs[i])
		cs[i] = vgdraw.Crop(cs[i], l-(d.Min.X-cs[i].Min.X), -(r - (cs[i].Max.X - d.Max.X)), 0, 0)
	}
}

// blitter paints onto the finished image of a figure, pixel for pixel.
type blitter interface{ blit(dst *image.RGBA) }

// save writes the figure as a PNG, after blitting any crisp thumbnails or
// dots.
func (f *plotFigure) save(path string, thumbs ...blitter) error {
	if path == "" {
		return errNoPath
	}
	img := f.c.Image()
	if rgba, ok := img.(*image.RGBA); ok {
		for _, t := range thumbs {
			t.blit(rgba)
		}
	}
	reportTexts(path, f.rec.texts, img.Bounds())
	return atomicfile.Write(path, func(w io.Writer) error { return png.Encode(w, img) })
}

// thumbLayer collects thumbnails placed by a plotter (in canvas coordinates)
// and copies them pixel for pixel onto the finished image, so that they stay
// crisp instead of being resampled by the vector renderer.
type thumbLayer struct {
	items []placedThumb
}

type placedThumb struct {
	at  vg.Point
	img *image.RGBA
}

func (t *thumbLayer) add(at vg.Point, img *image.RGBA) {
	t.items = append(t.items, placedThumb{at, img})
}

func (t *thumbLayer) blit(dst *image.RGBA) {
	h := dst.Bounds().Dy()
	dots := func(l vg.Length) int { return int(math.Round(l.Dots(plotDPI))) }
	for _, it := range t.items {
		w, ht := it.img.Bounds().Dx(), it.img.Bounds().Dy()
		x := dots(it.at.X) - w/2
		y := h - dots(it.at.Y) - ht/2
		r := image.Rect(x, y, x+w, y+ht).Intersect(dst.Bounds())
		draw.Draw(dst, r, it.img, it.img.Bounds().Min.Add(r.Min.Sub(image.Pt(x, y))), draw.Src)
	}
}

// thumbSize is the size in plot units of a thumbnail image of w×h pixels.
func thumbSize(img *image.RGBA) (vg.Length, vg.Length) {
	b := img.Bounds()
	return vg.Length(float64(b.Dx()) * 72 / plotDPI), vg.Length(float64(b.Dy()) * 72 / plotDPI)
}

// legendEntry is one line of a legend drawn beside a plot.
type legendEntry struct {
	name  string
	thumb plot.Thumbnailer
}

// sideLegend makes a legend of the entries and returns it with the width it
// needs; it is drawn in a column of its own so that it never hides data.
func sideLegend(entries []legendEntry) (plot.Legend, vg.Length) {
	leg := plot.NewLegend()
	leg.TextStyle.Font = sansFont(11, false)
	leg.Top, leg.Left = true, true
	leg.ThumbnailWidth = vg.Points(24)
	leg.Padding = vg.Points(4)
	w := vg.Length(0)
	for _, e := range entries {
		name := plain(e.name)
		leg.Add(name, e.thumb)
		w = max(w, leg.TextStyle.Width(name))
	}
	return leg, leg.ThumbnailWidth + leg.TextStyle.Width(" ") + w + vg.Points(6)
}

// plainer replaces symbols that neither the Go fonts nor the Liberation
// fonts have by readable text, so no label shows an empty box.
var plainer = strings.NewReplacer("∈", "in", "∉", "not in", "∼", "~", "⋅", "·", "∅", "Ø", "✓", "yes", "✗", "no", "‖", "||")

func plain(s string) string { return plainer.Replace(s) }

// plainAll applies plain to every string (nil stays nil).
func plainAll(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = plain(s)
	}
	return out
}

func maxLen(ss []string) int {
	n := 0
	for _, s := range ss {
		n = max(n, len([]rune(s)))
	}
	return n
}

// lineStyle is a solid line of colour c and the given width in points.
func lineStyle(c color.Color, w float64) vgdraw.LineStyle {
	return vgdraw.LineStyle{Color: c, Width: vg.Points(w)}
}
