package plot

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
)

// stemPlotter draws a thin vertical line from the bottom of the plot up to
// each point, so that every point is easy to match with its x label.
type stemPlotter struct {
	xs, ys []float64
	line   vgdraw.LineStyle
}

func (s *stemPlotter) Plot(c vgdraw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i := range s.xs {
		x := trX(s.xs[i])
		c.StrokeLines(s.line, c.ClipLinesXY([]vg.Point{{X: x, Y: c.Min.Y}, {X: x, Y: trY(s.ys[i])}})...)
	}
}

// plural writes n and the noun, with an s when n is not 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Outliers draws the error score of each sample in data order (a point on a
// thin stem, x tick labels = sample labels), the threshold as a dashed
// horizontal line labelled with its value, and flagged samples in a
// different colour with their label above the point. When train is not
// empty, the training scores are shown as a faint band from their minimum to
// their maximum with a dotted line at their median. flagged may be nil, in
// which case the samples with score > threshold are flagged. The y axis is
// logarithmic when all values are positive and span more than 2 decades.
func Outliers(path string, labels []string, scores []float64, threshold float64, flagged []bool, train []float64, title string) error {
	if path == "" {
		return errNoPath
	}
	n := len(scores)
	if n == 0 {
		return errors.New("Outliers: no scores")
	}
	if err := checkLabels(labels, n); err != nil {
		return fmt.Errorf("Outliers: %w", err)
	}
	if err := checkFinite("Outliers: scores", scores); err != nil {
		return err
	}
	if err := checkFinite("Outliers: train", train); err != nil {
		return err
	}
	if math.IsNaN(threshold) || math.IsInf(threshold, 0) {
		return fmt.Errorf("Outliers: threshold is %v", threshold)
	}
	if flagged == nil {
		flagged = make([]bool, n)
		for i, s := range scores {
			flagged[i] = s > threshold
		}
	} else if len(flagged) != n {
		return fmt.Errorf("Outliers: %d flags for %d scores", len(flagged), n)
	}
	names := sampleNames(labels, n)

	all := append(append([]float64{threshold}, scores...), train...)
	r := minMax(all)
	logY := r[0] > 0 && r[1]/r[0] > 100
	ty := func(v float64) float64 { return v }
	yName := "error score"
	if logY {
		ty = math.Log10
		yName += " (log scale)"
	}
	p := newPlot("", "sample (data order)", yName)
	addGrid(p, false)
	if logY {
		setLogY(p, r[0], r[1])
	} else {
		p.Y.Min, p.Y.Max = math.Min(0, r[0]), r[1]
		if p.Y.Max == p.Y.Min {
			p.Y.Max = p.Y.Min + 1
		}
	}
	p.Y.Max += 0.1 * (p.Y.Max - p.Y.Min) // room for the flagged labels

	var entries []legendEntry
	if len(train) > 0 {
		tr := minMax(train)
		b := &bandPlotter{y0: ty(tr[0]), y1: ty(tr[1]), color: color.RGBA{205, 225, 242, 255}}
		p.Add(b)
		med := median(train)
		dotted := lineStyle(colMuted, 1.2)
		dotted.Dashes = []vg.Length{vg.Points(1.5), vg.Points(2.5)}
		ml := &hLinePlotter{y: ty(med), line: dotted}
		p.Add(ml)
		entries = append(entries,
			legendEntry{fmt.Sprintf("training scores %s – %s (%s)", fmtNum(tr[0]), fmtNum(tr[1]), plural(len(train), "sample")), b},
			legendEntry{"training median " + fmtNum(med), ml})
	}
	plotW := min(max(4+0.14*vg.Length(n), 9), 18) * vg.Inch
	var normal, bad plotter.XYs
	var badX, badY []float64
	var badNames []string
	xs, ys := make([]float64, n), make([]float64, n)
	for i, s := range scores {
		xs[i], ys[i] = float64(i), ty(s)
		if flagged[i] {
			bad = append(bad, plotter.XY{X: xs[i], Y: ys[i]})
			badX, badY, badNames = append(badX, xs[i]), append(badY, ys[i]), append(badNames, names[i])
		} else {
			normal = append(normal, plotter.XY{X: xs[i], Y: ys[i]})
		}
	}
	many := n > manyPoints
	if !many {
		p.Add(&stemPlotter{xs: xs, ys: ys, line: lineStyle(colorGray(200), 0.8)})
	}
	dashed := lineStyle(colBad, 1.4)
	dashed.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
	th := &hLinePlotter{y: ty(threshold), line: dashed, label: "threshold " + fmtNum(threshold), textStyle: textStyle(10, true, colBad)}
	p.Add(th)
	entries = append(entries, legendEntry{"threshold " + fmtNum(threshold), th})
	var dots *dotLayer
	if many { // a dot per sample, painted straight into the image
		dots = &dotLayer{}
		for k, g := range []plotter.XYs{normal, bad} { // flagged ones on top
			gx, gy, gc := make([]float64, len(g)), make([]float64, len(g)), make([]color.RGBA, len(g))
			for i, pt := range g {
				gx[i], gy[i], gc[i] = pt.X, pt.Y, linePalette[k]
			}
			if len(g) > 0 {
				p.Add(&dotPlotter{xs: gx, ys: gy, colors: gc, layer: dots})
			}
		}
		entries = append(entries, legendEntry{fmt.Sprintf("not flagged (%d)", len(normal)), dotThumb{linePalette[0]}},
			legendEntry{fmt.Sprintf("flagged (%d)", len(bad)), dotThumb{linePalette[1]}})
	}
	for _, g := range []struct {
		xy     plotter.XYs
		name   string
		color  color.Color
		radius float64
	}{{normal, "not flagged", linePalette[0], 3.2}, {bad, "flagged", linePalette[1], 4.5}} {
		// Smaller points when there are many samples side by side.
		spacing := float64(plotW) / float64(n)
		g.radius = max(1.5, min(g.radius, spacing*g.radius/8))
		if len(g.xy) == 0 || many {
			continue
		}
		sc, err := plotter.NewScatter(g.xy)
		if err != nil {
			return fmt.Errorf("Outliers: %w", err)
		}
		sc.GlyphStyle = vgdraw.GlyphStyle{Color: g.color, Radius: vg.Points(g.radius), Shape: vgdraw.CircleGlyph{}}
		p.Add(sc)
		entries = append(entries, legendEntry{fmt.Sprintf("%s (%d)", g.name, len(g.xy)), sc})
	}
	if len(badNames) > 0 && len(badNames) <= 40 {
		p.Add(&markPlotter{xs: badX, ys: badY, labels: badNames, style: textStyle(11, true, linePalette[1]),
			offsetY: vg.Points(12), noBoxes: true})
	}

	leg, lw := sideLegend(entries)
	sub := fmt.Sprintf("%d of %d samples flagged", len(bad), n)
	fig := newFigure(plotW+lw, 6.5*vg.Inch, title, sub)
	pa, la := withSideLegend(fig.dc, lw)
	if many {
		p.X.Label.Text = fmt.Sprintf("sample index, in data order (%d samples)", n)
	} else {
		nominalX(p, names, pa.Max.X-pa.Min.X)
	}
	drawPlot(p, pa)
	la.Max.Y = p.DataCanvas(pa).Max.Y
	leg.Draw(la)
	if many {
		return fig.save(path, dots)
	}
	return fig.save(path)
}
