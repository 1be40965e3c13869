package data_test

import (
	"math"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
)

func TestCheck(t *testing.T) {
	ok := func() *data.Dataset {
		return &data.Dataset{Name: "d", IDs: []string{"1", "2"}, Labels: []string{"a", "b"},
			X: []float64{0, 1, 0.5, 0.25}, N: 2, D: 2, Rows: 1, Cols: 2}
	}
	if err := ok().Check(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		change func(d *data.Dataset)
		msg    string
	}{
		{func(d *data.Dataset) { d.N = 0 }, "d: no samples"},
		{func(d *data.Dataset) { d.D = 0 }, "d: samples have no values"},
		{func(d *data.Dataset) { d.X = d.X[:3] }, "d: 3 values, expected 4"},
		{func(d *data.Dataset) { d.Labels = d.Labels[:1] }, "d: 1 labels and 2 IDs"},
		{func(d *data.Dataset) { d.Rows, d.Cols = 2, 2 }, "d: image shape 2x2 does not hold the 2 values"},
		{func(d *data.Dataset) { d.Rows, d.Cols = -1, -2 }, "d: image shape -1x-2"},
		{func(d *data.Dataset) { d.X[3] = math.NaN() }, `d: sample 2 (ID "2", label "b"), value 2 is NaN`},
		{func(d *data.Dataset) { d.X[0] = -0.5 }, `d: sample 1 (ID "1", label "a"), value 1 is -0.5, outside [0,1]`},
		{func(d *data.Dataset) { d.Name = ""; d.N = 0 }, "dataset: no samples"},
	} {
		d := ok()
		tc.change(d)
		if err := d.Check(); err == nil || !strings.HasPrefix(err.Error(), tc.msg) {
			t.Errorf("got %v, want %s…", err, tc.msg)
		}
	}
	var nilSet *data.Dataset
	if err := nilSet.Check(); err == nil {
		t.Error("nil dataset passed Check")
	}
}

func TestCloneAndSubset(t *testing.T) {
	f := data.Font()
	c := f.Clone()
	c.X[0], c.IDs[0], c.Labels[0] = 0.5, "x", "y"
	if f.X[0] == 0.5 || f.IDs[0] == "x" || f.Labels[0] == "y" {
		t.Error("Clone shares memory with the original")
	}
	s := f.Subset([]int{31, 1})
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if s.N != 2 || s.Labels[0] != "DEL" || s.Labels[1] != "a" || picture(s, 1) != picture(f, 1) {
		t.Errorf("Subset: N %d, labels %q", s.N, s.Labels)
	}
}
