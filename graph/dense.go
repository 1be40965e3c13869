package graph

import (
	"fmt"
	"sync"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// buildMu serialises graph construction: Gorgonia's type inference and
// symbolic differentiation share package-level state.
var buildMu sync.Mutex

// Lock runs build while no other goroutine builds a graph, and turns a panic
// inside Gorgonia into an error.
func Lock(build func() error) (err error) {
	buildMu.Lock()
	defer buildMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("building the graph: %v", r)
		}
	}()
	return build()
}

// Name joins the parts of a hierarchical parameter name: Name("enc", 0, "w")
// is "enc/0/w". Gorgonia merges nodes of the same name and shape, so every
// parameter of a graph needs a name of its own.
func Name(parts ...any) string {
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += "/"
		}
		s += fmt.Sprint(p)
	}
	return s
}

// Dense is a fully connected layer, y = x·W + b, for a batch x of shape
// (n, In); W is (In, Out) and b is (1, Out), broadcast over the rows.
type Dense struct {
	Name    string
	In, Out int
	W, B    *G.Node
}

// NewDense adds the parameters of a Dense layer named name to g, bound to
// the tensors w (In×Out) and b (1×Out or Out). The tensors are the
// parameters' storage: a solver stepping the graph updates them in place, and
// every graph built on the same tensors sees the update.
func NewDense(g *G.ExprGraph, name string, w, b *tensor.Dense) (*Dense, error) {
	ws := w.Shape()
	if len(ws) != 2 || ws[0] <= 0 || ws[1] <= 0 {
		return nil, fmt.Errorf("dense %s: weights of shape %v, want (in, out)", name, ws)
	}
	in, out := ws[0], ws[1]
	if b.Size() != out {
		return nil, fmt.Errorf("dense %s: bias of %d values for %d outputs", name, b.Size(), out)
	}
	if len(b.Shape()) != 2 {
		// View the bias as a row so that it broadcasts over the batch.
		b = tensor.New(tensor.WithShape(1, out), tensor.WithBacking(b.Data()))
	}
	return &Dense{
		Name: name, In: in, Out: out,
		W: G.NewMatrix(g, G.Float64, G.WithShape(in, out), G.WithName(Name(name, "w")), G.WithValue(w)),
		B: G.NewMatrix(g, G.Float64, G.WithShape(1, out), G.WithName(Name(name, "b")), G.WithValue(b)),
	}, nil
}

// Forward returns x·W + b for a batch x of shape (n, In).
func (d *Dense) Forward(x *G.Node) (*G.Node, error) {
	if s := x.Shape(); len(s) != 2 || s[1] != d.In {
		return nil, fmt.Errorf("dense %s: input of shape %v, want (n, %d)", d.Name, s, d.In)
	}
	xw, err := G.Mul(x, d.W)
	if err != nil {
		return nil, fmt.Errorf("dense %s: %w", d.Name, err)
	}
	y, err := G.BroadcastAdd(xw, d.B, nil, []byte{0})
	if err != nil {
		return nil, fmt.Errorf("dense %s: %w", d.Name, err)
	}
	return y, nil
}

// Params returns the layer's parameter nodes, weights first.
func (d *Dense) Params() G.Nodes { return G.Nodes{d.W, d.B} }
