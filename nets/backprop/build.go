package backprop

import (
	"fmt"

	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/nets"
)

// This file is what the engine implements, and Build, which refuses the
// rest and binds a model's layers to the parameter store in the layout the
// builders (nets/ae.go, nets/vae.go) declare.

// Implemented is what the hand-written engine implements: every other
// feature of a nets.Spec (an activation, a loss, an option added to the
// builders) is refused by Build, by name, before any training.
var Implemented = nets.Implements{
	"kind":       {nets.KindAE, nets.KindVAE},
	"act":        activations,
	"latent_act": activations,
	"out_act":    activations,
	"loss":       {string(graph.BCE), string(graph.MSE)},
	"beta":       nil,
	"free_bits":  nil,
}

// activations are the activations ops.go implements.
var activations = []string{string(graph.Sigmoid), string(graph.Tanh), string(graph.ReLU), string(graph.Identity), string(graph.Softplus)}

// Supports reports, in one line, why the engine refuses spec (nil if it
// does not).
func Supports(spec nets.Spec) error { return Implemented.Refuse("backprop", spec) }

// Build puts spec, an AE or a VAE, on the hand-written engine, bound to
// params (which must have spec's layout), with an Adam optimiser. A spec
// with a feature the engine does not implement is refused. The model it
// returns is a nets.Differentiable, and a nets.VAE for a VAE spec. Buffers
// for the batch sizes given are allocated now; others the first time they
// are used. A model is not safe for concurrent use.
func Build(spec nets.Spec, params *nets.Params, opt nets.Adam, batches ...int) (nets.Model, error) {
	if err := spec.Check(); err != nil {
		return nil, err
	}
	if err := Supports(spec); err != nil {
		return nil, err
	}
	if err := nets.CheckBuild(spec, params, opt); err != nil {
		return nil, err
	}
	for _, n := range batches {
		if err := spec.CheckSize(n); err != nil {
			return nil, err
		}
	}
	m := &model{spec: spec, params: params, loss: graph.Loss(spec.Loss), buffers: map[int]*buffers{}}
	// The layers as the builders declare them (nets/ae.go, nets/vae.go), in
	// the store's order: encoder, heads (a VAE's), decoder.
	var enc, heads, dec []layer
	act := graph.Activation(spec.Act)
	in := spec.In
	for i, w := range spec.Encoder {
		enc = append(enc, layer{graph.Name("enc", i), in, w, act})
		in = w
	}
	if spec.IsVAE() {
		heads = []layer{{graph.Name("vae", "mu"), in, spec.Latent, graph.Identity}, {graph.Name("vae", "logvar"), in, spec.Latent, graph.Identity}}
	} else {
		enc = append(enc, layer{graph.Name("enc", len(spec.Encoder)), in, spec.Latent, graph.Activation(spec.LatentAct)})
	}
	in = spec.Latent
	for i, w := range spec.Decoder {
		dec = append(dec, layer{graph.Name("dec", i), in, w, act})
		in = w
	}
	dec = append(dec, layer{graph.Name("dec", len(spec.Decoder)), in, spec.In, graph.Activation(spec.OutAct)})
	// nets.CheckBuild checked params against the builders' layout: the
	// engine's own must be the same.
	var sizes []int
	add := func(l layer) (*dense, error) {
		d, err := newDense(l, params, len(m.weights))
		if err != nil {
			return nil, fmt.Errorf("the backprop engine does not implement this architecture: %w; use --engine gorgonia", err)
		}
		m.weights = append(m.weights, d.w, d.b)
		m.grads = append(m.grads, d.dw, d.db)
		sizes = append(sizes, len(d.w), len(d.b))
		return d, nil
	}
	for _, part := range [][]layer{enc, heads, dec} {
		for _, l := range part {
			d, err := add(l)
			if err != nil {
				return nil, err
			}
			switch {
			case len(heads) > 0 && l.name == heads[0].name:
				m.mu = d
			case len(heads) > 0 && l.name == heads[1].name:
				m.logvar = d
			default:
				m.layers = append(m.layers, d)
			}
		}
	}
	m.latent = len(enc)
	if len(m.weights) != len(params.All()) {
		return nil, fmt.Errorf("the backprop engine does not implement this architecture: %d parameter arrays where the builder declares %d; use --engine gorgonia",
			len(m.weights), len(params.All()))
	}
	m.adam = newAdam(opt.WithDefaults(), sizes)
	for _, n := range batches {
		if _, err := m.buffersFor(n); err != nil {
			return nil, err
		}
	}
	if spec.IsVAE() {
		m.vae = nets.NewVAEState(spec)
		return vaeModel{m, m.vae}, nil
	}
	return m, nil
}
