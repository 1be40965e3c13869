package graph

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestReparameterize(t *testing.T) {
	mu := []float64{0.5, -1, 2, 0}
	lv := []float64{0, 2, -1, 0.3}
	eps := []float64{1, -0.5, 0.25, 2}
	got := value(t, []*tensor.Dense{matrix(2, 2, mu...), matrix(2, 2, lv...), matrix(2, 2, eps...)}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
		z, err := Reparameterize(p[0], p[1], p[2])
		if err != nil {
			return nil, err
		}
		return weighted(g, z, 3)
	})
	// The same weighted sum by hand.
	want := value(t, []*tensor.Dense{matrix(2, 2, func() []float64 {
		z := make([]float64, 4)
		for i := range z {
			z[i] = mu[i] + math.Exp(lv[i]/2)*eps[i]
		}
		return z
	}()...)}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) { return weighted(g, p[0], 3) })
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("Σc⊙z = %v, by hand %v", got, want)
	}
	checkGrad(t, []*tensor.Dense{matrix(2, 2, mu...), matrix(2, 2, lv...)}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
		e := G.NewMatrix(g, G.Float64, G.WithShape(2, 2), G.WithName("eps"), G.WithValue(matrix(2, 2, eps...)))
		z, err := Reparameterize(p[0], p[1], e)
		if err != nil {
			return nil, err
		}
		return weighted(g, z, 3)
	}, 1e-7)
}

func TestKLDivergence(t *testing.T) {
	mu := []float64{0, 1, -2, 0.5, 0.1, -0.3}
	lv := []float64{0, 0, 1, -1, 0.2, -3}
	got := value(t, []*tensor.Dense{matrix(2, 3, mu...), matrix(2, 3, lv...)}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
		k, err := KLDivergence(p[0], p[1])
		if err != nil {
			return nil, err
		}
		return SumRowsMean(k)
	})
	// By hand: per sample −½ Σ (1 + lv − μ² − e^lv), then the mean of the two samples.
	want := 0.0
	for i := range mu {
		want += -0.5 * (1 + lv[i] - mu[i]*mu[i] - math.Exp(lv[i])) / 2
	}
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("KL = %.15g, by hand %.15g", got, want)
	}
	// N(0, 1) against itself: 0.
	zero := value(t, []*tensor.Dense{matrix(1, 2, 0, 0), matrix(1, 2, 0, 0)}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
		k, err := KLDivergence(p[0], p[1])
		if err != nil {
			return nil, err
		}
		return G.Sum(k)
	})
	if zero != 0 {
		t.Errorf("KL(N(0,1) ‖ N(0,1)) = %v", zero)
	}
	_, grads := gradients(t, []*tensor.Dense{matrix(2, 3, mu...), matrix(2, 3, lv...)}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
		k, err := KLDivergence(p[0], p[1])
		if err != nil {
			return nil, err
		}
		return G.Sum(k)
	})
	for i := range mu {
		if d := grads[0][i] - mu[i]; math.Abs(d) > 1e-12 {
			t.Errorf("dKL/dμ[%d] = %v, want μ = %v", i, grads[0][i], mu[i])
		}
		if want := 0.5 * (math.Exp(lv[i]) - 1); math.Abs(grads[1][i]-want) > 1e-12 {
			t.Errorf("dKL/dlogσ²[%d] = %v, want ½(σ²−1) = %v", i, grads[1][i], want)
		}
	}
}

func TestSoftClip(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{{0, 0}, {1, 10 * math.Tanh(0.1)}, {1e6, 10}, {-1e6, -10}} {
		got := value(t, []*tensor.Dense{matrix(1, 1, c.x)}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
			s, err := SoftClip(p[0], 10)
			if err != nil {
				return nil, err
			}
			return G.Sum(s)
		})
		if math.Abs(got-c.want) > 1e-12 {
			t.Errorf("softclip(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	checkGrad(t, []*tensor.Dense{matrix(2, 2, -12, -1, 0.5, 7)}, func(g *G.ExprGraph, p []*G.Node) (*G.Node, error) {
		s, err := SoftClip(p[0], 10)
		if err != nil {
			return nil, err
		}
		return weighted(g, s, 4)
	}, 1e-7)
}
