package plot

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
)

// Curve is one line of a loss plot or of a Series plot.
type Curve struct {
	Name string
	Y    []float64 // Y[i] is epoch i+1; NaN/Inf/≤0 values are skipped on a log axis
}

// maxDrawn is the number of points above which a line is thinned for drawing.
const maxDrawn = 4000

// drawable keeps the points (x[i], y[i]) that can be drawn (finite, and
// positive when logY), thinning long series to about maxDrawn points by
// keeping the minimum and maximum of each bucket so the shape survives.
// When logY, the y values are returned as log10 (see setLogY).
func drawable(x func(i int) float64, y []float64, logY bool) plotter.XYs {
	ok := func(v float64) bool {
		return !math.IsNaN(v) && !math.IsInf(v, 0) && (!logY || v > 0)
	}
	pt := func(i int) plotter.XY {
		if logY {
			return plotter.XY{X: x(i), Y: math.Log10(y[i])}
		}
		return plotter.XY{X: x(i), Y: y[i]}
	}
	var xy plotter.XYs
	if len(y) <= maxDrawn {
		for i, v := range y {
			if ok(v) {
				xy = append(xy, pt(i))
			}
		}
		return xy
	}
	bucket := (len(y) + maxDrawn/2 - 1) / (maxDrawn / 2)
	for start := 0; start < len(y); start += bucket {
		lo, hi := -1, -1
		for i := start; i < min(start+bucket, len(y)); i++ {
			if !ok(y[i]) {
				continue
			}
			if lo < 0 || y[i] < y[lo] {
				lo = i
			}
			if hi < 0 || y[i] > y[hi] {
				hi = i
			}
		}
		switch {
		case lo < 0:
		case lo == hi:
			xy = append(xy, pt(lo))
		default:
			xy = append(xy, pt(min(lo, hi)), pt(max(lo, hi)))
		}
	}
	return xy
}

// addLine adds a line (with point markers when there are few points) to p.
func addLine(p *plot.Plot, xy plotter.XYs, i int, step bool) (plot.Thumbnailer, error) {
	l, s, err := plotter.NewLinePoints(xy)
	if err != nil {
		return nil, err
	}
	l.LineStyle = lineStyle(paletteColor(i), 1.6)
	if step {
		l.StepStyle = plotter.PostStep
	}
	p.Add(l)
	if len(xy) <= 30 {
		s.GlyphStyle = vgdraw.GlyphStyle{Color: paletteColor(i), Radius: vg.Points(2.5), Shape: vgdraw.CircleGlyph{}}
		p.Add(s)
		return thumbs{l, s}, nil
	}
	return l, nil
}

// thumbs draws several legend icons on top of each other.
type thumbs []plot.Thumbnailer

func (ts thumbs) Thumbnail(c *vgdraw.Canvas) {
	for _, t := range ts {
		t.Thumbnail(c)
	}
}

