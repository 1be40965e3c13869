package nets

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
)

// gorgoniaModel is a Model on Gorgonia graphs, each compiled with
// graph/exec (runner.go). Gorgonia's Adam (solvers.go) steps every
// training graph (one per batch size), all bound to the same store.
type gorgoniaModel struct {
	spec      Spec
	params    *Params
	solvers   *solvers
	lr        float64
	train     map[int]*trainGraph
	eval      map[int]*evalGraph
	dec       map[int]*decodeGraph
	vae       *VAEState   // nil for an AE
	terms     []TermValue // of the last Evaluate
	passTerms []TermValue // of its last pass
	tape      bool        // run every graph on a TapeMachine (the tests' reference)
	fallbacks []string    // graphs that run on a TapeMachine because exec cannot compile them, and why
}

// gorgoniaVAE is a gorgoniaModel of a VAE, with its state's methods.
type gorgoniaVAE struct {
	*gorgoniaModel
	*VAEState
}

// newGorgonia builds the model; with tape set, every graph runs on a
// TapeMachine (the tests' reference).
func newGorgonia(spec Spec, params *Params, opt Adam, tape bool, batches []int) (Model, error) {
	m := &gorgoniaModel{
		spec: spec, params: params, tape: tape,
		solvers: newSolvers(opt, params),
		lr:      opt.LR,
		train:   map[int]*trainGraph{}, eval: map[int]*evalGraph{}, dec: map[int]*decodeGraph{},
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
	m.solvers.setLearnRate(lr)
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
		if err := letBeta(p.beta, m.vae.Beta()); err != nil {
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
	if err := m.feed(tg.g.p, x, t); err != nil {
		return 0, fmt.Errorf("train step: %w", err)
	}
	if err := tg.r.run(); err != nil {
		return 0, fmt.Errorf("train step: %w", err)
	}
	loss := scalar(tg.g.LossValue)
	if err := m.solvers.step(tg.r.grads()); err != nil {
		return 0, fmt.Errorf("adam step: %w", err)
	}
	return loss, nil
}

func (m *gorgoniaModel) Evaluate(x, t []float64, n int, out, z []float64) (float64, error) {
	loss, terms, err := EvaluateChunks(x, t, n, m.spec.In, m.spec.Latent, out, z, m.terms, m.evaluate)
	m.terms = terms
	return loss, err
}

// evaluate is one pass of Evaluate, over at most EvalChunk samples.
func (m *gorgoniaModel) evaluate(x, t []float64, n int, out, z []float64) (float64, []TermValue, error) {
	eg, err := m.evalGraph(n)
	if err != nil {
		return 0, nil, err
	}
	if err := m.feed(eg.p, x, t); err != nil {
		return 0, nil, fmt.Errorf("evaluate: %w", err)
	}
	if err := eg.r.run(); err != nil {
		return 0, nil, fmt.Errorf("evaluate: %w", err)
	}
	loss := scalar(eg.loss)
	terms := m.passTerms[:0]
	for i, term := range eg.p.terms {
		tv := TermValue{Name: term.Name, Value: loss, Weight: 1}
		if eg.terms[i] != nil {
			tv.Value = scalar(eg.terms[i])
		}
		if term.Weight != nil {
			tv.Weight = scalar(term.Weight.Value())
		}
		terms = append(terms, tv)
	}
	if err := copyOut(out, eg.out, "reconstructions"); err != nil {
		return 0, nil, err
	}
	if err := copyOut(z, eg.z, "latent codes"); err != nil {
		return 0, nil, err
	}
	m.passTerms = terms
	return loss, terms, nil
}

func (m *gorgoniaModel) Decode(z []float64, n int, out []float64) error {
	dg, err := m.decodeGraph(n)
	if err != nil {
		return err
	}
	if len(z) != len(dg.d.zData) {
		return fmt.Errorf("decode: %d values of codes, want %d (%d×%d)", len(z), len(dg.d.zData), n, m.spec.Latent)
	}
	copy(dg.d.zData, z)
	if err := dg.r.run(); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return copyOut(out, dg.out, "decodings")
}

// letBeta binds β's node to beta, unless it holds beta already: G.Let
// allocates a new value, and β changes only under a KL warm-up.
func letBeta(n *G.Node, beta float64) error {
	if v, ok := n.Value().(*G.F64); ok && math.Float64bits(float64(*v)) == math.Float64bits(beta) {
		return nil
	}
	return G.Let(n, beta)
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
	if err := m.feed(tg.g.p, x, t); err != nil {
		return 0, nil, fmt.Errorf("gradients: %w", err)
	}
	if err := tg.r.run(); err != nil {
		return 0, nil, fmt.Errorf("gradients: %w", err)
	}
	vg := tg.r.grads()
	grads := make([][]float64, len(vg))
	for i, p := range vg {
		g, err := p.Grad()
		if err != nil {
			return 0, nil, fmt.Errorf("gradients: %w", err)
		}
		grads[i] = append([]float64(nil), g.Data().([]float64)...)
	}
	return scalar(tg.g.LossValue), grads, nil
}

// Fallbacks lists the graphs of a Gorgonia model that run on a TapeMachine
// because graph/exec cannot compile them, each with the reason; it is empty
// for every graph the builders make today, and nil for a model of another
// engine. A fallback gives the same numbers, only more slowly.
func Fallbacks(m Model) []string {
	if g := asGorgonia(m); g != nil {
		return append([]string(nil), g.fallbacks...)
	}
	return nil
}

// asGorgonia returns the Gorgonia model m is, or nil.
func asGorgonia(m Model) *gorgoniaModel {
	switch t := m.(type) {
	case *gorgoniaModel:
		return t
	case gorgoniaVAE:
		return t.gorgoniaModel
	default:
		return nil
	}
}
