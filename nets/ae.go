package nets

import (
	"fmt"
	"slices"

	G "gorgonia.org/gorgonia"

	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/internal/setting"
)

// This file is the autoencoder's builder: its forward pass (encoder, code,
// decoder) and its objective, on a graph.Scope that declares each
// parameter where it is used. The VAE (vae.go) reuses its hidden layers and
// its decoder.

// AEOptions are the options of the plain (and denoising) autoencoder.
type AEOptions struct {
	// L1 weighs a penalty on the code, mean |code| over the batch's
	// codes: the objective's "l1" term (0: none).
	L1 float64 `json:"l1,omitempty"`
	// Tied makes each decoder layer use the transposed weights of the
	// encoder layer it mirrors (its own bias stays): dec/i/w is not a
	// parameter. The decoder's widths must mirror the encoder's.
	Tied bool `json:"tied,omitempty"`
}

func (o AEOptions) check(s Spec) error {
	switch {
	case !(o.L1 >= 0):
		return setting.New("l1", o.L1, "≥ 0")
	case s.IsVAE() && (o.L1 != 0 || o.Tied):
		return fmt.Errorf("l1 and tied are options of the plain autoencoder, not of a VAE")
	case o.Tied && !slices.Equal(s.Decoder, Reversed(s.Encoder)):
		return fmt.Errorf("tied weights: the decoder %v must mirror the encoder %v", s.Decoder, s.Encoder)
	}
	return nil
}

// buildAE adds the autoencoder: x → hidden layers → code (enc/k) →
// decoder → reconstruction, and its objective.
func (s Spec) buildAE(sc *graph.Scope, p *pass) {
	h := s.hidden(sc, p.x)
	p.code = sc.Activate(graph.Activation(s.LatentAct), sc.In("enc", len(s.Encoder)).Dense(h, s.Latent))
	logits, out := s.decode(sc, p.code)
	p.out = out
	p.terms = s.aeObjective(sc, p, logits)
}

// aeObjective is the autoencoder's objective: the reconstruction, the mean
// over every pixel of the batch of the loss of each, and the options'
// penalties.
func (s Spec) aeObjective(sc *graph.Scope, p *pass, logits *G.Node) []Term {
	recon := sc.MeanAll(sc.Elementwise(graph.Loss(s.Loss), logits, p.out, p.t))
	terms := []Term{{Name: "recon", Value: recon}}
	if s.L1 > 0 {
		abs := sc.Op(func() (*G.Node, error) { return G.Abs(p.code) })
		terms = append(terms, Term{Name: "l1", Value: sc.MeanAll(abs), Weight: G.NewConstant(s.L1, G.WithName("l1"))})
	}
	return terms
}

// decode maps codes z through the decoder's layers, dec/0 … dec/k, to the
// output layer's logits and its activation.
func (s Spec) decode(sc *graph.Scope, z *G.Node) (logits, out *G.Node) {
	h := z
	for i, w := range s.Decoder {
		h = sc.Activate(graph.Activation(s.Act), s.decoderLayer(sc, i, h, w))
	}
	logits = s.decoderLayer(sc, len(s.Decoder), h, s.In)
	return logits, sc.Activate(graph.Activation(s.OutAct), logits)
}

// decoderLayer is dec/i: a Dense layer of its own, or with Tied the
// transposed weights of the encoder layer it mirrors and a bias of its own.
func (s Spec) decoderLayer(sc *graph.Scope, i int, h *G.Node, out int) *G.Node {
	d := sc.In("dec", i)
	if !s.Tied {
		return d.Dense(h, out)
	}
	enc := sc.Use(graph.Name("enc", len(s.Encoder)-i, "w"))
	w := d.Op(func() (*G.Node, error) { return G.Transpose(enc) })
	b := d.Param("b", graph.InitZeros, []int{out}, 1, out)
	return d.Affine(h, w, b)
}
