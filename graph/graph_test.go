package graph

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// blockFn builds a scalar loss on g from parameter nodes.
type blockFn func(g *G.ExprGraph, p []*G.Node) (*G.Node, error)

func matrix(r, c int, v ...float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(r, c), tensor.WithBacking(v))
}

func nodes(g *G.ExprGraph, ts []*tensor.Dense) []*G.Node {
	p := make([]*G.Node, len(ts))
	for i, t := range ts {
		p[i] = G.NewMatrix(g, G.Float64, G.WithShape(t.Shape()...), G.WithName(Name("p", i)), G.WithValue(t))
	}
	return p
}

// value runs the block once and returns its loss.
func value(t *testing.T, ts []*tensor.Dense, build blockFn) float64 {
	t.Helper()
	g := G.NewGraph()
	loss, err := build(g, nodes(g, ts))
	if err != nil {
		t.Fatal(err)
	}
	var v G.Value
	G.Read(loss, &v)
	vm := G.NewTapeMachine(g)
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	return v.Data().(float64)
}

// gradients returns the loss and Gorgonia's symbolic gradient for every parameter.
func gradients(t *testing.T, ts []*tensor.Dense, build blockFn) (float64, [][]float64) {
	t.Helper()
	g := G.NewGraph()
	p := nodes(g, ts)
	loss, err := build(g, p)
	if err != nil {
		t.Fatal(err)
	}
	var v G.Value
	G.Read(loss, &v)
	if _, err := G.Grad(loss, p...); err != nil {
		t.Fatal(err)
	}
	vm := G.NewTapeMachine(g, G.BindDualValues(p...))
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	out := make([][]float64, len(p))
	for i, n := range p {
		gv, err := n.Grad()
		if err != nil {
			t.Fatal(err)
		}
		out[i] = append([]float64(nil), gv.Data().([]float64)...)
	}
	return v.Data().(float64), out
}

// checkGrad compares symbolic gradients with central finite differences.
func checkGrad(t *testing.T, ts []*tensor.Dense, build blockFn, tol float64) {
	t.Helper()
	_, sym := gradients(t, ts, build)
	for i, tt := range ts {
		data := tt.Data().([]float64)
		x0 := append([]float64(nil), data...)
		num := fd.Gradient(nil, func(x []float64) float64 {
			copy(data, x)
			return value(t, ts, build)
		}, x0, &fd.Settings{Formula: fd.Central, Step: 1e-6})
		copy(data, x0)
		for j := range num {
			if d := math.Abs(num[j] - sym[i][j]); d > tol*(1+math.Abs(num[j])) {
				t.Errorf("param %d[%d]: symbolic %.10g, finite differences %.10g", i, j, sym[i][j], num[j])
			}
		}
	}
}

// binder binds declared parameters to the tensors of ts, by name.
func binder(ts map[string]*tensor.Dense) Binder {
	return func(d Decl) (*tensor.Dense, error) {
		t, ok := ts[d.Name]
		if !ok {
			return nil, fmt.Errorf("no %s", d.Name)
		}
		return t, nil
	}
}

func TestScopeDense(t *testing.T) {
	x := matrix(2, 3, 1, 2, 3, -1, 0.5, 2)
	w := matrix(3, 2, 0.1, -0.2, 0.3, 0.4, -0.5, 0.6)
	b := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{0.01, -0.02}))
	g := G.NewGraph()
	sc := NewScope(g, binder(map[string]*tensor.Dense{"enc/0/w": w, "enc/0/b": b}))
	xn := G.NewMatrix(g, G.Float64, G.WithShape(2, 3), G.WithName("x"), G.WithValue(x))
	y := sc.In("enc", 0).Dense(xn, 2)
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	var v G.Value
	G.Read(y, &v)
	vm := G.NewTapeMachine(g)
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	// By hand: row 1 = (0.1+0.6-1.5+0.01, -0.2+0.8+1.8-0.02), row 2 = (-0.1+0.15-1+0.01, 0.2+0.2+1.2-0.02).
	want := []float64{-0.79, 2.38, -0.94, 1.58}
	for i, got := range v.Data().([]float64) {
		if math.Abs(got-want[i]) > 1e-12 {
			t.Errorf("y[%d] = %v, want %v", i, got, want[i])
		}
	}
	var got []string
	for _, d := range sc.Decls() {
		got = append(got, fmt.Sprint(d.Name, d.Shape, d.Init))
	}
	if want := []string{"enc/0/w[3 2] 1", "enc/0/b[2] 0"}; !slices.Equal(got, want) {
		t.Errorf("declared %v, want %v", got, want)
	}
	if p := sc.Params(); len(p) != 2 || p[0].Name() != "enc/0/w" || p[1].Name() != "enc/0/b" || !p[1].Shape().Eq(tensor.Shape{1, 2}) {
		t.Errorf("parameter nodes %v", p)
	}
	if sc.Use("enc/0/w") != sc.Params()[0] {
		t.Error("Use does not return the declared node")
	}
}

