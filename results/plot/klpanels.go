package plot

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
)

// Line is one line of a Panels figure: values Y at epochs X (nil: epochs
// 1, 2, …, one value each).
type Line struct {
	Name   string
	X, Y   []float64
	Dashed bool // drawn dashed (e.g. a held-out set's loss)
}

// Panel is one panel of a Panels figure: lines against epoch sharing a y
// axis, each panel with its legend beside it.
type Panel struct {
	YName string
	Lines []Line
	LogY  bool // a log y axis (values ≤ 0 skipped)
	Step  bool // lines drawn as steps (a learning rate, a weight per epoch)
	// Zoom sets a linear y axis from the smallest value to the largest after
	// the first tenth of the epochs, so that a steep start does not flatten
	// the rest (the start leaves the panel at its top).
	Zoom bool
	// HLine, if HLineName is not empty, draws a dashed horizontal line at
	// this value, named in the legend.
	HLine     float64
	HLineName string
}

// Panels draws panels stacked over a shared epoch axis, e.g. a VAE's
// total loss, its reconstruction, its KL, and its weights per epoch, each
// on a scale of its own so that every one can be read. Each line's name is
// followed in the legend by its last value. NaN and ±Inf values are
// skipped; long runs are thinned for drawing as in LossFigure.
func Panels(path string, panels []Panel, title string) error {
	if path == "" {
		return errNoPath
	}
	if len(panels) == 0 {
		return errors.New("Panels: no panels")
	}
	epochs := 0
	ps := make([]*plot.Plot, len(panels))
	legs := make([]plot.Legend, len(panels))
	legW := vg.Length(0)
	for k, pn := range panels {
		p, entries, last, err := panelPlot(pn)
		if err != nil {
			return fmt.Errorf("Panels: panel %q: %w", pn.YName, err)
		}
		epochs = max(epochs, last)
		ps[k] = p
		var w vg.Length
		legs[k], w = sideLegend(entries)
		legW = max(legW, w)
	}
	for k, p := range ps {
		setEpochAxis(p, epochs)
		if k < len(ps)-1 {
			p.X.Label.Text = ""
		}
	}
	const panelH = 2.4 * vg.Inch
	fig := newFigure(10.5*vg.Inch, panelH*vg.Length(len(ps))+0.9*vg.Inch, title, "")
	pa, la := withSideLegend(fig.dc, legW)
	cs := make([]vgdraw.Canvas, len(ps))
	h := (pa.Max.Y - pa.Min.Y) / vg.Length(len(ps))
	for k := range ps {
		cs[k] = pa
		cs[k].Max.Y = pa.Max.Y - h*vg.Length(k)
		cs[k].Min.Y = cs[k].Max.Y - h + vg.Points(6)
	}
	alignLeftRight(ps, cs)
	for k, p := range ps {
		p.Draw(cs[k])
		l := la
		l.Max.Y = p.DataCanvas(cs[k]).Max.Y
		l.Min.Y = cs[k].Min.Y
		legs[k].Draw(l)
	}
	return fig.save(path)
}

// panelPlot makes one panel's plot and legend entries, and returns the
// last epoch it has a value for.
func panelPlot(pn Panel) (*plot.Plot, []legendEntry, int, error) {
	yName := pn.YName
	if pn.LogY {
		yName += " (log scale)"
	}
	p := newPlot("", "epoch", yName)
	addGrid(p, true)
	var entries []legendEntry
	var all [][]float64
	last := 0
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, ln := range pn.Lines {
		if len(ln.Y) == 0 || ln.X != nil && len(ln.X) != len(ln.Y) {
			return nil, nil, 0, fmt.Errorf("line %q: %d values at %d epochs", ln.Name, len(ln.Y), len(ln.X))
		}
		x := func(j int) float64 { return float64(j + 1) }
		if ln.X != nil {
			x = func(j int) float64 { return ln.X[j] }
		}
		xy := drawable(x, ln.Y, pn.LogY)
		if len(xy) == 0 {
			continue
		}
		last = max(last, int(x(len(ln.Y)-1)))
		l, err := addLine(p, xy, i, pn.Step, ln.Dashed)
		if err != nil {
			return nil, nil, 0, fmt.Errorf("line %q: %w", ln.Name, err)
		}
		name := ln.Name
		if v := ln.Y[len(ln.Y)-1]; !math.IsNaN(v) && !math.IsInf(v, 0) {
			name = fmt.Sprintf("%s (last %s)", ln.Name, fmtNum(v))
		}
		entries = append(entries, legendEntry{name, l})
		all = append(all, ln.Y)
		for _, pt := range xy {
			lo = math.Min(lo, pt.Y)
			if pt.X > 1+0.1*float64(int(x(len(ln.Y)-1))) || len(xy) < 10 {
				hi = math.Max(hi, pt.Y)
			}
		}
	}
	if len(all) == 0 {
		return nil, nil, 0, errors.New("no line has a value that can be drawn")
	}
	if pn.HLineName != "" {
		hl := &hLinePlotter{y: pn.HLine, line: vgdraw.LineStyle{Color: colText, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}}
		if pn.LogY {
			hl.y = math.Log10(pn.HLine)
		}
		p.Add(hl)
		entries = append(entries, legendEntry{pn.HLineName, hl})
		lo, hi = math.Min(lo, hl.y), math.Max(hi, hl.y)
	}
	switch {
	case pn.LogY:
		plo, phi, _ := posRange(all...)
		setLogY(p, plo, phi)
	case pn.Zoom && hi > lo:
		pad := 0.05 * (hi - lo)
		p.Y.Min, p.Y.Max = lo-pad, hi+pad
	}
	return p, entries, last, nil
}
