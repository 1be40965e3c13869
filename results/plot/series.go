package plot

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
)

// withSideLegend splits dc into the plot area and a legend column of width w
// on its right.
func withSideLegend(dc vgdraw.Canvas, w vg.Length) (plotArea, legendArea vgdraw.Canvas) {
	plotArea, legendArea = dc, dc
	plotArea.Max.X -= w + vg.Points(12)
	legendArea.Min.X = plotArea.Max.X + vg.Points(12)
	return plotArea, legendArea
}

// Series draws a line plot of several named series over a shared x (e.g.
// wrong pixels against noise level), with a legend beside it. Each series
// has one value per x; NaN and ±Inf values, and ≤ 0 values when logY, are
// skipped.
func Series(path string, x []float64, series []Curve, xName, yName string, logY bool, title string) error {
	return SeriesMarked(path, x, series, xName, yName, logY, nil, title)
}

// Mark is a value of a Series plot's x axis to point out (e.g. the noise
// level a model was trained at): a dashed vertical line at Lo when Hi == Lo,
// else a shaded band from Lo to Hi, with Label beside its top and in the
// legend.
type Mark struct {
	Lo, Hi float64
	Label  string
}

// SeriesMarked is Series with marks on the x axis, drawn under the lines.
func SeriesMarked(path string, x []float64, series []Curve, xName, yName string, logY bool, marks []Mark, title string) error {
	if path == "" {
		return errNoPath
	}
	if len(x) == 0 {
		return errors.New("Series: no x values")
	}
	if len(series) == 0 {
		return errors.New("Series: no series")
	}
	if err := checkFinite("Series: x", x); err != nil {
		return err
	}
	if logY && yName != "" {
		yName += " (log scale)"
	}
	p := newPlot("", xName, yName)
	addGrid(p, true)
	var all [][]float64
	var entries []legendEntry
	for _, m := range marks {
		if err := checkFinite("Series: mark", []float64{m.Lo, m.Hi}); err != nil {
			return err
		}
		if m.Hi < m.Lo {
			return fmt.Errorf("Series: mark %q runs from %g down to %g", m.Label, m.Lo, m.Hi)
		}
		th, err := addMark(p, m)
		if err != nil {
			return err
		}
		entries = append(entries, legendEntry{m.Label, th})
	}
	for i, s := range series {
		if len(s.Y) != len(x) {
			return fmt.Errorf("Series: series %q has %d values for %d x values", s.Name, len(s.Y), len(x))
		}
		xy := drawable(func(j int) float64 { return x[j] }, s.Y, logY)
		if len(xy) == 0 {
			continue
		}
		l, err := addLine(p, xy, i, false, s.Dashed)
		if err != nil {
			return fmt.Errorf("Series: series %q: %w", s.Name, err)
		}
		if s.Name != "" {
			entries = append(entries, legendEntry{s.Name, l})
		}
		all = append(all, s.Y)
	}
	if len(all) == 0 {
		return errors.New("Series: no series has a value that can be drawn")
	}
	if logY {
		lo, hi, _ := posRange(all...)
		setLogY(p, lo, hi)
	}
	if xr := minMax(x); xr[0] == xr[1] {
		p.X.Min, p.X.Max = xr[0]-1, xr[0]+1
	}
	for _, m := range marks {
		p.X.Min, p.X.Max = math.Min(p.X.Min, m.Lo), math.Max(p.X.Max, m.Hi)
	}
	if len(entries) == 0 {
		fig := newFigure(8*vg.Inch, 5*vg.Inch, title, "")
		drawPlot(p, fig.dc)
		return fig.save(path)
	}
	leg, lw := sideLegend(entries)
	fig := newFigure(8*vg.Inch+lw, 5*vg.Inch, title, "")
	pa, la := withSideLegend(fig.dc, lw)
	drawPlot(p, pa)
	la.Max.Y = p.DataCanvas(pa).Max.Y
	leg.Draw(la)
	return fig.save(path)
}

// addMark adds a mark to p: a dashed line, or a band and its edges.
func addMark(p *plot.Plot, m Mark) (plot.Thumbnailer, error) {
	dashed := lineStyle(colMuted, 1.3)
	dashed.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	sty := textStyle(10, false, colMuted)
	if m.Hi == m.Lo {
		v := &vLinePlotter{x: m.Lo, line: dashed, label: m.Label, textStyle: sty}
		p.Add(v)
		return v, nil
	}
	b := &xBandPlotter{x0: m.Lo, x1: m.Hi, color: color.RGBA{228, 228, 228, 255}}
	p.Add(b, &vLinePlotter{x: m.Lo, line: dashed, label: m.Label, textStyle: sty}, &vLinePlotter{x: m.Hi, line: dashed})
	return b, nil
}

// xBandPlotter fills the vertical strip between x0 and x1 across the plot.
type xBandPlotter struct {
	x0, x1 float64
	color  color.Color
}

func (b *xBandPlotter) Plot(c vgdraw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x0, x1 := trX(b.x0), trX(b.x1)
	pts := []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}}
	c.FillPolygon(b.color, c.ClipPolygonX(pts))
}

// Thumbnail draws the legend icon of the band.
func (b *xBandPlotter) Thumbnail(c *vgdraw.Canvas) {
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}}
	c.FillPolygon(b.color, pts)
}