// TestScopeErrorsAreSticky: the first error is kept, and every later call
// does nothing.
func TestScopeErrorsAreSticky(t *testing.T) {
	g := G.NewGraph()
	sc := NewScope(g, func(d Decl) (*tensor.Dense, error) {
		return tensor.New(tensor.WithShape(d.Shape...), tensor.WithBacking(make([]float64, d.Size()))), nil
	})
	x := sc.Input("x", 4, 3, make([]float64, 12))
	h := sc.In("a").Dense(x, 2)
	sc.In("a").Dense(h, 2) // a/w again
	first := sc.Err()
	if first == nil || !strings.Contains(first.Error(), "a/w declared twice") {
		t.Fatalf("error %v", first)
	}
	if y := sc.In("b").Dense(h, 5); y != nil || sc.Err() != first || len(sc.Decls()) != 2 {
		t.Errorf("after an error: node %v, error %v, %d declarations", y, sc.Err(), len(sc.Decls()))
	}
	sc2 := NewScope(G.NewGraph(), func(d Decl) (*tensor.Dense, error) { return nil, fmt.Errorf("not in the store") })
	if sc2.Use("enc/0/w"); sc2.Err() == nil || !strings.Contains(sc2.Err().Error(), "used before it was declared") {
		t.Errorf("Use of an undeclared parameter: %v", sc2.Err())
	}
}

// weighted returns Σ a⊙c for a fixed matrix c, so that every element of a
// gets a different weight in the loss.
func weighted(g *G.ExprGraph, a *G.Node, seed uint64) (*G.Node, error) {
	s := a.Shape()
	c := make([]float64, s.TotalSize())
	r := rand.New(rand.NewPCG(seed, 7))
	for i := range c {
		c[i] = r.Float64()*2 - 1
	}
	cn := G.NewMatrix(g, G.Float64, G.WithShape(s...), G.WithName("c"), G.WithValue(matrix(s[0], s[1], c...)))
	p, err := G.HadamardProd(a, cn)
	if err != nil {
		return nil, err
	}
	return G.Sum(p)
}

func TestDenseGradient(t *testing.T) {
	x := matrix(3, 4, 0.2, -1, 0.5, 1, 0, 0.3, -0.7, 2, 1, 1, -1, 0.1)
	w := matrix(4, 2, 0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8)
	b := matrix(1, 2, 0.05, -0.05)
	checkGrad(t, []*tensor.Dense{x, w, b}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
		sc := NewScope(g, nil)
		y := sc.Affine(p[0], p[1], p[2])
		if err := sc.Err(); err != nil {
			return nil, err
		}
		return weighted(g, y, 1)
	}, 1e-7)
}

func TestActivations(t *testing.T) {
	z := []float64{-30, -3, -0.5, 0.25, 2, 30}
	ref := map[Activation]func(float64) float64{
		Sigmoid:  func(v float64) float64 { return 1 / (1 + math.Exp(-v)) },
		Tanh:     math.Tanh,
		ReLU:     func(v float64) float64 { return math.Max(0, v) },
		Identity: func(v float64) float64 { return v },
		Softplus: func(v float64) float64 { return math.Max(v, 0) + math.Log1p(math.Exp(-math.Abs(v))) },
	}
	for _, a := range Activations {
		t.Run(string(a), func(t *testing.T) {
			for _, v := range z {
				got := value(t, []*tensor.Dense{matrix(1, 1, v)}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
					y, err := a.Apply(p[0])
					if err != nil {
						return nil, err
					}
					return G.Sum(y)
				})
				if want := ref[a](v); math.Abs(got-want) > 1e-7*(1+math.Abs(want)) {
					t.Errorf("%s(%v) = %v, want %v", a, v, got, want)
				}
			}
			// Gradients away from the kinks and the saturated tails.
			in := matrix(2, 3, -1.5, -0.3, 0.2, 0.7, 1.9, -2.4)
			checkGrad(t, []*tensor.Dense{in}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
				y, err := a.Apply(p[0])
				if err != nil {
					return nil, err
				}
				return weighted(g, y, 2)
			}, 1e-7)
		})
	}
	if _, err := ParseActivation("swish"); err == nil || !strings.Contains(err.Error(), "sigmoid, tanh, relu, identity, softplus") {
		t.Errorf("unknown activation: %v", err)
	}
}

