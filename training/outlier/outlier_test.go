package outlier

import (
	"math"
	"testing"
)

func TestThreshold(t *testing.T) {
	errs := []float64{1, 2, 3, 4}
	cases := map[string]float64{"sigma:2": 2.5 + 2*math.Sqrt(1.25), "quantile:0.5": 2.5, "quantile:1": 4, "max:1.5": 6, "0.7": 0.7}
	for in, want := range cases {
		th, err := ParseThreshold(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := th.Of(errs); math.Abs(got-want) > 1e-12 {
			t.Errorf("%s: %v, want %v", in, got, want)
		}
		if th.String() != in {
			t.Errorf("String() %q, want %q", th, in)
		}
	}
	for _, bad := range []string{"sigma", "quantile:1.5", "tukey:3", "max:-1", "-2", "sigma:NaN"} {
		if _, err := ParseThreshold(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
