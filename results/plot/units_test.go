package plot

import (
	"math"
	"testing"
)

func TestAt(t *testing.T) {
	im := Images{N: 2, Rows: 1, Cols: 2, Pix: []float64{1, 2, 3, 4}}
	if got := im.At(1); len(got) != 2 || got[0] != 3 || got[1] != 4 || cap(got) != 2 {
		t.Errorf("At(1) = %v (cap %d)", got, cap(got))
	}
}

func TestDrawableKeepsShapeOfLongRuns(t *testing.T) {
	y := ramp(100000, func(i int) float64 { return 2 + math.Sin(float64(i)) })
	y[4321] = 1e-9 // a deep dip must survive thinning
	y[50000] = math.NaN()
	xy := drawable(func(i int) float64 { return float64(i + 1) }, y, true)
	if len(xy) > maxDrawn+2 {
		t.Errorf("%d points drawn", len(xy))
	}
	low := math.Inf(1)
	for i, p := range xy {
		low = math.Min(low, p.Y)
		if i > 0 && p.X <= xy[i-1].X {
			t.Fatalf("x not increasing at %d", i)
		}
	}
	if low != -9 {
		t.Errorf("lowest drawn log10 value %v, want -9", low)
	}
	if got := drawable(func(i int) float64 { return float64(i) }, []float64{1, 0, -1, math.Inf(1), 10}, true); len(got) != 2 {
		t.Errorf("log drawable kept %v", got)
	}
}

func TestTicksAreLabelled(t *testing.T) {
	count := func(lo, hi float64, log bool) int {
		var n int
		tk := niceTicks{}.Ticks(lo, hi)
		if log {
			tk = logTicks{}.Ticks(math.Log10(lo), math.Log10(hi))
		}
		for _, x := range tk {
			if x.Label != "" {
				n++
			}
		}
		return n
	}
	for _, r := range [][2]float64{{0, 1}, {1, 10000}, {-2.7, 3.1}, {0.001, 0.0012}, {5, 5.5}} {
		if n := count(r[0], r[1], false); n < 3 || n > 9 {
			t.Errorf("linear %v: %d labels", r, n)
		}
	}
	for _, r := range [][2]float64{{0.3, 0.35}, {0.2, 0.9}, {1e-3, 0.5}, {1e-12, 1e3}, {7e-5, 1.1e-3}} {
		if n := count(r[0], r[1], true); n < 2 || n > 12 {
			t.Errorf("log %v: %d labels", r, n)
		}
	}
}

func TestPlainReplacesMissingSymbols(t *testing.T) {
	if got := plain("z ∈ [-2, 2] a→o"); got != "z in [-2, 2] a→o" {
		t.Errorf("plain = %q", got)
	}
}
