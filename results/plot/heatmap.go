package plot

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
)

// heatStops is a light-to-dark sequential colour scale (ColorBrewer YlGnBu).
var heatStops = []color.RGBA{
	{255, 255, 217, 255}, {199, 233, 180, 255}, {127, 205, 187, 255}, {65, 182, 196, 255},
	{29, 145, 192, 255}, {34, 94, 168, 255}, {12, 44, 132, 255},
}

// heatColor maps t in [0,1] to the colour scale.
func heatColor(t float64) color.RGBA {
	t = clamp01(t) * float64(len(heatStops)-1)
	i := min(int(t), len(heatStops)-2)
	f := t - float64(i)
	a, b := heatStops[i], heatStops[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + f*(float64(y)-float64(x)))) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
}

// cellPlotter draws a table of values as coloured unit cells centred on
// integer coordinates, row 0 at the top, with each value written inside.
type cellPlotter struct {
	values [][]float64
	texts  [][]string
	lo, hi float64
	style  text.Style
}

func (h *cellPlotter) Plot(c vgdraw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	rows := len(h.values)
	for i, row := range h.values {
		y := float64(rows - 1 - i)
		for j, v := range row {
			t := 0.5
			if h.hi > h.lo {
				t = (v - h.lo) / (h.hi - h.lo)
			}
			col := heatColor(t)
			x0, x1 := trX(float64(j)-0.5), trX(float64(j)+0.5)
			y0, y1 := trY(y-0.5), trY(y+0.5)
			c.FillPolygon(col, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
			c.StrokeLines(lineStyle(color.White, 1.5), []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}, {X: x0, Y: y0}})
			sty := h.style
			sty.Color = colText
			if lum := 0.299*float64(col.R) + 0.587*float64(col.G) + 0.114*float64(col.B); lum < 140 {
				sty.Color = color.White
			}
			c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, h.texts[i][j])
		}
	}
}

// cellText formats all values alike: as integers when they all are, else
// with the same number of decimals, enough for three significant digits of
// the largest magnitude (at most 4).
func cellText(values [][]float64) [][]string {
	ints, big := true, 0.0
	for _, row := range values {
		for _, v := range row {
			ints = ints && v == math.Trunc(v) && math.Abs(v) < 1e9
			big = math.Max(big, math.Abs(v))
		}
	}
	dec := 0
	if !ints {
		dec = 2
		if big > 0 {
			dec = min(max(2-int(math.Floor(math.Log10(big))), 0), 4)
		}
	}
	out := make([][]string, len(values))
	for i, row := range values {
		out[i] = make([]string, len(row))
		for j, v := range row {
			out[i][j] = strconv.FormatFloat(v, 'f', dec, 64)
		}
	}
	return out
}