// setEpochAxis fixes the x range to [1, n] epochs, with integer ticks for few epochs.
func setEpochAxis(p *plot.Plot, n int) {
	if n <= 1 {
		p.X.Min, p.X.Max = 0, 2
	} else {
		p.X.Min, p.X.Max = 1, float64(n)
	}
	if n <= 10 {
		var ticks []plot.Tick
		for e := int(p.X.Min); e <= int(p.X.Max); e++ {
			ticks = append(ticks, plot.Tick{Value: float64(e), Label: fmt.Sprint(e)})
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
	}
}

// withSideLegend splits dc into the plot area and a legend column of width w
// on its right.
func withSideLegend(dc vgdraw.Canvas, w vg.Length) (plotArea, legendArea vgdraw.Canvas) {
	plotArea, legendArea = dc, dc
	plotArea.Max.X -= w + vg.Points(12)
	legendArea.Min.X = plotArea.Max.X + vg.Points(12)
	return plotArea, legendArea
}

// LossFigure draws loss curves against epoch with a log y axis in the top
// panel, with a legend beside it (each name followed by its last value),
// and, when lr is not nil, the learning rate per epoch (log y axis) in a
// bottom panel. Values that are NaN, ±Inf or ≤ 0 are skipped. Long runs
// (e.g. 100,000 epochs) are thinned for drawing, keeping each stretch's
// minimum and maximum.
func LossFigure(path string, curves []Curve, lr []float64, title string) error {
	if path == "" {
		return errNoPath
	}
	if len(curves) == 0 {
		return errors.New("LossFigure: no curves")
	}
	if lr != nil && len(lr) == 0 {
		return errors.New("LossFigure: learning rate is empty (pass nil for none)")
	}
	epochs := len(lr)
	ys := make([][]float64, len(curves))
	for i, c := range curves {
		if len(c.Y) == 0 {
			return fmt.Errorf("LossFigure: curve %q has no values", c.Name)
		}
		epochs = max(epochs, len(c.Y))
		ys[i] = c.Y
	}
	lo, hi, ok := posRange(ys...)
	if !ok {
		return errors.New("LossFigure: no curve has a positive finite value to draw on a log axis")
	}
	epoch := func(i int) float64 { return float64(i + 1) }

	top := newPlot("", "epoch", "loss (log scale)")
	addGrid(top, true)
	var entries []legendEntry
	for i, c := range curves {
		xy := drawable(epoch, c.Y, true)
		if len(xy) == 0 {
			continue
		}
		l, err := addLine(top, xy, i, false)
		if err != nil {
			return fmt.Errorf("LossFigure: curve %q: %w", c.Name, err)
		}
		name := c.Name
		if last := lastPositive(c.Y); last > 0 {
			name = fmt.Sprintf("%s (last %s)", c.Name, fmtNum(last))
		}
		entries = append(entries, legendEntry{name, l})
	}
	setLogY(top, lo, hi)
	setEpochAxis(top, epochs)
	leg, lw := sideLegend(entries)

	if lr == nil {
		fig := newFigure(10.5*vg.Inch, 5.5*vg.Inch, title, "")
		pa, la := withSideLegend(fig.dc, lw)
		top.Draw(pa)
		la.Max.Y = top.DataCanvas(pa).Max.Y
		leg.Draw(la)
		return fig.save(path)
	}
	llo, lhi, ok := posRange(lr)
	if !ok {
		return errors.New("LossFigure: learning rate has no positive finite value to draw on a log axis")
	}
	bottom := newPlot("", "epoch", "learning rate")
	addGrid(bottom, true)
	if _, err := addLine(bottom, drawable(epoch, lr, true), 6, true); err != nil {
		return fmt.Errorf("LossFigure: learning rate: %w", err)
	}
	setLogY(bottom, llo, lhi)
	setEpochAxis(bottom, epochs)
	top.X.Label.Text = ""

	fig := newFigure(10.5*vg.Inch, 7.5*vg.Inch, title, "")
	pa, la := withSideLegend(fig.dc, lw)
	split := pa.Min.Y + (pa.Max.Y-pa.Min.Y)*0.3
	cTop, cBot := pa, pa
	cTop.Min.Y = split + vg.Points(6)
	cBot.Max.Y = split
	ps, cs := []*plot.Plot{top, bottom}, []vgdraw.Canvas{cTop, cBot}
	alignLeftRight(ps, cs)
	top.Draw(cs[0])
	bottom.Draw(cs[1])
	la.Max.Y = top.DataCanvas(cs[0]).Max.Y
	leg.Draw(la)
	return fig.save(path)
}

func lastPositive(y []float64) float64 {
	for i := len(y) - 1; i >= 0; i-- {
		if y[i] > 0 && !math.IsInf(y[i], 0) {
			return y[i]
		}
	}
	return 0
}

// Series draws a line plot of several named series over a shared x (e.g.
// wrong pixels against noise level), with a legend beside it. Each series
// has one value per x; NaN and ±Inf values, and ≤ 0 values when logY, are
// skipped.
func Series(path string, x []float64, series []Curve, xName, yName string, logY bool, title string) error {
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
	for i, s := range series {
		if len(s.Y) != len(x) {
			return fmt.Errorf("Series: series %q has %d values for %d x values", s.Name, len(s.Y), len(x))
		}
		xy := drawable(func(j int) float64 { return x[j] }, s.Y, logY)
		if len(xy) == 0 {
			continue
		}
		l, err := addLine(p, xy, i, false)
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
	if len(entries) == 0 {
		fig := newFigure(8*vg.Inch, 5*vg.Inch, title, "")
		p.Draw(fig.dc)
		return fig.save(path)
	}
	leg, lw := sideLegend(entries)
	fig := newFigure(8*vg.Inch+lw, 5*vg.Inch, title, "")
	pa, la := withSideLegend(fig.dc, lw)
	p.Draw(pa)
	la.Max.Y = p.DataCanvas(pa).Max.Y
	leg.Draw(la)
	return fig.save(path)
}
