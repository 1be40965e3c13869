package nets

import (
	"fmt"
	"slices"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/aenets/aenets/graph"
)

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

// gorgoniaModel is a Model on Gorgonia graphs. One Adam solver steps every
// training graph (one per batch size), all bound to the same store.
type gorgoniaModel struct {
	spec   Spec
	params *Params
	solver *G.AdamSolver
	lr     float64
	train  map[int]*trainGraph
	eval   map[int]*evalGraph
	dec    map[int]*decodeGraph
	vae    *VAEState // nil for an AE
	terms  []TermValue
}

// gorgoniaVAE is a gorgoniaModel of a VAE, with its state's methods.
type gorgoniaVAE struct {
	*gorgoniaModel
	*VAEState
}

// trainGraph computes the loss of one batch size and its gradients.
type trainGraph struct {
	g      *TrainingGraph
	vm     G.VM
	params []G.ValueGrad
}

// evalGraph computes reconstructions, codes (a VAE's μ) and the loss and
// its terms, without gradients.
type evalGraph struct {
	p            *pass
	loss, z, out G.Value
	terms        []G.Value // the terms' values, when there is more than the loss itself
	vm           G.VM
}

// decodeGraph maps latent codes to outputs.
type decodeGraph struct {
	d   *decodeOnly
	out G.Value
	vm  G.VM
}

func newGorgonia(spec Spec, params *Params, opt Adam, batches []int) (Model, error) {
	m := &gorgoniaModel{
		spec: spec, params: params,
		solver: G.NewAdamSolver(G.WithLearnRate(opt.LR), G.WithBeta1(opt.Beta1),
			G.WithBeta2(opt.Beta2), G.WithEps(opt.Eps)),
		lr:    opt.LR,
		train: map[int]*trainGraph{}, eval: map[int]*evalGraph{}, dec: map[int]*decodeGraph{},
	}
	for _, n := range batches {
		if _, err := m.trainGraph(n); err != nil {
			return nil, err
		}
	}
	if spec.IsVAE() {
		m.vae = NewVAEState(spec)
		return gorgoniaVAE{m, m.vae}, nil
	}
	return m, nil
}

func (m *gorgoniaModel) Spec() Spec         { return m.spec }
func (m *gorgoniaModel) Params() *Params    { return m.params }
func (m *gorgoniaModel) LearnRate() float64 { return m.lr }
func (m *gorgoniaModel) Terms() []TermValue { return m.terms }
func (m *gorgoniaModel) SetLearnRate(lr float64) {
	m.lr = lr
	G.WithLearnRate(lr)(m.solver)
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
// makes it, with G.Grad's gradient nodes: what the Gorgonia engine runs on a
// TapeMachine, and what another executor (graph/exec) can run.
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
	tg := &trainGraph{g: g, params: G.NodesToValueGrads(g.Params)}
	graph.Lock(func() error {
		tg.vm = G.NewTapeMachine(g.Graph, G.BindDualValues(g.Params...))
		return nil
	})
	m.train[n] = tg
	return tg, nil
}

