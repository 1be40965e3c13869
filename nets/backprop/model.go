package backprop

import (
	"fmt"

	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/nets"
)

// model is an autoencoder or a variational autoencoder on the hand-written
// engine.
type model struct {
	spec       nets.Spec
	params     *nets.Params
	loss       graph.Loss
	layers     []*dense         // the encoder's layers, then the decoder's
	latent     int              // number of encoder layers: the decoder starts at layers[latent]
	mu, logvar *dense           // a VAE's heads (nil for an AE), on the encoder's output
	vae        *nets.VAEState   // a VAE's β and ε (nil for an AE)
	terms      []nets.TermValue // of the last Evaluate
	passTerms  []nets.TermValue // of its last pass
	weights    [][]float64      // the parameter arrays, in the order of params.All()
	grads      [][]float64      // their gradients, in the same order
	adam       *adam
	buffers    map[int]*buffers
}

// vaeModel is a model of a VAE, with its state's methods.
type vaeModel struct {
	*model
	*nets.VAEState
}

func (m *model) isVAE() bool { return m.mu != nil }

// buffers holds, for one batch size n, every layer's pre-activations z,
// activations y and gradient d (at y, then turned in place into the
// gradient at z), each n×Out, and a VAE's latent buffers.
type buffers struct {
	n       int
	z, y, d [][]float64
	vae     *latentBuffers // nil for an AE
}

// latentBuffers holds a VAE's values between its encoder and its decoder,
// each n×latent but dh (n×the heads' input width), and their gradients.
type latentBuffers struct {
	mu, raw     []float64 // the heads' outputs
	t, logvar   []float64 // tanh(raw/c), and logσ² = c·t
	eps         []float64 // ε of the step
	sigma, v, z []float64 // σ = e^(logσ²/2), σ² = e^logσ², z = μ + σ⊙ε
	c           []float64 // the KL's terms ½(μ² + σ² − 1 − logσ²)
	under, dk   []float64 // (latent values each) λ − KL_i with free bits, else nil; the gradient at each dimension's KL terms
	dz          []float64 // the gradient at z, from the decoder
	dmu, draw   []float64 // the gradients at μ and at logσ², then (in place) at raw
	dh          []float64 // the μ head's gradient at its input, added to the logσ² head's
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
		b.z = append(b.z, make([]float64, n*l.out))
		b.y = append(b.y, make([]float64, n*l.out))
		b.d = append(b.d, make([]float64, n*l.out))
	}
	if m.isVAE() {
		k := n * m.spec.Latent
		f := func() []float64 { return make([]float64, k) }
		b.vae = &latentBuffers{mu: f(), raw: f(), t: f(), logvar: f(), eps: f(), sigma: f(), v: f(), z: f(), c: f(),
			dk: make([]float64, m.spec.Latent), dz: f(), dmu: f(), draw: f(), dh: make([]float64, n*m.mu.in)}
		if m.spec.FreeBits > 0 {
			b.vae.under = make([]float64, m.spec.Latent)
		}
	}
	m.buffers[n] = b
	return b, nil
}

// run runs layers[from:to] on x and returns the last one's activations (x
// itself if there is none).
func (m *model) run(b *buffers, x []float64, from, to int) []float64 {
	for i := from; i < to; i++ {
		m.layers[i].forward(x, b.z[i], b.y[i], b.n)
		x = b.y[i]
	}
	return x
}

// forward runs the whole net on x: the encoder, a VAE's heads and its z (a
// sample μ + σ⊙ε from b.vae.eps if sample is set, μ otherwise), the
// decoder.
func (m *model) forward(b *buffers, x []float64, sample bool) {
	code := m.encode(b, x)
	if m.isVAE() && sample {
		v := b.vae
		reparameterize(v.mu, v.logvar, v.eps, v.sigma, v.z)
		code = v.z
	}
	m.run(b, code, m.latent, len(m.layers))
}

// encode runs the encoder on x and, for a VAE, its heads, and returns the
// code the decoder reads when evaluating: the encoder's output, or μ.
func (m *model) encode(b *buffers, x []float64) []float64 {
	code := m.run(b, x, 0, m.latent)
	if m.isVAE() {
		v := b.vae
		// The heads are linear: their pre-activations are their outputs.
		m.mu.forward(code, v.mu, v.mu, b.n)
		m.logvar.forward(code, v.raw, v.raw, b.n)
		softClip(v.raw, v.t, v.logvar)
		code = v.mu
	}
	return code
}

