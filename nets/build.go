package nets

import (
	"fmt"

	G "gorgonia.org/gorgonia"

	"github.com/aenets/aenets/graph"
)

// This file wires a Spec's builder (ae.go, vae.go) to its inputs and sums
// its objective; the builders are the place to edit to change an
// architecture. Every Gorgonia graph (training, evaluation, decoding) and
// the parameter layout come from them.

// Term is one named part of an objective: the loss is the sum of the terms,
// each times its weight.
type Term struct {
	Name   string
	Value  *G.Node
	Weight *G.Node // nil: 1
}

// TermValue is a term's value after a run: what the loop logs and the
// metrics report.
type TermValue struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Weight float64 `json:"weight"`
}

// pass is a net's graph for batches of n: its inputs, the code, the
// reconstructions and the objective.
type pass struct {
	n            int
	x, t         *G.Node   // inputs and targets, n×In
	xData, tData []float64 // their values, filled before a run
	eps          *G.Node   // a VAE's ε (n×Latent), when the pass samples z
	epsData      []float64
	beta         *G.Node // a VAE's β
	code         *G.Node // the latent code: an AE's code layer, a VAE's μ
	out          *G.Node // the reconstructions, n×In
	terms        []Term
	loss         *G.Node
}

// buildPass adds the net of s to sc for batches of n. A VAE's pass samples
// z = μ + σ⊙ε when sample is set (training), and decodes μ otherwise.
func (s Spec) buildPass(sc *graph.Scope, n int, sample bool) *pass {
	p := &pass{n: n, xData: make([]float64, n*s.In), tData: make([]float64, n*s.In)}
	p.x = sc.Input("x", n, s.In, p.xData)
	p.t = sc.Input("target", n, s.In, p.tData)
	switch s.Kind {
	case KindAE:
		s.buildAE(sc, p)
	case KindVAE:
		s.buildVAE(sc, p, sample)
	default:
		sc.Fail(fmt.Errorf("no builder for net kind %q", s.Kind))
		return p
	}
	p.loss = sum(sc, p.terms)
	return p
}

// sum is the loss: the first term, plus each other term times its weight.
func sum(sc *graph.Scope, terms []Term) *G.Node {
	if len(terms) == 0 {
		sc.Fail(fmt.Errorf("an objective without terms"))
		return nil
	}
	loss := terms[0].Value
	if w := terms[0].Weight; w != nil {
		loss = sc.Op(func() (*G.Node, error) { return G.Mul(w, terms[0].Value) })
	}
	for _, t := range terms[1:] {
		v := t.Value
		if t.Weight != nil {
			v = sc.Op(func() (*G.Node, error) { return G.Mul(t.Weight, t.Value) })
		}
		acc := loss
		loss = sc.Op(func() (*G.Node, error) { return G.Add(acc, v) })
	}
	return loss
}

// hidden runs x through the encoder's hidden layers, enc/0 … enc/k-1.
func (s Spec) hidden(sc *graph.Scope, x *G.Node) *G.Node {
	h := x
	for i, w := range s.Encoder {
		h = sc.Activate(graph.Activation(s.Act), sc.In("enc", i).Dense(h, w))
	}
	return h
}

// decodeOnly is a graph that maps latent codes (n×Latent) to outputs.
type decodeOnly struct {
	zData []float64
	out   *G.Node
}

// buildDecode adds the decoder of s alone to sc, for batches of n codes.
func (s Spec) buildDecode(sc *graph.Scope, n int) *decodeOnly {
	d := &decodeOnly{zData: make([]float64, n*s.Latent)}
	_, d.out = s.decode(sc, sc.Input("z", n, s.Latent, d.zData))
	return d
}

// Layout returns the parameters of s as its builder declares them, in
// order: the layout of every engine's parameter store and weights file.
func Layout(s Spec) ([]graph.Decl, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	var decls []graph.Decl
	err := graph.Lock(func() error {
		sc := graph.NewScope(G.NewGraph(), func(d graph.Decl) (*tensorDense, error) {
			if d.Shape == nil {
				return nil, fmt.Errorf("not declared before")
			}
			return zeroTensor(d.Shape), nil
		})
		s.buildPass(sc, 1, true)
		decls = sc.Decls()
		return sc.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("layers %s: %w", s.LayerString(), err)
	}
	return decls, nil
}
