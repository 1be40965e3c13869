package results

import (
	"math"
	"testing"
)

func TestMostUsed(t *testing.T) {
	// Dimension 2 varies most, then 0; 1 has collapsed.
	codes := []float64{1, 0, 5, -1, 0.01, -5, 0.5, 0, 0}
	if a, b := MostUsed(codes, 3, 3); a != 0 || b != 2 {
		t.Errorf("MostUsed = %d, %d; want 0, 2", a, b)
	}
	if a, b := MostUsed([]float64{1, 2}, 2, 1); a != 0 || b != 0 {
		t.Errorf("one dimension: %d, %d", a, b)
	}
}

func TestSlerp(t *testing.T) {
	a, b := []float64{1, 0}, []float64{0, 2}
	mid := Slerp(a, b, 0.5)
	// On the arc at 45°, with the norm halfway: 1.5·(√½, √½).
	if math.Abs(mid[0]-1.5*math.Sqrt(0.5)) > 1e-12 || math.Abs(mid[1]-1.5*math.Sqrt(0.5)) > 1e-12 {
		t.Errorf("slerp midpoint %v", mid)
	}
	if e := Slerp(a, b, 0); e[0] != 1 || e[1] != 0 {
		t.Errorf("t=0: %v", e)
	}
	if e := Slerp(a, b, 1); math.Abs(e[0]) > 1e-12 || math.Abs(e[1]-2) > 1e-12 {
		t.Errorf("t=1: %v", e)
	}
	// Parallel codes: the straight line.
	if p := Slerp([]float64{1, 1}, []float64{2, 2}, 0.5); p[0] != 1.5 || p[1] != 1.5 {
		t.Errorf("parallel: %v", p)
	}
}