// lossOf returns the loss of the forward pass in b against the targets t:
// an AE's mean over every element, or a VAE's recon + β·KL (+ β·slack with
// free bits) with its terms.
func (m *model) lossOf(b *buffers, t []float64) (loss, recon, kl, slack float64) {
	last := len(m.layers) - 1
	if !m.isVAE() {
		return meanLoss(m.loss, b.z[last], b.y[last], t), 0, 0, 0
	}
	v, beta := b.vae, m.vae.Beta()
	recon = rowsMeanLoss(m.loss, b.z[last], b.y[last], t, b.n)
	kl = klDivergence(v.mu, v.logvar, v.v, v.c, b.n)
	loss = recon + float64(beta*kl)
	if v.under != nil {
		slack = freeBits(v.c, b.n, m.spec.FreeBits, v.under)
		loss += float64(beta * slack)
	}
	return loss, recon, kl, slack
}

// inputOf returns the input of layers[i] in the forward pass of x, and
// where its gradient goes (nil for the net's input, which needs none).
func (m *model) inputOf(b *buffers, i int, x []float64) (in, dx []float64) {
	switch {
	case m.isVAE() && i == m.latent:
		return b.vae.z, b.vae.dz
	case i == 0:
		return x, nil
	}
	return b.y[i-1], b.d[i-1]
}

// backward fills every layer's gradients from a (sampled) forward pass of x
// against the targets t, from the loss down to the first layer.
func (m *model) backward(b *buffers, x, t []float64) {
	last := len(m.layers) - 1
	r := 1 / float64(len(t)) // an AE's loss is a mean over every element
	if m.isVAE() {
		r = 1 / float64(b.n) // a VAE's sums each sample's, then averages over the samples
	}
	lossBackward(m.loss, b.y[last], t, b.d[last], r)
	for i := last; i >= 0; i-- {
		l := m.layers[i]
		if i < last || m.loss != graph.BCE { // BCE's gradient is at the logits already
			activateBackward(l.act, b.z[i], b.y[i], b.d[i])
		}
		in, dx := m.inputOf(b, i, x)
		l.backward(in, b.d[i], dx, b.n)
		if m.isVAE() && i == m.latent {
			m.headsBackward(b, x)
		}
	}
}

