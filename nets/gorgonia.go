package nets

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/aenets/aenets/graph"
)

// tensors views the parameter store as Gorgonia tensors sharing its arrays.
type tensors map[string]*tensor.Dense

func newTensors(p *Params) tensors {
	t := tensors{}
	for _, q := range p.All() {
		t[q.Name] = tensor.New(tensor.WithShape(q.Shape...), tensor.WithBacking(q.Data))
	}
	return t
}

func (t tensors) w(layer string) *tensor.Dense { return t[graph.Name(layer, "w")] }
func (t tensors) b(layer string) *tensor.Dense { return t[graph.Name(layer, "b")] }

// gorgoniaModel is a Model on Gorgonia graphs. One Adam solver steps every
// training graph (one per batch size), all bound to the same tensors.
type gorgoniaModel struct {
	spec    Spec
	params  *Params
	tensors tensors
	solver  *G.AdamSolver
	lr      float64
	train   map[int]*trainGraph
	eval    map[int]*evalGraph
	dec     map[int]*decodeGraph
	vae     vaeState
}

// input is a graph input of fixed shape whose values are copied in before a run.
type input struct {
	node *G.Node
	data []float64
}

func newInput(g *G.ExprGraph, name string, n, d int) input {
	data := make([]float64, n*d)
	t := tensor.New(tensor.WithShape(n, d), tensor.WithBacking(data))
	return input{G.NewMatrix(g, G.Float64, G.WithShape(n, d), G.WithName(name), G.WithValue(t)), data}
}

// feed is the values of one input for one run.
type feed struct {
	in     input
	values []float64
	what   string
}

// run copies the values into the inputs and runs the machine once. The
// caller resets the machine once it has read the results.
func run(vm G.VM, feeds ...feed) error {
	for _, f := range feeds {
		if len(f.values) != len(f.in.data) {
			return fmt.Errorf("%d values of %s, want %d (%v)", len(f.values), f.what, len(f.in.data), f.in.node.Shape())
		}
		copy(f.in.data, f.values)
	}
	return vm.RunAll()
}

// trainGraph computes the loss of one batch size and its gradients.
type trainGraph struct {
	x, t   input
	eps    *input  // a VAE's ε
	beta   *G.Node // a VAE's β
	loss   G.Value
	vm     G.VM
	params []G.ValueGrad
}

// evalGraph computes reconstructions, latent codes (a VAE's μ) and the
// loss, without gradients.
type evalGraph struct {
	x, t         input
	beta         *G.Node
	loss, z, out G.Value
	recon, kl    G.Value // a VAE's loss terms
	vm           G.VM
}

// decodeGraph maps latent codes to outputs.
type decodeGraph struct {
	z   input
	out G.Value
	vm  G.VM
}

