package openblas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestSelected checks that Gorgonia, its tensor package and gonum's blas64
// all use the BLAS of this build.
func TestSelected(t *testing.T) {
	want := "gonum.Implementation"
	if Enabled {
		want = "netlib.Implementation"
	}
	for name, impl := range map[string]any{"gorgonia": G.WhichBLAS(), "tensor": tensor.WhichBLAS(), "blas64": blas64.Implementation()} {
		if got := fmt.Sprintf("%T", impl); got != want {
			t.Errorf("%s uses %s, want %s (%s)", name, got, want, Name())
		}
	}
	t.Log(Name())
}

// naive is c = op(a)·op(b) for row-major a and b, summed in plain loops.
func naive(ta, tb bool, a, b []float64, m, k, n int) []float64 {
	c := make([]float64, m*n)
	for i := range m {
		for j := range n {
			var s float64
			for l := range k {
				ai, bj := a[i*k+l], b[l*n+j]
				if ta {
					ai = a[l*m+i]
				}
				if tb {
					bj = b[j*k+l]
				}
				s += ai * bj
			}
			c[i*n+j] = s
		}
	}
	return c
}

// TestProducts multiplies through both entry points, gonum's blas64 (the
// hand-written engine's) and Gorgonia's tensor.MatMul (the Gorgonia
// engine's), with each transposition blas64 is asked for, and compares
// with plain loops to rounding.
func TestProducts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const m, k, n = 37, 23, 41
	a, b := make([]float64, m*k), make([]float64, k*n)
	for i := range a {
		a[i] = r.NormFloat64()
	}
	for i := range b {
		b[i] = r.NormFloat64()
	}
	check := func(name string, got, want []float64) {
		t.Helper()
		for i := range want {
			if d := math.Abs(got[i] - want[i]); d > 1e-12*(1+math.Abs(want[i])) {
				t.Fatalf("%s: element %d is %v, want %v", name, i, got[i], want[i])
			}
		}
	}
	for _, tr := range []struct{ ta, tb bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
		ga := blas64.General{Rows: m, Cols: k, Stride: k, Data: a}
		gb := blas64.General{Rows: k, Cols: n, Stride: n, Data: b}
		opA, opB := blas.NoTrans, blas.NoTrans
		if tr.ta {
			ga, opA = blas64.General{Rows: k, Cols: m, Stride: m, Data: a}, blas.Trans
		}
		if tr.tb {
			gb, opB = blas64.General{Rows: n, Cols: k, Stride: k, Data: b}, blas.Trans
		}
		c := blas64.General{Rows: m, Cols: n, Stride: n, Data: make([]float64, m*n)}
		blas64.Gemm(opA, opB, 1, ga, gb, 0, c)
		check(fmt.Sprintf("blas64.Gemm(%c, %c)", opA, opB), c.Data, naive(tr.ta, tr.tb, a, b, m, k, n))
	}
	ta := tensor.New(tensor.WithShape(m, k), tensor.WithBacking(a))
	tb := tensor.New(tensor.WithShape(k, n), tensor.WithBacking(b))
	tc, err := tensor.MatMul(ta, tb)
	if err != nil {
		t.Fatal(err)
	}
	check("tensor.MatMul", tc.Data().([]float64), naive(false, false, a, b, m, k, n))
}
