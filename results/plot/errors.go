package plot

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// sampleNames returns labels, or "0", "1", ... when labels is nil.
func sampleNames(labels []string, n int) []string {
	if labels != nil {
		return plainAll(labels)
	}
	names := make([]string, n)
	for i := range names {
		names[i] = strconv.Itoa(i)
	}
	return names
}

// intTicks puts a tick on every integer of [lo, hi] when there are few, and
// otherwise keeps the default ticks but drops fractional ones.
func intTicks(a *plot.Axis, lo, hi int) {
	if hi-lo <= 12 {
		var ticks []plot.Tick
		for v := lo; v <= hi; v++ {
			ticks = append(ticks, plot.Tick{Value: float64(v), Label: strconv.Itoa(v)})
		}
		a.Tick.Marker = plot.ConstantTicks(ticks)
		return
	}
	a.Tick.Marker = plot.TickerFunc(func(min, max float64) []plot.Tick {
		var out []plot.Tick
		for _, t := range (plot.DefaultTicks{}).Ticks(min, max) {
			if t.Value == math.Trunc(t.Value) || t.Label == "" {
				out = append(out, t)
			}
		}
		return out
	})
}

// countText is the text over a bar: its value, or "" for zero.
func countText(v int) string {
	if v == 0 {
		return ""
	}
	return strconv.Itoa(v)
}

// WrongPixels draws, on the left, a bar chart of the wrong pixels of each
// sample (x tick labels = sample labels, counts written over the bars) and,
// on the right, a histogram of how many samples have 0, 1, 2, ... wrong
// pixels. labels may be nil (samples are then numbered from 0).
func WrongPixels(path string, labels []string, wrong []int, title string) error {
	if path == "" {
		return errNoPath
	}
	n := len(wrong)
	if n == 0 {
		return errors.New("WrongPixels: no samples")
	}
	if err := checkLabels(labels, n); err != nil {
		return fmt.Errorf("WrongPixels: %w", err)
	}
	total, most, perfect := 0, 0, 0
	for i, w := range wrong {
		if w < 0 {
			return fmt.Errorf("WrongPixels: sample %d has %d wrong pixels", i, w)
		}
		total += w
		most = max(most, w)
		if w == 0 {
			perfect++
		}
	}
	names := sampleNames(labels, n)
	sub := fmt.Sprintf("%d wrong pixels in total, %.2f per sample;  %d of %d samples perfect", total, float64(total)/float64(n), perfect, n)
	fig := newFigure(15*vg.Inch, 6*vg.Inch, title, sub)
	cs := fig.split(2.3, 1)

	left := newPlot("wrong pixels per sample", "", "wrong pixels")
	addGrid(left, false)
	xs, ys := make([]float64, n), make([]float64, n)
	texts, cols := make([]string, n), make([]color.Color, n)
	for i, w := range wrong {
		xs[i], ys[i] = float64(i), float64(w)
		cols[i] = linePalette[1]
		if n <= 50 {
			texts[i] = countText(w)
		}
	}
	if n > manyPoints {
		if err := sortedProfile(left, ys, linePalette[1]); err != nil {
			return fmt.Errorf("WrongPixels: %w", err)
		}
	} else {
		left.Add(&barPlotter{xs: xs, ys: ys, width: 0.75, colors: cols, texts: texts, textStyle: textStyle(9, false, colText)})
		nominalX(left, names, cs[0].Max.X-cs[0].Min.X)
	}
	left.Y.Min, left.Y.Max = 0, math.Max(1, float64(most))*1.12
	intTicks(&left.Y, 0, max(1, most))

	hist := make([]int, most+1)
	for _, w := range wrong {
		hist[w]++
	}
	right := newPlot("how many samples have k wrong pixels", "wrong pixels k", "samples")
	addGrid(right, false)
	hx, hy, ht := make([]float64, len(hist)), make([]float64, len(hist)), make([]string, len(hist))
	for k, c := range hist {
		hx[k], hy[k] = float64(k), float64(c)
		if len(hist) <= 40 {
			ht[k] = countText(c)
		}
	}
	right.Add(&barPlotter{xs: hx, ys: hy, width: 0.8, colors: []color.Color{linePalette[0]}, texts: ht, textStyle: textStyle(9, false, colText)})
	right.X.Min, right.X.Max = -0.6, float64(most)+0.6
	intTicks(&right.X, 0, most)
	hmax := 0
	for _, c := range hist {
		hmax = max(hmax, c)
	}
	right.Y.Min, right.Y.Max = 0, float64(hmax)*1.12
	intTicks(&right.Y, 0, hmax)

	ps := []*plot.Plot{left, right}
	alignBottomTop(ps, cs)
	drawPlot(left, cs[0])
	drawPlot(right, cs[1])
	return fig.save(path)
}