// colorBar draws the colour scale from lo (bottom of d) to hi (top) in a
// strip at the left of c, with tick values to its right.
func colorBar(c vgdraw.Canvas, d vgdraw.Canvas, lo, hi float64) {
	const steps = 120
	x0, x1 := c.Min.X, c.Min.X+vg.Points(14)
	h := d.Max.Y - d.Min.Y
	for k := range steps {
		y0 := d.Min.Y + h*vg.Length(k)/steps
		y1 := d.Min.Y + h*vg.Length(k+1)/steps + vg.Points(0.3)
		c.FillPolygon(heatColor((float64(k)+0.5)/steps), []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	}
	c.StrokeLines(lineStyle(colFrame, 0.8), []vg.Point{{X: x0, Y: d.Min.Y}, {X: x1, Y: d.Min.Y}, {X: x1, Y: d.Max.Y}, {X: x0, Y: d.Max.Y}, {X: x0, Y: d.Min.Y}})
	sty := textStyle(10, false, colText)
	sty.XAlign = vgdraw.XLeft
	if !(hi > lo) {
		c.FillText(sty, vg.Point{X: x1 + vg.Points(5), Y: (d.Min.Y + d.Max.Y) / 2}, fmtNum(lo))
		return
	}
	for _, t := range (niceTicks{}).Ticks(lo, hi) {
		y := d.Min.Y + h*vg.Length((t.Value-lo)/(hi-lo))
		c.StrokeLine2(lineStyle(colText, 0.8), x1, y, x1+vg.Points(3), y)
		if t.Label != "" {
			c.FillText(sty, vg.Point{X: x1 + vg.Points(5), Y: y}, t.Label)
		}
	}
}

// Heatmap draws a table of numbers (values[row][col]) as coloured cells with
// the value written in each cell (all with the same decimals) and a colour
// bar on the right, row labels on the left (row 0 at the top),
// column labels below, and the axis names rowName and colName (e.g. a
// train-noise × test-noise matrix). Light cells are low values, dark cells
// high values. Label slices may be nil (rows and columns are then numbered).
func Heatmap(path string, values [][]float64, rowLabels, colLabels []string, rowName, colName, title string) error {
	if path == "" {
		return errNoPath
	}
	rows := len(values)
	if rows == 0 || len(values[0]) == 0 {
		return errors.New("Heatmap: no values")
	}
	cols := len(values[0])
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, row := range values {
		if len(row) != cols {
			return fmt.Errorf("Heatmap: row %d has %d values, row 0 has %d", i, len(row), cols)
		}
		if err := checkFinite(fmt.Sprintf("Heatmap: values[%d]", i), row); err != nil {
			return err
		}
		r := minMax(row)
		lo, hi = math.Min(lo, r[0]), math.Max(hi, r[1])
	}
	if rowLabels != nil && len(rowLabels) != rows {
		return fmt.Errorf("Heatmap: %d row labels for %d rows", len(rowLabels), rows)
	}
	if colLabels != nil && len(colLabels) != cols {
		return fmt.Errorf("Heatmap: %d column labels for %d columns", len(colLabels), cols)
	}
	rowLabels, colLabels = sampleNames(rowLabels, rows), sampleNames(colLabels, cols)
	texts := cellText(values)

	p := newPlot("", colName, rowName)
	p.X.Min, p.X.Max = -0.5, float64(cols)-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(rows)-0.5
	p.X.Padding, p.Y.Padding = 0, 0
	var xt, yt []plot.Tick
	for j, l := range colLabels {
		xt = append(xt, plot.Tick{Value: float64(j), Label: l})
	}
	for i, l := range rowLabels {
		yt = append(yt, plot.Tick{Value: float64(rows - 1 - i), Label: l})
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.ConstantTicks(xt), plot.ConstantTicks(yt)
	p.X.Tick.Length, p.Y.Tick.Length = 0, 0
	p.X.Width, p.Y.Width = 0, 0
	p.X.Tick.Label.Font, p.Y.Tick.Label.Font = sansFont(11, false), sansFont(11, false)
	if maxLen(colLabels) > 8 && cols > 4 {
		p.X.Tick.Label.Rotation = math.Pi / 4
		p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = vgdraw.XRight, vgdraw.YTop
	}

	w := vg.Length(min(max(2.5+1.0*float64(cols), 5.5), 16)) * vg.Inch
	h := vg.Length(min(max(2.0+0.7*float64(rows), 4), 12)) * vg.Inch
	w += 0.9 * vg.Inch // the colour bar
	sub := fmt.Sprintf("smallest %s, largest %s", fmtNum(lo), fmtNum(hi))
	fig := newFigure(w, h, title, sub)
	cs := splitX(fig.dc, vg.Points(16), float64(fig.dc.Max.X-fig.dc.Min.X-0.9*vg.Inch), float64(0.9*vg.Inch-vg.Points(16)))
	fitAxes(p, cs[0])
	d := p.DataCanvas(cs[0])
	cellW, cellH := (d.Max.X-d.Min.X)/vg.Length(cols), (d.Max.Y-d.Min.Y)/vg.Length(rows)
	size := 12.0
	for _, row := range texts {
		for _, t := range row {
			for size > 6 && (textStyle(size, false, colText).Width(t) > cellW*0.9 || vg.Points(size*1.2) > cellH*0.9) {
				size -= 0.5
			}
		}
	}
	p.Add(&cellPlotter{values: values, texts: texts, lo: lo, hi: hi, style: textStyle(size, false, colText)})
	drawPlot(p, cs[0])
	colorBar(cs[1], d, lo, hi)
	return fig.save(path)
}
