package plot

import (
	"errors"
	"fmt"
	"image/color"
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
	// Noisy (loss panels only) draws the values thin and light, with their
	// moving average over them, for a curve that jumps from epoch to epoch
	// (e.g. a loss on freshly corrupted inputs) and would hide the others.
	Noisy bool
	// Dashed draws the line dashed: a series measured apart from the
	// others (e.g. a held-out set's loss, NaN in the epochs that did not
	// score it, its points joined over them).
	Dashed bool
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

// addLine adds a line in the palette's colour i (with point markers when
// there are few points), drawn as steps or dashed if asked, to p.
func addLine(p *plot.Plot, xy plotter.XYs, i int, step, dashed bool) (plot.Thumbnailer, error) {
	l, s, err := plotter.NewLinePoints(xy)
	if err != nil {
		return nil, err
	}
	l.LineStyle = lineStyle(paletteColor(i), 1.6)
	if dashed {
		l.LineStyle.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
	}
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

func lastPositive(y []float64) float64 {
	for i := len(y) - 1; i >= 0; i-- {
		if y[i] > 0 && !math.IsInf(y[i], 0) {
			return y[i]
		}
	}
	return 0
}

// LossPanel is one panel of LossPanels: curves against epoch on a log axis.
type LossPanel struct {
	Name   string // the y axis's name, e.g. "loss per sample"
	Curves []Curve
}

// LossFigure draws loss curves in one panel; see LossPanels.
func LossFigure(path string, curves []Curve, lr []float64, title string) error {
	return LossPanels(path, []LossPanel{{Name: "loss", Curves: curves}}, lr, title)
}

// LossPanels draws panels of curves against epoch, stacked and sharing the
// epoch axis, each on a log y axis of its own with its legend above it
// (each name followed by its last value). When lr is not nil and not
// constant, a bottom panel shows the learning rate per epoch (on a linear
// axis when it stays within a factor of 10); a constant rate is written
// under the title instead. Values that are NaN, ±Inf or ≤ 0 are skipped.
// Long runs (e.g. 100,000 epochs) are thinned for drawing, keeping each
// stretch's minimum and maximum. A Noisy curve is drawn thin and light with
// its moving average over it, and its legend says which is which.
func LossPanels(path string, panels []LossPanel, lr []float64, title string) error {
	if path == "" {
		return errNoPath
	}
	if len(panels) == 0 {
		return errors.New("LossPanels: no panels")
	}
	if lr != nil && len(lr) == 0 {
		return errors.New("LossPanels: learning rate is empty (pass nil for none)")
	}
	epochs := len(lr)
	for _, pn := range panels {
		if len(pn.Curves) == 0 {
			return fmt.Errorf("LossPanels: panel %q has no curves", pn.Name)
		}
		for _, c := range pn.Curves {
			if len(c.Y) == 0 {
				return fmt.Errorf("LossPanels: curve %q has no values", c.Name)
			}
			epochs = max(epochs, len(c.Y))
		}
	}
	subtitle := ""
	if lr != nil {
		if r := minMax(lr); r[0] == r[1] && r[0] > 0 && !math.IsInf(r[0], 0) {
			subtitle, lr = "learning rate fixed at "+fmtNum(r[0]), nil
		}
	}
	var ps []*plot.Plot
	var legs []legendBlock
	var weights []float64
	next := 0
	for _, pn := range panels {
		p, leg, err := lossPanel(pn, epochs, &next)
		if err != nil {
			return err
		}
		ps, legs, weights = append(ps, p), append(legs, leg), append(weights, 1)
	}
	if lr != nil {
		p, leg, err := lrPanel(lr, epochs)
		if err != nil {
			return err
		}
		ps, legs, weights = append(ps, p), append(legs, leg), append(weights, 0.45)
	}
	for _, p := range ps[:len(ps)-1] {
		p.X.Label.Text = ""
	}
	h := 1.2*vg.Inch + vg.Length(min(4.6, 7.6/float64(len(panels))))*vg.Inch*vg.Length(len(panels))
	if lr != nil {
		h += 1.8 * vg.Inch
	}
	fig := newFigure(10.5*vg.Inch, h, title, subtitle)
	cs := stackY(fig.dc, vg.Points(10), legs, weights)
	alignLeftRight(ps, cs)
	for i, p := range ps {
		drawPlot(p, cs[i])
		legs[i].draw(p.DataCanvas(cs[i]), cs[i].Max.Y+legs[i].height())
	}
	return fig.save(path)
}

// lossPanel makes one loss panel; color is the palette index of its first
// curve, advanced past its curves so that no two panels share a colour.
func lossPanel(pn LossPanel, epochs int, color *int) (*plot.Plot, legendBlock, error) {
	var ys [][]float64
	for _, c := range pn.Curves {
		ys = append(ys, c.Y)
	}
	lo, hi, ok := posRange(ys...)
	if !ok {
		return nil, legendBlock{}, fmt.Errorf("LossPanels: panel %q has no positive finite value to draw on a log axis", pn.Name)
	}
	p := newPlot("", "epoch", pn.Name+" (log scale)")
	addGrid(p, true)
	epoch := func(i int) float64 { return float64(i + 1) }
	var leg legendBlock
	// Noisy curves first, so that the others are drawn over them.
	order := make([]int, 0, len(pn.Curves))
	for i, c := range pn.Curves {
		if c.Noisy {
			order = append(order, i)
		}
	}
	for i, c := range pn.Curves {
		if !c.Noisy {
			order = append(order, i)
		}
	}
	entries := make([]legendEntry, len(pn.Curves))
	for _, i := range order {
		c, col := pn.Curves[i], paletteColor(*color+i)
		if c.Noisy {
			e, err := addNoisy(p, c, col)
			if err != nil {
				return nil, leg, fmt.Errorf("LossPanels: curve %q: %w", c.Name, err)
			}
			entries[i] = e
			continue
		}
		xy := drawable(epoch, c.Y, true)
		if len(xy) == 0 {
			continue
		}
		l, err := addLine(p, xy, *color+i, false, c.Dashed)
		if err != nil {
			return nil, leg, fmt.Errorf("LossPanels: curve %q: %w", c.Name, err)
		}
		name := c.Name
		if last := lastPositive(c.Y); last > 0 {
			name = fmt.Sprintf("%s (last %s)", c.Name, fmtNum(last))
		}
		entries[i] = legendEntry{name, l}
	}
	*color += len(pn.Curves)
	for _, e := range entries {
		if e.thumb != nil {
			leg.entries = append(leg.entries, e)
		}
	}
	setLogY(p, lo, hi)
	setEpochAxis(p, epochs)
	return p, leg, nil
}

// addNoisy draws c's values thin and light and their centred moving
// average over them in col, and returns the legend entry saying so.
func addNoisy(p *plot.Plot, c Curve, col color.RGBA) (legendEntry, error) {
	epoch := func(i int) float64 { return float64(i + 1) }
	w := smoothWindow(len(c.Y))
	avg := movingMean(c.Y, w)
	raw, err := plotter.NewLine(drawable(epoch, c.Y, true))
	if err != nil {
		return legendEntry{}, err
	}
	raw.LineStyle = lineStyle(mix(col, colPaper, 0.6), 0.6)
	p.Add(raw)
	mean, err := plotter.NewLine(drawable(epoch, avg, true))
	if err != nil {
		return legendEntry{}, err
	}
	mean.LineStyle = lineStyle(mix(col, colInk, 0.25), 1.8)
	p.Add(mean)
	name := fmt.Sprintf("%s: each epoch (light), mean over %d epochs (dark)", c.Name, w)
	if last := lastPositive(avg); last > 0 {
		name += fmt.Sprintf(" (last mean %s)", fmtNum(last))
	}
	return legendEntry{name, noisyThumb{raw.LineStyle, mean.LineStyle}}, nil
}

// lrPanel is the learning-rate panel: linear when the rate stays within a
// factor of 10, else logarithmic; its legend gives the rate's range.
func lrPanel(lr []float64, epochs int) (*plot.Plot, legendBlock, error) {
	llo, lhi, ok := posRange(lr)
	if !ok {
		return nil, legendBlock{}, errors.New("LossPanels: learning rate has no positive finite value to draw")
	}
	linear := lhi <= 10*llo
	name := "learning rate"
	if !linear {
		name += " (log scale)"
	}
	p := newPlot("", "epoch", name)
	addGrid(p, true)
	epoch := func(i int) float64 { return float64(i + 1) }
	l, err := addLine(p, drawable(epoch, lr, !linear), 6, true, false)
	if err != nil {
		return nil, legendBlock{}, fmt.Errorf("LossPanels: learning rate: %w", err)
	}
	if linear {
		pad := 0.08 * (lhi - llo)
		p.Y.Min, p.Y.Max = llo-pad, lhi+pad
	} else {
		setLogY(p, llo, lhi)
	}
	setEpochAxis(p, epochs)
	first, last := lr[0], lr[len(lr)-1]
	text := fmt.Sprintf("learning rate: %s at the start, %s at the end; lowest %s, highest %s",
		fmtNum(first), fmtNum(last), fmtNum(llo), fmtNum(lhi))
	return p, legendBlock{entries: []legendEntry{{text, l}}}, nil
}