// ErrorBars is like WrongPixels for a continuous error (e.g. mean absolute
// pixel error per emoji): on the left the errors sorted from largest to
// smallest with their labels, on the right a histogram (about 12 bins),
// both with the mean marked by a dashed line.
func ErrorBars(path string, labels []string, errs []float64, title string) error {
	if path == "" {
		return errNoPath
	}
	n := len(errs)
	if n == 0 {
		return errors.New("ErrorBars: no samples")
	}
	if err := checkLabels(labels, n); err != nil {
		return fmt.Errorf("ErrorBars: %w", err)
	}
	if err := checkFinite("ErrorBars: errs", errs); err != nil {
		return err
	}
	names := sampleNames(labels, n)
	order := make([]int, n)
	sum := 0.0
	for i := range order {
		order[i] = i
		sum += errs[i]
	}
	mean := sum / float64(n)
	sort.SliceStable(order, func(a, b int) bool { return errs[order[a]] > errs[order[b]] })
	med := errs[order[n/2]]
	if n%2 == 0 {
		med = (errs[order[n/2-1]] + errs[order[n/2]]) / 2
	}
	sub := fmt.Sprintf("mean %s,  median %s,  largest %s (%s),  smallest %s (%s)", fmtNum(mean), fmtNum(med),
		fmtNum(errs[order[0]]), names[order[0]], fmtNum(errs[order[n-1]]), names[order[n-1]])
	fig := newFigure(15*vg.Inch, 6*vg.Inch, title, sub)
	cs := fig.split(2.3, 1)
	dashed := lineStyle(colBad, 1.3)
	dashed.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}

	left := newPlot("error per sample, largest first", "", "error")
	addGrid(left, false)
	xs, ys, sorted := make([]float64, n), make([]float64, n), make([]string, n)
	for k, i := range order {
		xs[k], ys[k], sorted[k] = float64(k), errs[i], names[i]
	}
	if n > manyPoints {
		left.Title.Text = "error per sample, sorted from largest"
		if err := sortedProfile(left, ys, linePalette[0]); err != nil {
			return fmt.Errorf("ErrorBars: %w", err)
		}
	} else {
		left.Add(&barPlotter{xs: xs, ys: ys, width: 0.75, colors: []color.Color{linePalette[0]}})
		nominalX(left, sorted, cs[0].Max.X-cs[0].Min.X)
	}
	meanLine := &hLinePlotter{y: mean, line: dashed, label: "mean " + fmtNum(mean), textStyle: textStyle(10, false, colBad)}
	left.Add(meanLine)
	r := minMax(errs)
	left.Y.Min, left.Y.Max = math.Min(0, r[0]), math.Max(r[1]*1.08, 1e-12)

	// Histogram.
	nb := 12
	if n < 12 {
		nb = max(n, 3)
	}
	lo, hi := r[0], r[1]
	if hi == lo {
		d := math.Max(math.Abs(lo)*0.1, 1e-3)
		lo, hi = lo-d, hi+d
	}
	w := (hi - lo) / float64(nb)
	counts := make([]int, nb)
	for _, e := range errs {
		counts[min(nb-1, int((e-lo)/w))]++
	}
	right := newPlot("how many samples have an error in each range", "error", "samples")
	addGrid(right, false)
	hx, hy, ht := make([]float64, nb), make([]float64, nb), make([]string, nb)
	cmax := 0
	for k, c := range counts {
		hx[k], hy[k], ht[k] = lo+(float64(k)+0.5)*w, float64(c), countText(c)
		cmax = max(cmax, c)
	}
	right.Add(&barPlotter{xs: hx, ys: hy, width: w * 0.92, colors: []color.Color{linePalette[0]}, texts: ht, textStyle: textStyle(9, false, colText)})
	right.Add(&vLinePlotter{x: mean, line: dashed, label: "mean " + fmtNum(mean), textStyle: textStyle(10, false, colBad)})
	right.X.Min, right.X.Max = lo, hi
	right.Y.Min, right.Y.Max = 0, float64(cmax)*1.15
	intTicks(&right.Y, 0, cmax)

	ps := []*plot.Plot{left, right}
	alignBottomTop(ps, cs)
	drawPlot(left, cs[0])
	drawPlot(right, cs[1])
	return fig.save(path)
}

// sortedProfile draws, for too many samples to name, their values sorted
// from largest to smallest as one filled line (thinned for drawing), with
// the samples' ranks on the x axis.
func sortedProfile(p *plot.Plot, ys []float64, col color.RGBA) error {
	v := append([]float64(nil), ys...)
	sort.Sort(sort.Reverse(sort.Float64Slice(v)))
	xy := drawable(func(i int) float64 { return float64(i + 1) }, v, false)
	l, err := plotter.NewLine(xy)
	if err != nil {
		return err
	}
	l.LineStyle = lineStyle(col, 1.4)
	l.FillColor = mix(col, colPaper, 0.6)
	l.StepStyle = plotter.PostStep
	p.Add(l)
	p.X.Label.Text = fmt.Sprintf("samples, ranked (%d)", len(ys))
	p.X.Min, p.X.Max = 1, float64(len(ys))
	return nil
}
