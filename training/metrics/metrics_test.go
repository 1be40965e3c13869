package metrics

import (
	"slices"
	"testing"
)

func TestMetrics(t *testing.T) {
	target := []float64{1, 0, 1, 0, 0, 0}
	out := []float64{0.6, 0.4, 0.2, 0.5, 0.49, 0}
	w := WrongPixels(target, out, 2, 3, nil)
	if !slices.Equal(w, []int{1, 1}) {
		t.Errorf("wrong pixels %v, want [1 1] (0.5 counts as on)", w)
	}
	s := Summarize([]int{0, 3, 1, 0})
	if s != (Wrong{Max: 3, Mean: 1, Perfect: 2}) {
		t.Errorf("summary %+v", s)
	}
	mse := MeanSquaredError([]float64{1, 0}, []float64{0.5, 0.5}, 1, 2, nil)
	if mse[0] != 0.25 {
		t.Errorf("mse %v", mse)
	}
}
