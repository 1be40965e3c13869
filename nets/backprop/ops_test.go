package backprop

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/aenets/aenets/graph"
)

// gorgoniaActivation returns Gorgonia's f(z) and the gradient of Σ c⊙f(z)
// with respect to z, that is f'(z)·c as Gorgonia's graph computes it.
func gorgoniaActivation(t *testing.T, f graph.Activation, z, c []float64) (y, dz []float64) {
	t.Helper()
	n := len(z)
	g := G.NewGraph()
	zn := G.NewMatrix(g, G.Float64, G.WithShape(1, n), G.WithName("z"),
		G.WithValue(tensor.New(tensor.WithShape(1, n), tensor.WithBacking(append([]float64(nil), z...)))))
	cn := G.NewMatrix(g, G.Float64, G.WithShape(1, n), G.WithName("c"),
		G.WithValue(tensor.New(tensor.WithShape(1, n), tensor.WithBacking(append([]float64(nil), c...)))))
	out, err := f.Apply(zn)
	if err == nil {
		out, err = G.HadamardProd(out, cn)
	}
	var sum *G.Node
	if err == nil {
		sum, err = G.Sum(out)
	}
	if err != nil {
		t.Fatal(err)
	}
	yn, _ := f.Apply(zn) // the same node as above: Gorgonia merges identical expressions
	var yv G.Value
	G.Read(yn, &yv)
	if _, err := G.Grad(sum, zn); err != nil {
		t.Fatal(err)
	}
	vm := G.NewTapeMachine(g, G.BindDualValues(zn))
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	gv, err := zn.Grad()
	if err != nil {
		t.Fatal(err)
	}
	return append([]float64(nil), yv.Data().([]float64)...), append([]float64(nil), gv.Data().([]float64)...)
}

func sameFloat(a, b float64) bool { return a == b || (a != a && b != b) }

// TestActivationsMatchGorgonia runs every activation and its backward rule
// on values across the cut-offs and the kinks, against Gorgonia's.
func TestActivationsMatchGorgonia(t *testing.T) {
	inf := math.Inf(1)
	z := []float64{-inf, -800, -709.5, -708.5, -30, -19.5, -0.7, math.Copysign(0, -1), 0, 1e-300, 0.3,
		1.234567, 15.9, 16.5, 18.5, 19, 19.5, 25, 36, 700, 710, inf}
	c := make([]float64, len(z))
	for i := range c {
		c[i] = 0.25 + float64(i)/7 // an arbitrary dL/dy
	}
	for _, f := range graph.Activations {
		wantY, wantD := gorgoniaActivation(t, f, z, c)
		y, d := make([]float64, len(z)), append([]float64(nil), c...)
		activate(f, z, y)
		activateBackward(f, z, y, d)
		for i := range z {
			if !sameFloat(y[i], wantY[i]) || math.Signbit(y[i]) != math.Signbit(wantY[i]) {
				t.Errorf("%s(%v) = %v, Gorgonia %v", f, z[i], y[i], wantY[i])
			}
			if !sameFloat(d[i], wantD[i]) {
				t.Errorf("%s'(%v)·%v = %v, Gorgonia %v", f, z[i], c[i], d[i], wantD[i])
			}
		}
	}

	// The facts the comments in ops.go state.
	y, d := []float64{0}, []float64{1}
	activate(graph.ReLU, []float64{-2}, y)
	if y[0] != 0 || !math.Signbit(y[0]) {
		t.Errorf("relu(-2) = %v, want -0", y[0])
	}
	activateBackward(graph.ReLU, []float64{0}, []float64{0}, d)
	if d[0] != 1 {
		t.Errorf("relu'(0) = %v, want 1", d[0])
	}
	if sigmoid(19.5) != 1 || sigmoid(19) == 1 || softplus(16.5) != 16.5 {
		t.Error("sigmoid or softplus cut-offs moved")
	}
	d = []float64{1}
	activateBackward(graph.Sigmoid, []float64{25}, []float64{1}, d)
	if want := 1 / (1 + math.Exp(25)); d[0] != want {
		t.Errorf("sigmoid'(25) = %v, want σ(-25) = %v", d[0], want)
	}
}
