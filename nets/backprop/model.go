package backprop

import (
	"fmt"

	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/nets"
)

// Build puts spec on the hand-written engine, bound to params (which must
// have spec's layout), with an Adam optimiser. The model it returns is also
// a nets.Differentiable. Buffers for the batch sizes given are allocated
// now; others the first time they are used. A model is not safe for
// concurrent use.
func Build(spec nets.Spec, params *nets.Params, opt nets.Adam, batches ...int) (nets.Model, error) {
	if err := spec.Check(); err != nil {
		return nil, err
	}
	if err := opt.Check(); err != nil {
		return nil, err
	}
	if err := nets.Zeros(spec).SameLayout(params); err != nil {
		return nil, fmt.Errorf("weights do not fit %s: %w", spec.LayerString(), err)
	}
	m := &model{spec: spec, params: params, loss: graph.Loss(spec.Loss),
		latent: len(spec.Encoder()), buffers: map[int]*buffers{}}
	var sizes []int
	for _, l := range append(spec.Encoder(), spec.Decoder()...) {
		d := newDense(l, params)
		m.layers = append(m.layers, d)
		m.weights = append(m.weights, d.w, d.b)
		m.grads = append(m.grads, d.dw, d.db)
		sizes = append(sizes, len(d.w), len(d.b))
	}
	m.adam = newAdam(opt.WithDefaults(), sizes)
	for _, n := range batches {
		if _, err := m.buffersFor(n); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// model is an autoencoder on the hand-written engine.
type model struct {
	spec    nets.Spec
	params  *nets.Params
	loss    graph.Loss
	layers  []*dense    // the encoder's layers, then the decoder's
	latent  int         // number of encoder layers: layers[latent-1] outputs the code
	weights [][]float64 // the parameter arrays, in the order of params.All()
	grads   [][]float64 // their gradients, in the same order
	adam    *adam
	buffers map[int]*buffers
}

// buffers holds, for one batch size n, every layer's pre-activations z,
// activations y and gradient d (at y, then turned in place into the
// gradient at z), each n×Out.
type buffers struct {
	n       int
	z, y, d [][]float64
}

func (m *model) buffersFor(n int) (*buffers, error) {
	if b, ok := m.buffers[n]; ok {
		return b, nil
	}
	if n <= 0 {
		return nil, fmt.Errorf("batch of %d samples, want > 0", n)
	}
	b := &buffers{n: n}
	for _, l := range m.layers {
		b.z = append(b.z, make([]float64, n*l.Out))
		b.y = append(b.y, make([]float64, n*l.Out))
		b.d = append(b.d, make([]float64, n*l.Out))
	}
	m.buffers[n] = b
	return b, nil
}

// forward runs the layers from layers[from] on, feeding x to the first.
func (m *model) forward(b *buffers, x []float64, from int) {
	for i := from; i < len(m.layers); i++ {
		m.layers[i].forward(x, b.z[i], b.y[i], b.n)
		x = b.y[i]
	}
}

// backward fills every layer's gradients from a forward pass of x against
// the targets t, from the loss down to the first layer.
func (m *model) backward(b *buffers, x, t []float64) {
	last := len(m.layers) - 1
	lossBackward(m.loss, b.y[last], t, b.d[last])
	for i := last; i >= 0; i-- {
		l := m.layers[i]
		if i < last || m.loss != graph.BCE { // BCE's gradient is at the logits already
			activateBackward(l.Act, b.z[i], b.y[i], b.d[i])
		}
		in, dx := x, []float64(nil)
		if i > 0 {
			in, dx = b.y[i-1], b.d[i-1]
		}
		l.backward(in, b.d[i], dx, b.n)
	}
}

// batch checks the sizes of a batch and returns its buffers.
func (m *model) batch(n int, what string, x []float64, width int) (*buffers, error) {
	b, err := m.buffersFor(n)
	if err != nil {
		return nil, err
	}
	if len(x) != n*width {
		return nil, fmt.Errorf("%d values of %s, want %d (%d×%d)", len(x), what, n*width, n, width)
	}
	return b, nil
}

// pass runs the net forward on x and returns its loss against t.
func (m *model) pass(x, t []float64, n int) (*buffers, float64, error) {
	b, err := m.batch(n, "inputs", x, m.spec.In())
	if err != nil {
		return nil, 0, err
	}
	if len(t) != len(x) {
		return nil, 0, fmt.Errorf("%d values of targets, want %d (%d×%d)", len(t), len(x), n, m.spec.In())
	}
	m.forward(b, x, 0)
	last := len(m.layers) - 1
	return b, meanLoss(m.loss, b.z[last], b.y[last], t), nil
}

// Spec is the architecture the model was built from.
func (m *model) Spec() nets.Spec { return m.spec }

// Params is the parameter store the model reads and updates in place.
func (m *model) Params() *nets.Params { return m.params }

// LearnRate is Adam's current learning rate.
func (m *model) LearnRate() float64 { return m.adam.lr }

// SetLearnRate changes Adam's learning rate, keeping its moments and step count.
func (m *model) SetLearnRate(lr float64) { m.adam.lr = lr }

// TrainStep runs the net forward on a batch of n inputs x, back against the
// targets t, and takes one Adam step; it returns the loss before the step.
// It allocates nothing once the batch size has been seen.
func (m *model) TrainStep(x, t []float64, n int) (float64, error) {
	b, loss, err := m.pass(x, t, n)
	if err != nil {
		return 0, fmt.Errorf("train step: %w", err)
	}
	m.backward(b, x, t)
	m.adam.step(m.weights, m.grads)
	return loss, nil
}

// Gradients returns the loss of a batch and a copy of every parameter's
// gradient, in the order of Params().All(), without stepping.
func (m *model) Gradients(x, t []float64, n int) (float64, [][]float64, error) {
	b, loss, err := m.pass(x, t, n)
	if err != nil {
		return 0, nil, fmt.Errorf("gradients: %w", err)
	}
	m.backward(b, x, t)
	grads := make([][]float64, len(m.grads))
	for i, g := range m.grads {
		grads[i] = append([]float64(nil), g...)
	}
	return loss, grads, nil
}

// Evaluate returns the loss of the batch x against t and fills out (n×In)
// with the reconstructions and z (n×Latent) with the latent codes (the
// latent layer's activations), where they are not nil.
func (m *model) Evaluate(x, t []float64, n int, out, z []float64) (float64, error) {
	b, loss, err := m.pass(x, t, n)
	if err != nil {
		return 0, fmt.Errorf("evaluate: %w", err)
	}
	if err := checkRoom(out, n*m.spec.In(), "reconstructions"); err != nil {
		return 0, err
	}
	if err := checkRoom(z, n*m.spec.Latent(), "latent codes"); err != nil {
		return 0, err
	}
	copy(out, b.y[len(m.layers)-1])
	copy(z, b.y[m.latent-1])
	return loss, nil
}

// Decode fills out (n×In) with the decodings of the n latent codes z.
func (m *model) Decode(z []float64, n int, out []float64) error {
	b, err := m.batch(n, "codes", z, m.spec.Latent())
	if err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	if err := checkRoom(out, n*m.spec.In(), "decodings"); err != nil {
		return err
	}
	m.forward(b, z, m.latent)
	copy(out, b.y[len(m.layers)-1])
	return nil
}

// checkRoom reports a destination that is neither nil nor of length want.
func checkRoom(dst []float64, want int, what string) error {
	if dst != nil && len(dst) != want {
		return fmt.Errorf("%d values for %s, want room for %d", len(dst), what, want)
	}
	return nil
}
