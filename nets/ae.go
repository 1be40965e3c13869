package nets

import (
	"fmt"

	G "gorgonia.org/gorgonia"

	"github.com/aenets/aenets/graph"
)

// This file is the autoencoder's forward pass: the place to edit to change
// the architecture. Every engine path (training, evaluation, decoding) calls
// these two functions, on graphs whose parameters are bound to the same store.

// aeNet is the autoencoder's layers on one graph.
type aeNet struct {
	enc, dec []*graph.Dense
	spec     Spec
}

// newAENet adds the parameters of spec to g, bound to the store's tensors.
func newAENet(g *G.ExprGraph, spec Spec, t tensors) (*aeNet, error) {
	n := &aeNet{spec: spec}
	for _, l := range spec.Encoder() {
		d, err := graph.NewDense(g, l.Name, t.w(l.Name), t.b(l.Name))
		if err != nil {
			return nil, err
		}
		n.enc = append(n.enc, d)
	}
	for _, l := range spec.Decoder() {
		d, err := graph.NewDense(g, l.Name, t.w(l.Name), t.b(l.Name))
		if err != nil {
			return nil, err
		}
		n.dec = append(n.dec, d)
	}
	return n, nil
}

// params returns the parameter nodes in the store's order.
func (n *aeNet) params() G.Nodes {
	var p G.Nodes
	for _, d := range append(append([]*graph.Dense{}, n.enc...), n.dec...) {
		p = append(p, d.Params()...)
	}
	return p
}

// encode maps a batch x (n×In) to its latent codes (n×Latent).
func (n *aeNet) encode(x *G.Node) (*G.Node, error) {
	layers := n.spec.Encoder()
	for i, d := range n.enc {
		z, err := d.Forward(x)
		if err != nil {
			return nil, err
		}
		if x, err = layers[i].Act.Apply(z); err != nil {
			return nil, fmt.Errorf("%s: %w", d.Name, err)
		}
	}
	return x, nil
}

// decode maps latent codes to the output layer's logits and its activation.
func (n *aeNet) decode(z *G.Node) (logits, out *G.Node, err error) {
	layers := n.spec.Decoder()
	for i, d := range n.dec {
		if logits, err = d.Forward(z); err != nil {
			return nil, nil, err
		}
		if z, err = layers[i].Act.Apply(logits); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", d.Name, err)
		}
	}
	return logits, z, nil
}

// loss is the mean over every pixel of the batch of the spec's loss.
func (n *aeNet) loss(logits, out, target *G.Node) (*G.Node, error) {
	e, err := graph.Loss(n.spec.Loss).Elementwise(logits, out, target)
	if err != nil {
		return nil, err
	}
	return graph.MeanAll(e)
}
