package backprop

import (
	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/nets"
)

// dense is one fully connected layer and its activation: z = x·W + b,
// y = f(z), for a batch x of n rows. w (In×Out, row-major) and b (Out) are
// the parameter store's own arrays, so an optimiser step on them is seen
// everywhere; dw and db are the layer's gradients, overwritten by backward.
type dense struct {
	nets.Layer
	w, b   []float64
	dw, db []float64
}

func newDense(l nets.Layer, params *nets.Params) *dense {
	w := params.Get(graph.Name(l.Name, "w")).Data
	b := params.Get(graph.Name(l.Name, "b")).Data
	return &dense{Layer: l, w: w, b: b, dw: make([]float64, len(w)), db: make([]float64, len(b))}
}

// forward computes the pre-activations z = x·W + b (b added to every row)
// and the activations y = f(z) of a batch x (n×In).
func (l *dense) forward(x, z, y []float64, n int) {
	mulNN(z, x, l.w, n, l.In, l.Out)
	for i := range n {
		row := z[i*l.Out : (i+1)*l.Out]
		for j, b := range l.b {
			row[j] += b
		}
	}
	activate(l.Act, z, y)
}

// backward takes dz, the gradient of the loss at the layer's
// pre-activations z = x·W + b, and computes
//
//	dW = xᵀ·dz       (each weight W[i][j] met x[·][i] in z[·][j])
//	db = Σ_rows dz    (b was added to every row)
//	dx = dz·Wᵀ        (x[·][i] reached every z[·][j] through W[i][j])
//
// dx is skipped when nil: the input of the first layer needs no gradient.
func (l *dense) backward(x, dz, dx []float64, n int) {
	mulTN(l.dw, x, dz, n, l.In, l.Out)
	// The rows in order, starting from the first: Gorgonia's Sum along axis 0.
	copy(l.db, dz[:l.Out])
	for i := 1; i < n; i++ {
		for j, v := range dz[i*l.Out : (i+1)*l.Out] {
			l.db[j] += v
		}
	}
	if dx != nil {
		mulNT(dx, dz, l.w, n, l.Out, l.In)
	}
}
