package plot

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
)

// niceTicks labels a linear axis at 4 to 8 round values (steps of 1, 2,
// 2.5 or 5 times a power of ten) with an unlabelled tick halfway between.
type niceTicks struct{}

func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return []plot.Tick{{Value: lo, Label: fmtNum(lo)}}
	}
	raw := (hi - lo) / 7
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	half := step / 2
	var ticks []plot.Tick
	for k := math.Ceil(lo/half - 1e-9); k*half <= hi+1e-9*step; k++ {
		v := k * half
		if math.Abs(v) < 1e-9*step {
			v = 0
		}
		t := plot.Tick{Value: v}
		if math.Mod(k, 2) == 0 {
			t.Label = fmtNum(v)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// logTicks labels a log axis readably whatever its range: decades when the
// range is wide, 1-2-5 steps or all multiples when it is narrow, and round
// linear values when it spans less than a factor of about three. The axis
// itself is linear in log10 of the values (see setLogY), so the ticks take
// and return log10 positions while their labels show the values.
type logTicks struct{}

func (logTicks) Ticks(llo, lhi float64) []plot.Tick {
	lo, hi := math.Pow(10, llo), math.Pow(10, lhi)
	if !(lo > 0) || !(hi > lo) {
		return nil
	}
	decades := lhi - llo
	labelled := map[int]bool{1: true}
	switch {
	case decades < 1:
		for m := 2; m < 10; m++ {
			labelled[m] = true
		}
	case decades < 2.5:
		labelled[2], labelled[5] = true, true
	}
	e0, e1 := int(math.Floor(llo)), int(math.Ceil(lhi))
	every := max(1, (e1-e0+7)/8) // at most about 8 labelled decades
	var ticks []plot.Tick
	nLab := 0
	for e := e0; e <= e1; e++ {
		for m := 1; m < 10; m++ {
			v := float64(m) * math.Pow(10, float64(e))
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) || (decades > 6 && m != 1) {
				continue
			}
			t := plot.Tick{Value: math.Log10(v)}
			if labelled[m] && (m != 1 || (e-e0)%every == 0) {
				t.Label = fmtNum(v)
				nLab++
			}
			ticks = append(ticks, t)
		}
	}
	if nLab < 2 { // narrow range: round linear values
		ticks = ticks[:0]
		for _, t := range (niceTicks{}).Ticks(lo, hi) {
			if t.Value > 0 {
				ticks = append(ticks, plot.Tick{Value: math.Log10(t.Value), Label: t.Label})
			}
		}
	}
	return ticks
}

// fmtNum formats a tick or value compactly: 3 significant digits.
func fmtNum(v float64) string {
	switch a := math.Abs(v); {
	case a == 0:
		return "0"
	case a >= 100 && a < 1e6:
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// posRange returns the smallest and largest positive finite values.
func posRange(vs ...[]float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		for _, x := range v {
			if x > 0 && !math.IsInf(x, 0) {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	return lo, hi, lo <= hi
}

// setLogY makes the y axis logarithmic over the values [lo, hi] (widened a
// little so that lines do not touch the frame). Data on such an axis must
// be given as log10 of the values; the tick labels show the values.
// (A linear axis in log10 units avoids plot.LogScale's panics on values ≤ 0
// and its misplaced axis-label box.)
func setLogY(p *plot.Plot, lo, hi float64) {
	if lo == hi {
		lo, hi = lo/2, hi*2
	}
	f := math.Pow(hi/lo, 0.04)
	p.Y.Tick.Marker = logTicks{}
	p.Y.Min, p.Y.Max = math.Log10(lo/f), math.Log10(hi*f)
}

// nominalX labels the x positions 0..n-1 with names. The labels are written
// horizontally when they fit, else upright (rotated), in a smaller font when
// they are many; when even that would overlap, only every k-th is shown.
func nominalX(p *plot.Plot, names []string, width vg.Length) {
	n := len(names)
	spacing := width / vg.Length(n)
	lab := &p.X.Tick.Label
	every := 1
	widest := func(size float64) vg.Length {
		sty := *lab
		sty.Font = sansFont(size, false)
		w := vg.Length(0)
		for _, s := range names {
			w = max(w, sty.Width(s))
		}
		return w
	}
	switch {
	case widest(10) <= spacing*0.95:
		lab.Font = sansFont(10, false)
	case widest(9) <= spacing*0.95:
		lab.Font = sansFont(9, false)
	default:
		size := min(10, max(7, float64(spacing/1.25)))
		lab.Font = sansFont(size, false)
		every = max(1, int(math.Ceil(size*1.25/float64(spacing))))
		lab.Rotation = math.Pi / 2
		lab.XAlign = vgdraw.XRight
		lab.YAlign = vgdraw.YCenter
	}
	ticks := make([]plot.Tick, 0, n)
	for i, s := range names {
		t := plot.Tick{Value: float64(i)}
		if i%every == 0 {
			t.Label = s
		}
		ticks = append(ticks, t)
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Tick.Length = vg.Points(3)
	p.X.Min, p.X.Max = -0.6, float64(n)-0.4
}
