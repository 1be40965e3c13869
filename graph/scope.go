package graph

import (
	"fmt"
	"slices"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Init says how a parameter starts.
type Init int

const (
	// InitZeros starts a parameter at 0 (biases).
	InitZeros Init = iota
	// InitGlorot draws a weight matrix (in×out) from GlorotUniform.
	InitGlorot
)

// A Decl is a parameter as a builder declared it: its scoped name, its
// shape in the parameter store (weights in×out, biases out) and how it
// starts. The declarations of a builder, in order, are its parameter layout.
type Decl struct {
	Name  string
	Shape []int
	Init  Init
}

// Size is the number of values of the parameter.
func (d Decl) Size() int {
	n := 1
	for _, s := range d.Shape {
		n *= s
	}
	return n
}

// A Binder gives the tensor a declared parameter is bound to: its storage,
// which a solver stepping the graph updates in place. A Decl without a
// shape asks for a parameter declared elsewhere (Use), of any shape.
type Binder func(d Decl) (*tensor.Dense, error)

// Scope is where a builder declares its parameters, under hierarchical names
// ("enc/0/w"), as it uses them, and adds the ops of its forward pass and
// objective to a graph. Errors are sticky, as in bufio.Writer: the first one
// is kept, every later call does nothing and returns nil, and Err reports it
// once the builder is done, so that a builder reads as the maths it computes.
type Scope struct {
	st   *scopeState
	path string
}

type scopeState struct {
	g      *G.ExprGraph
	bind   Binder
	decls  []Decl
	params map[string]*G.Node
	order  G.Nodes
	err    error
}

// NewScope returns the root scope of a builder adding to g, whose parameters
// are bound by bind.
func NewScope(g *G.ExprGraph, bind Binder) *Scope {
	return &Scope{st: &scopeState{g: g, bind: bind, params: map[string]*G.Node{}}}
}

// Graph is the graph the scope adds to.
func (s *Scope) Graph() *G.ExprGraph { return s.st.g }

// In returns the scope named by the parts below this one: In("enc", 0) is
// "enc/0".
func (s *Scope) In(parts ...any) *Scope {
	p := Name(parts...)
	if s.path != "" {
		p = s.path + "/" + p
	}
	return &Scope{st: s.st, path: p}
}

// name is leaf's full name in this scope.
func (s *Scope) name(leaf string) string {
	if s.path == "" {
		return leaf
	}
	return s.path + "/" + leaf
}

// Err is the first error of any call on the scope or its children.
func (s *Scope) Err() error { return s.st.err }

// Fail records err (with the scope's name) unless an error came first.
func (s *Scope) Fail(err error) {
	if s.st.err == nil && err != nil {
		if s.path != "" {
			err = fmt.Errorf("%s: %w", s.path, err)
		}
		s.st.err = err
	}
}

// Decls are the parameters declared so far, in order: the layout.
func (s *Scope) Decls() []Decl { return slices.Clone(s.st.decls) }

// Params are the parameter nodes, in the order of Decls.
func (s *Scope) Params() G.Nodes { return slices.Clone(s.st.order) }

// Param declares the parameter leaf of this scope with the given store
// shape and start, binds it and returns its node, of shape graphShape if
// given (a bias of store shape (out) is the row (1, out) in the graph),
// else of the store shape.
func (s *Scope) Param(leaf string, init Init, shape []int, graphShape ...int) *G.Node {
	if s.st.err != nil {
		return nil
	}
	d := Decl{Name: s.name(leaf), Shape: slices.Clone(shape), Init: init}
	if _, ok := s.st.params[d.Name]; ok {
		s.Fail(fmt.Errorf("parameter %s declared twice", d.Name))
		return nil
	}
	for _, v := range shape {
		if v <= 0 {
			s.Fail(fmt.Errorf("parameter %s of shape %v", d.Name, shape))
			return nil
		}
	}
	t, err := s.st.bind(d)
	if err != nil {
		s.Fail(err)
		return nil
	}
	if len(graphShape) == 0 {
		graphShape = shape
	}
	if !slices.Equal(t.Shape(), tensor.Shape(graphShape)) {
		t = tensor.New(tensor.WithShape(graphShape...), tensor.WithBacking(t.Data()))
	}
	n := G.NewTensor(s.st.g, G.Float64, len(graphShape), G.WithShape(graphShape...), G.WithName(d.Name), G.WithValue(t))
	s.st.decls = append(s.st.decls, d)
	s.st.params[d.Name] = n
	s.st.order = append(s.st.order, n)
	return n
}

// Use returns the node of a parameter declared before, by its full name:
// how a builder shares a parameter between two places (tied weights).
func (s *Scope) Use(name string) *G.Node {
	if s.st.err != nil {
		return nil
	}
	if n, ok := s.st.params[name]; ok {
		return n
	}
	// Not declared in this graph (a decoding graph without its encoder):
	// bind it as the binder has it, without declaring it.
	t, err := s.st.bind(Decl{Name: name})
	if err != nil {
		s.Fail(fmt.Errorf("parameter %s used before it was declared: %w", name, err))
		return nil
	}
	shape := t.Shape()
	n := G.NewTensor(s.st.g, G.Float64, len(shape), G.WithShape(shape...), G.WithName(name), G.WithValue(t))
	s.st.params[name] = n
	return n
}

// Input adds an input matrix named name of shape (n, d), bound to data (n·d
// values, row-major, owned by the caller: fill it before each run).
func (s *Scope) Input(name string, n, d int, data []float64) *G.Node {
	if s.st.err != nil {
		return nil
	}
	t := tensor.New(tensor.WithShape(n, d), tensor.WithBacking(data))
	return G.NewMatrix(s.st.g, G.Float64, G.WithShape(n, d), G.WithName(name), G.WithValue(t))
}

// Scalar adds a scalar input named name, of value v (change it with G.Let).
func (s *Scope) Scalar(name string, v float64) *G.Node {
	if s.st.err != nil {
		return nil
	}
	return G.NewScalar(s.st.g, G.Float64, G.WithName(name), G.WithValue(v))
}

// Op adds the node f builds, unless an error came first; f's error is kept.
func (s *Scope) Op(f func() (*G.Node, error)) *G.Node {
	if s.st.err != nil {
		return nil
	}
	n, err := f()
	if err != nil {
		s.Fail(err)
		return nil
	}
	return n
}

// Dense declares the weights w (in×out, Glorot) and the bias b (out, zero)
// of a fully connected layer in this scope and returns x·w + b for the batch
// x (n×in): the layer's pre-activations.
func (s *Scope) Dense(x *G.Node, out int) *G.Node {
	if s.st.err != nil {
		return nil
	}
	xs := x.Shape()
	if len(xs) != 2 {
		s.Fail(fmt.Errorf("dense: input of shape %v, want (n, in)", xs))
		return nil
	}
	w := s.Param("w", InitGlorot, []int{xs[1], out})
	b := s.Param("b", InitZeros, []int{out}, 1, out)
	return s.Affine(x, w, b)
}

// Affine returns x·w + b, the bias row b broadcast over the rows of x.
func (s *Scope) Affine(x, w, b *G.Node) *G.Node {
	xw := s.Op(func() (*G.Node, error) { return G.Mul(x, w) })
	return s.Op(func() (*G.Node, error) { return G.BroadcastAdd(xw, b, nil, []byte{0}) })
}

// Activate returns a(x).
func (s *Scope) Activate(a Activation, x *G.Node) *G.Node {
	return s.Op(func() (*G.Node, error) { return a.Apply(x) })
}

// The blocks of activation.go, loss.go and vae.go, on a scope.

// Elementwise is l.Elementwise(z, y, x): the loss of every element.
func (s *Scope) Elementwise(l Loss, z, y, x *G.Node) *G.Node {
	return s.Op(func() (*G.Node, error) { return l.Elementwise(z, y, x) })
}

// MeanAll is the mean of every element of a.
func (s *Scope) MeanAll(a *G.Node) *G.Node {
	return s.Op(func() (*G.Node, error) { return MeanAll(a) })
}

// SumRowsMean is the sum of each row of a, averaged over the rows.
func (s *Scope) SumRowsMean(a *G.Node) *G.Node {
	return s.Op(func() (*G.Node, error) { return SumRowsMean(a) })
}

// SoftClip is c·tanh(x/c).
func (s *Scope) SoftClip(x *G.Node, c float64) *G.Node {
	return s.Op(func() (*G.Node, error) { return SoftClip(x, c) })
}

// Reparameterize is μ + exp(½·logσ²) ⊙ ε.
func (s *Scope) Reparameterize(mu, logvar, eps *G.Node) *G.Node {
	return s.Op(func() (*G.Node, error) { return Reparameterize(mu, logvar, eps) })
}

// KLDivergence is the elementwise KL(N(μ, σ²) ‖ N(0, I)).
func (s *Scope) KLDivergence(mu, logvar *G.Node) *G.Node {
	return s.Op(func() (*G.Node, error) { return KLDivergence(mu, logvar) })
}

// FreeBits is Σ_i max(λ − KL_i, 0) of the KL terms kl (n×k).
func (s *Scope) FreeBits(kl *G.Node, lambda float64) *G.Node {
	return s.Op(func() (*G.Node, error) { return FreeBits(kl, lambda) })
}