func newGorgonia(spec Spec, params *Params, opt Adam, batches []int) (*gorgoniaModel, error) {
	m := &gorgoniaModel{
		spec: spec, params: params, tensors: newTensors(params),
		solver: G.NewAdamSolver(G.WithLearnRate(opt.LR), G.WithBeta1(opt.Beta1),
			G.WithBeta2(opt.Beta2), G.WithEps(opt.Eps)),
		lr:    opt.LR,
		train: map[int]*trainGraph{}, eval: map[int]*evalGraph{}, dec: map[int]*decodeGraph{},
		vae: newVAEState(spec),
	}
	for _, n := range batches {
		if _, err := m.trainGraph(n); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *gorgoniaModel) Spec() Spec         { return m.spec }
func (m *gorgoniaModel) Params() *Params    { return m.params }
func (m *gorgoniaModel) LearnRate() float64 { return m.lr }
func (m *gorgoniaModel) SetLearnRate(lr float64) {
	m.lr = lr
	G.WithLearnRate(lr)(m.solver)
}

// pass is the net's forward pass on a graph of its own, for batches of n:
// inputs, latent code, output and loss.
type pass struct {
	g            *G.ExprGraph
	net          *net
	x, t         input
	eps          *input  // a VAE's ε, when the pass samples z
	beta         *G.Node // a VAE's β
	z, out, loss *G.Node // z: the code, or a VAE's μ
	recon, kl    *G.Node // a VAE's loss terms
}

// newPass builds a forward pass; call it under graph.Lock. A VAE's pass
// samples z = μ + σ⊙ε when sample is set (training), and decodes μ otherwise.
func (m *gorgoniaModel) newPass(n int, sample bool) (*pass, error) {
	if n <= 0 {
		return nil, fmt.Errorf("batch of %d samples", n)
	}
	p := &pass{g: G.NewGraph()}
	var err error
	if p.net, err = newNet(p.g, m.spec, m.tensors); err != nil {
		return nil, err
	}
	d := m.spec.In()
	p.x, p.t = newInput(p.g, "x", n, d), newInput(p.g, "target", n, d)
	code, logvar, err := p.net.encode(p.x.node)
	if err != nil {
		return nil, err
	}
	p.z = code
	if m.spec.IsVAE() && sample {
		eps := newInput(p.g, "eps", n, m.spec.Latent())
		p.eps = &eps
		if code, err = graph.Reparameterize(p.z, logvar, eps.node); err != nil {
			return nil, err
		}
	}
	logits, out, err := p.net.decode(code)
	if err != nil {
		return nil, err
	}
	p.out = out
	if p.recon, err = p.net.reconstruction(logits, out, p.t.node); err != nil {
		return nil, err
	}
	if !m.spec.IsVAE() {
		p.loss = p.recon
		return p, nil
	}
	if p.kl, err = p.net.kl(p.z, logvar); err != nil {
		return nil, err
	}
	p.beta = G.NewScalar(p.g, G.Float64, G.WithName("beta"), G.WithValue(m.vae.beta))
	bkl, err := G.Mul(p.beta, p.kl)
	if err != nil {
		return nil, err
	}
	p.loss, err = G.Add(p.recon, bkl)
	return p, err
}

func (m *gorgoniaModel) trainGraph(n int) (*trainGraph, error) {
	if tg, ok := m.train[n]; ok {
		return tg, nil
	}
	tg := &trainGraph{}
	err := graph.Lock(func() error {
		p, err := m.newPass(n, true)
		if err != nil {
			return err
		}
		tg.x, tg.t, tg.eps, tg.beta = p.x, p.t, p.eps, p.beta
		G.Read(p.loss, &tg.loss)
		params := p.net.params()
		if _, err := G.Grad(p.loss, params...); err != nil {
			return fmt.Errorf("gradients: %w", err)
		}
		tg.vm = G.NewTapeMachine(p.g, G.BindDualValues(params...))
		tg.params = G.NodesToValueGrads(params)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("training graph for batches of %d: %w", n, err)
	}
	m.train[n] = tg
	return tg, nil
}

func (m *gorgoniaModel) evalGraph(n int) (*evalGraph, error) {
	if eg, ok := m.eval[n]; ok {
		return eg, nil
	}
	eg := &evalGraph{}
	err := graph.Lock(func() error {
		p, err := m.newPass(n, false)
		if err != nil {
			return err
		}
		eg.x, eg.t, eg.beta = p.x, p.t, p.beta
		G.Read(p.loss, &eg.loss)
		G.Read(p.z, &eg.z)
		G.Read(p.out, &eg.out)
		if p.kl != nil {
			G.Read(p.recon, &eg.recon)
			G.Read(p.kl, &eg.kl)
		}
		eg.vm = G.NewTapeMachine(p.g)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("evaluation graph for batches of %d: %w", n, err)
	}
	m.eval[n] = eg
	return eg, nil
}

func (m *gorgoniaModel) decodeGraph(n int) (*decodeGraph, error) {
	if dg, ok := m.dec[n]; ok {
		return dg, nil
	}
	if n <= 0 {
		return nil, fmt.Errorf("batch of %d codes", n)
	}
	dg := &decodeGraph{}
	err := graph.Lock(func() error {
		g := G.NewGraph()
		net, err := newNet(g, m.spec, m.tensors)
		if err != nil {
			return err
		}
		dg.z = newInput(g, "z", n, m.spec.Latent())
		_, out, err := net.decode(dg.z.node)
		if err != nil {
			return err
		}
		G.Read(out, &dg.out)
		dg.vm = G.NewTapeMachine(g)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("decoding graph for batches of %d: %w", n, err)
	}
	m.dec[n] = dg
	return dg, nil
}

func (m *gorgoniaModel) TrainStep(x, t []float64, n int) (float64, error) {
	tg, err := m.trainGraph(n)
	if err != nil {
		return 0, err
	}
	defer tg.vm.Reset()
	if err := m.vae.prepare(tg.eps, tg.beta); err != nil {
		return 0, fmt.Errorf("train step: %w", err)
	}
	if err := run(tg.vm, feed{tg.x, x, "inputs"}, feed{tg.t, t, "targets"}); err != nil {
		return 0, fmt.Errorf("train step: %w", err)
	}
	loss := scalar(tg.loss)
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
	if err := m.vae.prepare(nil, eg.beta); err != nil {
		return 0, fmt.Errorf("evaluate: %w", err)
	}
	if err := run(eg.vm, feed{eg.x, x, "inputs"}, feed{eg.t, t, "targets"}); err != nil {
		return 0, fmt.Errorf("evaluate: %w", err)
	}
	if eg.kl != nil {
		m.vae.recon, m.vae.kl = scalar(eg.recon), scalar(eg.kl)
	}
	if err := copyOut(out, eg.out, "reconstructions"); err != nil {
		return 0, err
	}
	if err := copyOut(z, eg.z, "latent codes"); err != nil {
		return 0, err
	}
	return scalar(eg.loss), nil
}

func (m *gorgoniaModel) Decode(z []float64, n int, out []float64) error {
	dg, err := m.decodeGraph(n)
	if err != nil {
		return err
	}
	defer dg.vm.Reset()
	if err := run(dg.vm, feed{dg.z, z, "codes"}); err != nil {
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
	if err := m.vae.prepare(tg.eps, tg.beta); err != nil {
		return 0, nil, fmt.Errorf("gradients: %w", err)
	}
	if err := run(tg.vm, feed{tg.x, x, "inputs"}, feed{tg.t, t, "targets"}); err != nil {
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
	return scalar(tg.loss), grads, nil
}