func (m *gorgoniaModel) evalGraph(n int) (*evalGraph, error) {
	if eg, ok := m.eval[n]; ok {
		return eg, nil
	}
	eg := &evalGraph{}
	err := m.build("evaluation graph", n, func(sc *graph.Scope) error {
		p := m.spec.buildPass(sc, n, false)
		if err := sc.Err(); err != nil {
			return err
		}
		eg.p = p
		G.Read(p.loss, &eg.loss)
		G.Read(p.code, &eg.z)
		G.Read(p.out, &eg.out)
		eg.terms = make([]G.Value, len(p.terms))
		if len(p.terms) > 1 || p.terms[0].Weight != nil {
			for i, t := range p.terms {
				G.Read(t.Value, &eg.terms[i])
			}
		}
		eg.vm = G.NewTapeMachine(sc.Graph())
		return nil
	})
	if err != nil {
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
	err := m.build("decoding graph", n, func(sc *graph.Scope) error {
		dg.d = m.spec.buildDecode(sc, n)
		if err := sc.Err(); err != nil {
			return err
		}
		G.Read(dg.d.out, &dg.out)
		dg.vm = G.NewTapeMachine(sc.Graph())
		return nil
	})
	if err != nil {
		return nil, err
	}
	m.dec[n] = dg
	return dg, nil
}

// feed copies the batch into a pass's inputs and, for a VAE, fills ε (when
// the pass samples) and sets β.
func (m *gorgoniaModel) feed(p *pass, x, t []float64) error {
	if len(x) != len(p.xData) {
		return fmt.Errorf("%d values of inputs, want %d (%d×%d)", len(x), len(p.xData), p.n, m.spec.In)
	}
	if len(t) != len(p.tData) {
		return fmt.Errorf("%d values of targets, want %d (%d×%d)", len(t), len(p.tData), p.n, m.spec.In)
	}
	if m.vae != nil {
		if p.eps != nil {
			if err := m.vae.FillEpsilon(p.epsData); err != nil {
				return err
			}
		}
		if err := G.Let(p.beta, m.vae.Beta()); err != nil {
			return err
		}
	}
	copy(p.xData, x)
	copy(p.tData, t)
	return nil
}

func (m *gorgoniaModel) TrainStep(x, t []float64, n int) (float64, error) {
	tg, err := m.trainGraph(n)
	if err != nil {
		return 0, err
	}
	defer tg.vm.Reset()
	if err := m.feed(tg.g.p, x, t); err != nil {
		return 0, fmt.Errorf("train step: %w", err)
	}
	if err := tg.vm.RunAll(); err != nil {
		return 0, fmt.Errorf("train step: %w", err)
	}
	loss := scalar(tg.g.LossValue)
	if err := m.solver.Step(tg.params); err != nil {
		return 0, fmt.Errorf("adam step: %w", err)
	}
	return loss, nil
}

func (m *gorgoniaModel) Evaluate(x, t []float64, n int, out, z []float64) (float64, error) {
	eg, err := m.evalGraph(n)
	if err != nil {
		return 0, err
	}
	defer eg.vm.Reset()
	if err := m.feed(eg.p, x, t); err != nil {
		return 0, fmt.Errorf("evaluate: %w", err)
	}
	if err := eg.vm.RunAll(); err != nil {
		return 0, fmt.Errorf("evaluate: %w", err)
	}
	loss := scalar(eg.loss)
	m.terms = m.terms[:0]
	for i, term := range eg.p.terms {
		tv := TermValue{Name: term.Name, Value: loss, Weight: 1}
		if eg.terms[i] != nil {
			tv.Value = scalar(eg.terms[i])
		}
		if term.Weight != nil {
			tv.Weight = scalar(term.Weight.Value())
		}
		m.terms = append(m.terms, tv)
	}
	if err := copyOut(out, eg.out, "reconstructions"); err != nil {
		return 0, err
	}
	if err := copyOut(z, eg.z, "latent codes"); err != nil {
		return 0, err
	}
	return loss, nil
}

func (m *gorgoniaModel) Decode(z []float64, n int, out []float64) error {
	dg, err := m.decodeGraph(n)
	if err != nil {
		return err
	}
	defer dg.vm.Reset()
	if len(z) != len(dg.d.zData) {
		return fmt.Errorf("decode: %d values of codes, want %d (%d×%d)", len(z), len(dg.d.zData), n, m.spec.Latent)
	}
	copy(dg.d.zData, z)
	if err := dg.vm.RunAll(); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return copyOut(out, dg.out, "decodings")
}

// scalar reads a float64 scalar value.
func scalar(v G.Value) float64 {
	if f, ok := v.Data().(float64); ok {
		return f
	}
	return v.Data().([]float64)[0]
}

// copyOut copies a matrix value into dst, if dst is not nil.
func copyOut(dst []float64, v G.Value, what string) error {
	if dst == nil {
		return nil
	}
	src := v.Data().([]float64)
	if len(dst) != len(src) {
		return fmt.Errorf("%d values for %s, want room for %d", len(dst), what, len(src))
	}
	copy(dst, src)
	return nil
}

// Gradients returns the loss of a batch and the gradient of every
// parameter (in the store's order) without stepping: the gradients the
// next TrainStep would use, were it given the same batch.
func (m *gorgoniaModel) Gradients(x, t []float64, n int) (float64, [][]float64, error) {
	tg, err := m.trainGraph(n)
	if err != nil {
		return 0, nil, err
	}
	defer tg.vm.Reset()
	if err := m.feed(tg.g.p, x, t); err != nil {
		return 0, nil, fmt.Errorf("gradients: %w", err)
	}
	if err := tg.vm.RunAll(); err != nil {
		return 0, nil, fmt.Errorf("gradients: %w", err)
	}
	grads := make([][]float64, len(tg.params))
	for i, p := range tg.params {
		g, err := p.Grad()
		if err != nil {
			return 0, nil, fmt.Errorf("gradients: %w", err)
		}
		grads[i] = append([]float64(nil), g.Data().([]float64)...)
		// Gorgonia adds each run's gradients to the last until a solver
		// step zeroes them: zero them here, as a step would.
		g.(tensor.Tensor).Zero()
	}
	return scalar(tg.g.LossValue), grads, nil
}
