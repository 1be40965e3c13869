package synth

import (
	"slices"
	"testing"
)

func TestMNISTLike(t *testing.T) {
	ds := MNISTLike(500)
	if err := ds.Check(); err != nil {
		t.Fatal(err)
	}
	ink := 0
	for _, v := range ds.X {
		if v != 0 {
			ink++
		}
	}
	if f := float64(ink) / float64(len(ds.X)); f < 0.18 || f > 0.22 {
		t.Errorf("%.3f of the pixels inked, want about 0.2", f)
	}
	if again := MNISTLike(500); !slices.Equal(again.X, ds.X) {
		t.Error("two sets of the same size differ")
	}
	if ds.Labels[0] != "0" || ds.Labels[13] != "3" || ds.Rows*ds.Cols != ds.D {
		t.Errorf("labels %q %q, shape %dx%d", ds.Labels[0], ds.Labels[13], ds.Rows, ds.Cols)
	}
}
