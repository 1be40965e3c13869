package nets

import (
	"fmt"
	"slices"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/aenets/aenets/graph"
)

// This file builds the Gorgonia engine's graphs, each once per batch size,
// and compiles each into a runner (runner.go).

// tensorDense is the tensor type parameters are bound to.
type tensorDense = tensor.Dense

func zeroTensor(shape []int) *tensorDense {
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(make([]float64, graph.Decl{Shape: shape}.Size())))
}

// storeBinder binds every parameter a builder declares to the store's own
// array of that name, which must have the declared shape.
func storeBinder(p *Params) graph.Binder {
	return func(d graph.Decl) (*tensorDense, error) {
		q := p.Get(d.Name)
		if q == nil {
			return nil, fmt.Errorf("no parameter %s in the store", d.Name)
		}
		if d.Shape != nil && !slices.Equal(q.Shape, d.Shape) {
			return nil, fmt.Errorf("parameter %s has shape %v, the builder declares %v", d.Name, q.Shape, d.Shape)
		}
		return tensor.New(tensor.WithShape(q.Shape...), tensor.WithBacking(q.Data)), nil
	}
}

// trainGraph computes the loss of one batch size and its gradients.
type trainGraph struct {
	g *TrainingGraph
	r runner
}

// evalGraph computes reconstructions, codes (a VAE's μ) and the loss and
// its terms, without gradients.
type evalGraph struct {
	p            *pass
	loss, z, out G.Value
	terms        []G.Value // the terms' values, when there is more than the loss itself
	r            runner
}

// decodeGraph maps latent codes to outputs.
type decodeGraph struct {
	d   *decodeOnly
	out G.Value
	r   runner
}

// build runs a builder on a new graph bound to the store, under graph.Lock.
func (m *gorgoniaModel) build(what string, n int, f func(sc *graph.Scope) error) error {
	if n <= 0 {
		return fmt.Errorf("%s: batch of %d, want > 0", what, n)
	}
	err := graph.Lock(func() error {
		sc := graph.NewScope(G.NewGraph(), storeBinder(m.params))
		if err := f(sc); err != nil {
			return err
		}
		return sc.Err()
	})
	if err != nil {
		return fmt.Errorf("%s for batches of %d: %w", what, n, err)
	}
	return nil
}

// TrainingGraph is a net's training graph for batches of n, as its builder
// makes it, with G.Grad's gradient nodes: what the Gorgonia engine compiles
// with graph/exec, and what the tests run on a TapeMachine to compare.
type TrainingGraph struct {
	Graph     *G.ExprGraph
	X, T, Eps []float64 // the values of the inputs, targets and (a VAE's) ε: fill them before a run
	Beta      *G.Node   // a VAE's β (set it with G.Let), else nil
	Loss      *G.Node
	LossValue G.Value // the loss after a run, through G.Read
	Params    G.Nodes // the parameters, in the store's order
	Grads     G.Nodes // their gradients, same order
	p         *pass
}

// NewTrainingGraph builds spec's training graph for batches of n, bound to
// params (which must have spec's layout).
func NewTrainingGraph(spec Spec, params *Params, n int) (*TrainingGraph, error) {
	if err := CheckBuild(spec, params, Adam{}); err != nil {
		return nil, err
	}
	m := &gorgoniaModel{spec: spec, params: params}
	return m.newTrainingGraph(n)
}

func (m *gorgoniaModel) newTrainingGraph(n int) (*TrainingGraph, error) {
	tg := &TrainingGraph{}
	err := m.build("training graph", n, func(sc *graph.Scope) error {
		p := m.spec.buildPass(sc, n, true)
		if err := sc.Err(); err != nil {
			return err
		}
		tg.p, tg.Graph, tg.X, tg.T, tg.Eps, tg.Beta, tg.Loss = p, sc.Graph(), p.xData, p.tData, p.epsData, p.beta, p.loss
		G.Read(p.loss, &tg.LossValue)
		tg.Params = sc.Params()
		var err error
		if tg.Grads, err = G.Grad(p.loss, tg.Params...); err != nil {
			return fmt.Errorf("gradients: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return tg, nil
}

func (m *gorgoniaModel) trainGraph(n int) (*trainGraph, error) {
	if tg, ok := m.train[n]; ok {
		return tg, nil
	}
	g, err := m.newTrainingGraph(n)
	if err != nil {
		return nil, err
	}
	r, err := m.compileRunner("training graph", n, g.Graph, g.Params)
	if err != nil {
		return nil, err
	}
	tg := &trainGraph{g: g, r: r}
	m.train[n] = tg
	return tg, nil
}

func (m *gorgoniaModel) evalGraph(n int) (*evalGraph, error) {
	if eg, ok := m.eval[n]; ok {
		return eg, nil
	}
	eg := &evalGraph{}
	var g *G.ExprGraph
	err := m.build("evaluation graph", n, func(sc *graph.Scope) error {
		p := m.spec.buildPass(sc, n, false)
		if err := sc.Err(); err != nil {
			return err
		}
		eg.p, g = p, sc.Graph()
		G.Read(p.loss, &eg.loss)
		G.Read(p.code, &eg.z)
		G.Read(p.out, &eg.out)
		eg.terms = make([]G.Value, len(p.terms))
		if len(p.terms) > 1 || p.terms[0].Weight != nil {
			for i, t := range p.terms {
				G.Read(t.Value, &eg.terms[i])
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if eg.r, err = m.compileRunner("evaluation graph", n, g, nil); err != nil {
		return nil, err
	}
	m.eval[n] = eg
	return eg, nil
}

func (m *gorgoniaModel) decodeGraph(n int) (*decodeGraph, error) {
	if dg, ok := m.dec[n]; ok {
		return dg, nil
	}
	dg := &decodeGraph{}
	var g *G.ExprGraph
	err := m.build("decoding graph", n, func(sc *graph.Scope) error {
		dg.d = m.spec.buildDecode(sc, n)
		if err := sc.Err(); err != nil {
			return err
		}
		g = sc.Graph()
		G.Read(dg.d.out, &dg.out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if dg.r, err = m.compileRunner("decoding graph", n, g, nil); err != nil {
		return nil, err
	}
	m.dec[n] = dg
	return dg, nil
}
