package backprop

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func probe(t *testing.T, vals []float64, f func(*G.Node) (*G.Node, error)) (y, dy []float64) {
	g := G.NewGraph()
	x := G.NewMatrix(g, G.Float64, G.WithShape(1, len(vals)), G.WithName("x"), G.WithValue(tensor.New(tensor.WithShape(1, len(vals)), tensor.WithBacking(append([]float64(nil), vals...)))))
	out, err := f(x)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := G.Sum(out)
	var yv G.Value
	G.Read(out, &yv)
	if _, err := G.Grad(s, x); err != nil {
		t.Fatal(err)
	}
	vm := G.NewTapeMachine(g, G.BindDualValues(x))
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	gv, _ := x.Grad()
	return append([]float64(nil), yv.Data().([]float64)...), append([]float64(nil), gv.Data().([]float64)...)
}

func sig(x float64) float64 {
	if x < -709 {
		return 0
	}
	if x > 19 {
		return 1
	}
	return 1 / (1 + math.Exp(-x))
}

func TestProbe(t *testing.T) {
	v := []float64{-800, -30, -0.7, 0.3, 1.234567, 18.5, 19.5, 25, 700, 710}
	y, d := probe(t, v, G.Sigmoid)
	for i, z := range v {
		a := y[i] * (1 - y[i])
		b := y[i] * sig(-z)
		t.Logf("sigmoid z=%v y=%v grad=%v  y(1-y)=%v (%v)  y*sig(-z)=%v (%v)", z, y[i], d[i], a, a == d[i], b, b == d[i])
	}
	y, d = probe(t, []float64{-2, -0.0, 0, 3, math.Inf(-1)}, G.Rectify)
	for i := range y {
		t.Logf("relu y=%v (signbit %v) grad=%v", y[i], math.Signbit(y[i]), d[i])
	}
	v = []float64{-3, 0.4, 15, 16.5, 18, 20}
	y, d = probe(t, v, G.Softplus)
	for i, z := range v {
		t.Logf("softplus z=%v y=%v grad=%v sig=%v", z, y[i], d[i], sig(z) == d[i])
	}
	v = []float64{-3, 0.4, 0.77}
	y, d = probe(t, v, G.Tanh)
	for i := range v {
		t.Logf("tanh y=%v grad=%v 1-y*y=%v", y[i], d[i], (1-y[i]*y[i]) == d[i])
	}
}