// headsBackward takes the gradient at z (b.vae.dz) back through the
// reparameterisation, the KL term and the soft clip to the heads, fills
// their gradients, and writes the gradient at their input into the
// encoder's last layer's (when there is one: otherwise the input is x).
func (m *model) headsBackward(b *buffers, x []float64) {
	v := b.vae
	klGradients(m.vae.Beta(), b.n, v.under, v.dk)
	klBackward(v.mu, v.v, v.dk, v.dmu, v.draw)
	reparameterizeBackward(v.eps, v.sigma, v.dz, v.dmu, v.draw)
	softClipBackward(v.t, v.draw)
	if m.latent == 0 {
		m.logvar.backward(x, v.draw, nil, b.n)
		m.mu.backward(x, v.dmu, nil, b.n)
		return
	}
	h, dh := b.y[m.latent-1], b.d[m.latent-1]
	m.logvar.backward(h, v.draw, dh, b.n)
	m.mu.backward(h, v.dmu, v.dh, b.n)
	for i, g := range v.dh {
		dh[i] += g
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

// pass checks the sizes of a batch and runs the net forward on its inputs
// x. A training pass (sample set) of a VAE first fills ε, once the sizes are
// checked: a call refused for its sizes draws nothing. (The Gorgonia engine
// draws ε before it checks the sizes, so such a call advances its stream
// and the two engines' streams part.)
func (m *model) pass(x, t []float64, n int, sample bool) (*buffers, error) {
	b, err := m.batch(n, "inputs", x, m.spec.In)
	if err != nil {
		return nil, err
	}
	if len(t) != len(x) {
		return nil, fmt.Errorf("%d values of targets, want %d (%d×%d)", len(t), len(x), n, m.spec.In)
	}
	if sample && m.isVAE() {
		if err := m.vae.FillEpsilon(b.vae.eps); err != nil {
			return nil, err
		}
	}
	m.forward(b, x, sample)
	return b, nil
}

// Terms returns the terms of the last Evaluate's loss.
func (m *model) Terms() []nets.TermValue { return m.terms }

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
	b, err := m.pass(x, t, n, true)
	if err != nil {
		return 0, fmt.Errorf("train step: %w", err)
	}
	loss, _, _, _ := m.lossOf(b, t)
	m.backward(b, x, t)
	m.adam.step(m.weights, m.grads)
	return loss, nil
}

// Gradients returns the loss of a batch and a copy of every parameter's
// gradient, in the order of Params().All(), without stepping.
func (m *model) Gradients(x, t []float64, n int) (float64, [][]float64, error) {
	b, err := m.pass(x, t, n, true)
	if err != nil {
		return 0, nil, fmt.Errorf("gradients: %w", err)
	}
	loss, _, _, _ := m.lossOf(b, t)
	m.backward(b, x, t)
	grads := make([][]float64, len(m.grads))
	for i, g := range m.grads {
		grads[i] = append([]float64(nil), g...)
	}
	return loss, grads, nil
}

// Evaluate returns the loss of the batch x against t and fills out (n×In)
// with the reconstructions and z (n×Latent) with the latent codes (the
// latent layer's activations, a VAE's μ), where they are not nil. A VAE
// decodes μ, draws no ε, and keeps the loss's terms for Terms.
// Above nets.EvalChunk samples it evaluates in chunks (nets.EvaluateChunks).
func (m *model) Evaluate(x, t []float64, n int, out, z []float64) (float64, error) {
	loss, terms, err := nets.EvaluateChunks(x, t, n, m.spec.In, m.spec.Latent, out, z, m.terms, m.evaluate)
	m.terms = terms
	return loss, err
}

// evaluate is one pass of Evaluate, over at most nets.EvalChunk samples.
func (m *model) evaluate(x, t []float64, n int, out, z []float64) (float64, []nets.TermValue, error) {
	b, err := m.pass(x, t, n, false)
	if err != nil {
		return 0, nil, fmt.Errorf("evaluate: %w", err)
	}
	loss, recon, kl, slack := m.lossOf(b, t)
	if m.isVAE() {
		m.passTerms = append(m.passTerms[:0], nets.TermValue{Name: "recon", Value: recon, Weight: 1},
			nets.TermValue{Name: "kl", Value: kl, Weight: m.vae.Beta()})
		if b.vae.under != nil {
			m.passTerms = append(m.passTerms, nets.TermValue{Name: "free_bits", Value: slack, Weight: m.vae.Beta()})
		}
	} else {
		m.passTerms = append(m.passTerms[:0], nets.TermValue{Name: "recon", Value: loss, Weight: 1})
	}
	if err := checkRoom(out, n*m.spec.In, "reconstructions"); err != nil {
		return 0, nil, err
	}
	if err := checkRoom(z, n*m.spec.Latent, "latent codes"); err != nil {
		return 0, nil, err
	}
	if m.isVAE() {
		copy(z, b.vae.mu)
	} else {
		copy(z, b.y[m.latent-1])
	}
	copy(out, b.y[len(m.layers)-1])
	return loss, m.passTerms, nil
}

// Decode fills out (n×In) with the decodings of the n latent codes z.
func (m *model) Decode(z []float64, n int, out []float64) error {
	b, err := m.batch(n, "codes", z, m.spec.Latent)
	if err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	if err := checkRoom(out, n*m.spec.In, "decodings"); err != nil {
		return err
	}
	copy(out, m.run(b, z, m.latent, len(m.layers)))
	return nil
}

// checkRoom reports a destination that is neither nil nor of length want.
func checkRoom(dst []float64, want int, what string) error {
	if dst != nil && len(dst) != want {
		return fmt.Errorf("%d values for %s, want room for %d", len(dst), what, want)
	}
	return nil
}

// PreActivations runs the net forward on a batch of n inputs x, as Evaluate
// does (a VAE decodes μ and draws no ε), and returns every Dense layer's
// pre-activations in the order of the parameter store: encoder, a VAE's
// heads, decoder. The values are the model's own forward buffers, valid
// until its next call: only the list is allocated once the batch size has
// been seen.
func (m *model) PreActivations(x []float64, n int) ([]nets.LayerValues, error) {
	b, err := m.batch(n, "inputs", x, m.spec.In)
	if err != nil {
		return nil, fmt.Errorf("pre-activations: %w", err)
	}
	m.forward(b, x, false)
	out := make([]nets.LayerValues, 0, len(m.layers)+2)
	add := func(l *dense, z []float64) {
		out = append(out, nets.LayerValues{Name: l.name, Act: l.act, Z: z})
	}
	for i, l := range m.layers {
		if i == m.latent && m.isVAE() {
			add(m.mu, b.vae.mu)
			add(m.logvar, b.vae.raw)
		}
		add(l, b.z[i])
	}
	return out, nil
}
