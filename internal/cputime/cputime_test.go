package cputime

import "testing"

func TestSecondsGrows(t *testing.T) {
	a := Seconds()
	if a == 0 {
		t.Skip("the platform does not give the CPU time")
	}
	x := 0.0
	for i := range 50_000_000 {
		x += float64(i)
	}
	b := Seconds()
	if a <= 0 || b <= a || x == 0 {
		t.Errorf("CPU time %v s, then %v s after 5·10⁷ additions", a, b)
	}
}
