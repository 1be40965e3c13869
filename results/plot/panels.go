package plot

// This file holds what the panels of a loss figure are made of: the
// legend strip above each panel, the stacking of panels, and the moving
// average of a noisy curve.

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
)

// smoothWindow is the moving average's width for n epochs: about n/40,
// odd, at least 5 and at most 501.
func smoothWindow(n int) int {
	w := min(max(n/40, 5), 501)
	return w | 1
}

// movingMean is the mean of the positive finite values of y within w/2 of
// each index (NaN where there are none).
func movingMean(y []float64, w int) []float64 {
	n := len(y)
	sum, cnt := make([]float64, n+1), make([]int, n+1)
	for i, v := range y {
		sum[i+1], cnt[i+1] = sum[i], cnt[i]
		if v > 0 && !math.IsInf(v, 0) {
			sum[i+1] += v
			cnt[i+1]++
		}
	}
	out := make([]float64, n)
	for i := range out {
		a, b := max(0, i-w/2), min(n, i+w/2+1)
		if c := cnt[b] - cnt[a]; c > 0 {
			out[i] = (sum[b] - sum[a]) / float64(c)
		} else {
			out[i] = math.NaN()
		}
	}
	return out
}

// noisyThumb is the legend icon of a Noisy curve: a light zigzag under a
// dark line.
type noisyThumb struct{ raw, mean vgdraw.LineStyle }

func (t noisyThumb) Thumbnail(c *vgdraw.Canvas) {
	h := c.Max.Y - c.Min.Y
	var zig []vg.Point
	for k := range 7 {
		y := c.Min.Y + h*0.15
		if k%2 == 1 {
			y = c.Max.Y - h*0.15
		}
		zig = append(zig, vg.Point{X: c.Min.X + (c.Max.X-c.Min.X)*vg.Length(k)/6, Y: y})
	}
	c.StrokeLines(t.raw, zig)
	y := (c.Min.Y + c.Max.Y) / 2
	c.StrokeLine2(t.mean, c.Min.X, y, c.Max.X, y)
}

// legendBlock is a legend drawn in a strip of its own above a panel, one
// entry per line, so that it never hides data nor takes a column.
type legendBlock struct{ entries []legendEntry }

func (b legendBlock) legend() plot.Legend {
	leg := plot.NewLegend()
	leg.TextStyle.Font = sansFont(11, false)
	leg.Top, leg.Left = true, true
	leg.ThumbnailWidth = vg.Points(24)
	leg.Padding = vg.Points(3)
	return leg
}

// height is the height of the strip.
func (b legendBlock) height() vg.Length {
	if len(b.entries) == 0 {
		return 0
	}
	leg := b.legend()
	return vg.Length(len(b.entries))*(leg.TextStyle.Rectangle("Mg").Max.Y+leg.Padding) + vg.Points(4)
}

// draw draws the legend from the left edge of the data area d, its top at
// top; names too wide for d are shortened with "…".
func (b legendBlock) draw(d vgdraw.Canvas, top vg.Length) {
	if len(b.entries) == 0 {
		return
	}
	leg := b.legend()
	room := float64(d.Max.X - d.Min.X - leg.ThumbnailWidth - vg.Points(8))
	width := func(s string) float64 { return float64(leg.TextStyle.Width(s)) }
	for _, e := range b.entries {
		leg.Add(ellipsize(plain(e.name), room, width), e.thumb)
	}
	c := d
	c.Max.Y = top
	c.Min.Y = top - b.height()
	leg.Draw(c)
}

// stackY divides dc into panels stacked from top to bottom with relative
// heights weights, each leaving room above it for its legend strip.
func stackY(dc vgdraw.Canvas, gap vg.Length, legs []legendBlock, weights []float64) []vgdraw.Canvas {
	total, fixed := 0.0, gap*vg.Length(len(weights)-1)
	for i, w := range weights {
		total += w
		fixed += legs[i].height()
	}
	avail := dc.Max.Y - dc.Min.Y - fixed
	out := make([]vgdraw.Canvas, len(weights))
	y := dc.Max.Y
	for i, w := range weights {
		y -= legs[i].height()
		c := dc
		c.Max.Y = y
		c.Min.Y = y - avail*vg.Length(w/total)
		out[i] = c
		y = c.Min.Y - gap
	}
	return out
}

// mix is (1-t)·a + t·b, channel by channel.
func mix(a, b color.RGBA, t float64) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(math.Round((1-t)*float64(x) + t*float64(y))) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 255}
}