func TestBCEWithLogits(t *testing.T) {
	z := []float64{-5, -0.5, 0, 0.5, 5, 3}
	x := []float64{0, 1, 0.5, 0, 1, 0.2}
	got := value(t, []*tensor.Dense{matrix(2, 3, z...), matrix(2, 3, x...)}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
		e, err := BCEWithLogits(p[0], p[1])
		if err != nil {
			return nil, err
		}
		return MeanAll(e)
	})
	want := 0.0
	for i := range z {
		s := 1 / (1 + math.Exp(-z[i]))
		want -= x[i]*math.Log(s) + (1-x[i])*math.Log(1-s)
	}
	want /= 6
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("bce = %.15g, want %.15g", got, want)
	}
	// Stable where log(1-sigmoid) is not: the loss of a confident right answer is ~0, of a wrong one ~|z|.
	far := value(t, []*tensor.Dense{matrix(1, 4, 800, -800, 800, -800), matrix(1, 4, 1, 0, 0, 1)}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
		e, err := BCEWithLogits(p[0], p[1])
		if err != nil {
			return nil, err
		}
		return G.Sum(e)
	})
	if far != 1600 {
		t.Errorf("bce at |z| = 800: %v, want 1600 (0 + 0 + 800 + 800)", far)
	}
	_, grads := gradients(t, []*tensor.Dense{matrix(2, 3, z...), matrix(2, 3, x...)}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
		e, err := BCEWithLogits(p[0], p[1])
		if err != nil {
			return nil, err
		}
		return G.Sum(e)
	})
	for i := range z {
		if want := 1/(1+math.Exp(-z[i])) - x[i]; math.Abs(grads[0][i]-want) > 1e-12 {
			t.Errorf("d bce/dz[%d] = %v, want sigmoid(z)-x = %v", i, grads[0][i], want)
		}
	}
	checkGrad(t, []*tensor.Dense{matrix(2, 3, z...)}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
		xn := G.NewMatrix(g, G.Float64, G.WithShape(2, 3), G.WithName("x"), G.WithValue(matrix(2, 3, x...)))
		e, err := BCEWithLogits(p[0], xn)
		if err != nil {
			return nil, err
		}
		return MeanAll(e)
	}, 1e-7)
}

func TestSquaredErrorAndReductions(t *testing.T) {
	y := matrix(2, 2, 0.5, 1, 0, 2)
	x := matrix(2, 2, 1, 1, 1, 0)
	mean := value(t, []*tensor.Dense{y, x}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
		e, err := Loss(MSE).Elementwise(nil, p[0], p[1])
		if err != nil {
			return nil, err
		}
		return MeanAll(e)
	})
	if mean != (0.25+0+1+4)/4 {
		t.Errorf("mse = %v, want 1.3125", mean)
	}
	rows := value(t, []*tensor.Dense{y, x}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
		e, err := SquaredError(p[0], p[1])
		if err != nil {
			return nil, err
		}
		return SumRowsMean(e)
	})
	if rows != ((0.25+0)+(1+4))/2 {
		t.Errorf("sum over pixels, mean over batch = %v, want 2.625", rows)
	}
	_, grads := gradients(t, []*tensor.Dense{y, x}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
		e, err := SquaredError(p[0], p[1])
		if err != nil {
			return nil, err
		}
		return G.Sum(e)
	})
	for i, want := range []float64{-1, 0, -2, 4} {
		if grads[0][i] != want {
			t.Errorf("d/dy[%d] = %v, want 2(y-x) = %v", i, grads[0][i], want)
		}
	}
	if _, err := ParseLoss("hinge"); err == nil {
		t.Error("unknown loss accepted")
	}
}

func TestGlorotUniform(t *testing.T) {
	w := make([]float64, 35*17)
	GlorotUniform(rand.New(rand.NewPCG(1, 2)), 35, 17, w)
	a := math.Sqrt(6.0 / 52)
	mean := 0.0
	for _, v := range w {
		if math.Abs(v) > a {
			t.Fatalf("%v outside ±%v", v, a)
		}
		mean += v / float64(len(w))
	}
	if math.Abs(mean) > 0.03 {
		t.Errorf("mean %v, want ≈ 0", mean)
	}
	w2 := make([]float64, len(w))
	GlorotUniform(rand.New(rand.NewPCG(1, 2)), 35, 17, w2)
	for i := range w {
		if w[i] != w2[i] {
			t.Fatal("same seed, different weights")
		}
	}
}

func TestNameAndLock(t *testing.T) {
	if n := Name("enc", 0, "w"); n != "enc/0/w" {
		t.Errorf("Name = %q", n)
	}
	err := Lock(func() error { panic("boom") })
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("a panic while building is not an error: %v", err)
	}
}
