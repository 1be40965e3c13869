package nets

import (
	"fmt"

	G "gorgonia.org/gorgonia"

	"github.com/aenets/aenets/graph"
)

// This file is the nets' forward pass: the place to edit to change an
// architecture. Every Gorgonia path (training, evaluation, decoding) calls
// these functions, on graphs whose parameters are bound to the same store;
// the hand-written engine (nets/backprop) mirrors them.

// net is the layers of an AE or a VAE on one graph.
type net struct {
	spec       Spec
	enc, dec   []*graph.Dense
	mu, logvar *graph.Dense // a VAE's heads; nil for an AE
}

// newNet adds the parameters of spec to g, bound to the store's tensors.
func newNet(g *G.ExprGraph, spec Spec, t tensors) (*net, error) {
	n := &net{spec: spec}
	dense := func(l Layer) (*graph.Dense, error) { return graph.NewDense(g, l.Name, t.w(l.Name), t.b(l.Name)) }
	for _, l := range spec.Encoder() {
		d, err := dense(l)
		if err != nil {
			return nil, err
		}
		n.enc = append(n.enc, d)
	}
	if heads := spec.Heads(); heads != nil {
		var err error
		if n.mu, err = dense(heads[0]); err != nil {
			return nil, err
		}
		if n.logvar, err = dense(heads[1]); err != nil {
			return nil, err
		}
	}
	for _, l := range spec.Decoder() {
		d, err := dense(l)
		if err != nil {
			return nil, err
		}
		n.dec = append(n.dec, d)
	}
	return n, nil
}

// params returns the parameter nodes in the store's order.
func (n *net) params() G.Nodes {
	var p G.Nodes
	for _, d := range n.enc {
		p = append(p, d.Params()...)
	}
	if n.mu != nil {
		p = append(p, n.mu.Params()...)
		p = append(p, n.logvar.Params()...)
	}
	for _, d := range n.dec {
		p = append(p, d.Params()...)
	}
	return p
}

// stack runs x through layers, each followed by its activation.
func stack(x *G.Node, ds []*graph.Dense, layers []Layer) (pre, out *G.Node, err error) {
	out = x
	for i, d := range ds {
		if pre, err = d.Forward(out); err != nil {
			return nil, nil, err
		}
		if out, err = layers[i].Act.Apply(pre); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", d.Name, err)
		}
	}
	return pre, out, nil
}

// encode maps a batch x (n×In) to its latent codes (n×Latent): an AE's
// code, or a VAE's μ, with logσ² beside it (nil for an AE).
func (n *net) encode(x *G.Node) (code, logvar *G.Node, err error) {
	_, h, err := stack(x, n.enc, n.spec.Encoder())
	if err != nil || n.mu == nil {
		return h, nil, err
	}
	if code, err = n.mu.Forward(h); err != nil {
		return nil, nil, err
	}
	raw, err := n.logvar.Forward(h)
	if err != nil {
		return nil, nil, err
	}
	logvar, err = graph.SoftClip(raw, LogVarClip)
	return code, logvar, err
}

// decode maps latent codes to the output layer's logits and its activation.
func (n *net) decode(z *G.Node) (logits, out *G.Node, err error) {
	return stack(z, n.dec, n.spec.Decoder())
}

// reconstruction is the spec's loss of the output against the target: for
// an AE the mean over every pixel of the batch, for a VAE the sum over a
// sample's pixels, averaged over the batch.
func (n *net) reconstruction(logits, out, target *G.Node) (*G.Node, error) {
	e, err := graph.Loss(n.spec.Loss).Elementwise(logits, out, target)
	if err != nil {
		return nil, err
	}
	if n.spec.IsVAE() {
		return graph.SumRowsMean(e)
	}
	return graph.MeanAll(e)
}

// kl is a VAE's KL(q(z|x) ‖ N(0, I)), summed over the latent dimensions and
// averaged over the batch.
func (n *net) kl(mu, logvar *G.Node) (*G.Node, error) {
	e, err := graph.KLDivergence(mu, logvar)
	if err != nil {
		return nil, err
	}
	return graph.SumRowsMean(e)
}
