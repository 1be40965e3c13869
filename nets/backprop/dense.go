package backprop

import (
	"fmt"
	"slices"

	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/nets"
)

// layer is one fully connected layer as the builders declare it: its
// parameters are name/w (in×out) and name/b (out), and act follows it.
type layer struct {
	name    string
	in, out int
	act     graph.Activation
}

// dense is one fully connected layer and its activation: z = x·W + b,
// y = f(z), for a batch x of n rows. w (In×Out, row-major) and b (Out) are
// the parameter store's own arrays, so an optimiser step on them is seen
// everywhere; dw and db are the layer's gradients, overwritten by backward.
type dense struct {
	layer
	w, b   []float64
	dw, db []float64
}

// newDense binds l to the store's arrays, which must be its parameters
// number i and i+1, of the shapes l says.
func newDense(l layer, params *nets.Params, i int) (*dense, error) {
	all := params.All()
	names := [2]string{graph.Name(l.name, "w"), graph.Name(l.name, "b")}
	shapes := [2][]int{{l.in, l.out}, {l.out}}
	for k := range 2 {
		if i+k >= len(all) || all[i+k].Name != names[k] || !slices.Equal(all[i+k].Shape, shapes[k]) {
			return nil, fmt.Errorf("its parameter %d should be %s %v", i+k, names[k], shapes[k])
		}
	}
	w, b := all[i].Data, all[i+1].Data
	return &dense{layer: l, w: w, b: b, dw: make([]float64, len(w)), db: make([]float64, len(b))}, nil
}

// forward computes the pre-activations z = x·W + b (b added to every row)
// and the activations y = f(z) of a batch x (n×In).
func (l *dense) forward(x, z, y []float64, n int) {
	mulNN(z, x, l.w, n, l.in, l.out)
	for i := range n {
		row := z[i*l.out : (i+1)*l.out]
		for j, b := range l.b {
			row[j] += b
		}
	}
	activate(l.act, z, y)
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
	mulTN(l.dw, x, dz, n, l.in, l.out)
	// The rows in order, starting from the first: Gorgonia's Sum along axis 0.
	copy(l.db, dz[:l.out])
	for i := 1; i < n; i++ {
		for j, v := range dz[i*l.out : (i+1)*l.out] {
			l.db[j] += v
		}
	}
	if dx != nil {
		mulNT(dx, dz, l.w, n, l.out, l.in)
	}
}
