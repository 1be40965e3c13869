package nets

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/internal/setting"
)

// Spec is a model definition: every part of a net named, nothing inferred.
// The builders (ae.go, vae.go) turn it into graphs and declare its
// parameters; weights files record it.
type Spec struct {
	Kind      string `json:"kind"`       // KindAE or KindVAE
	In        int    `json:"in"`         // width of the input, and of the output
	Encoder   []int  `json:"encoder"`    // hidden widths from the input to the code
	Latent    int    `json:"latent"`     // width of the latent code
	Decoder   []int  `json:"decoder"`    // hidden widths from the code to the output
	Act       string `json:"act"`        // activation of the hidden layers
	LatentAct string `json:"latent_act"` // activation of the code (identity for a VAE: its heads are linear)
	OutAct    string `json:"out_act"`    // activation of the output layer
	Loss      string `json:"loss"`       // reconstruction loss: bce or mse
	AEOptions
	VAEOptions
}

// The kinds of net.
const (
	// KindAE is the plain (and denoising) autoencoder: its reconstruction
	// loss is the mean over every pixel of the batch.
	KindAE = "ae"
	// KindVAE is the variational autoencoder: the encoder's last hidden
	// layer feeds two linear heads, μ and logσ² (soft-clipped to ±LogVarClip),
	// z = μ + σ⊙ε, and the loss is the reconstruction summed over pixels plus
	// β·KL(q(z|x) ‖ N(0, I)), both averaged over the batch.
	KindVAE = "vae"
)

// Kinds lists the kinds of net.
var Kinds = []string{KindAE, KindVAE}

// DefaultAE returns the course project's autoencoder for inputs of width d:
// d-17-2-17-d, sigmoid everywhere, binary cross-entropy.
func DefaultAE(d int) Spec {
	return Spec{Kind: KindAE, In: d, Encoder: []int{17}, Latent: 2, Decoder: []int{17},
		Act: "sigmoid", LatentAct: "sigmoid", OutAct: "sigmoid", Loss: "bce"}
}

// DefaultVAE returns the VAE for inputs of width d: d-300-200-100-latent and
// back, relu, sigmoid output, binary cross-entropy, β = 1.
func DefaultVAE(d, latent int) Spec {
	return Spec{Kind: KindVAE, In: d, Encoder: []int{300, 200, 100}, Latent: latent, Decoder: []int{100, 200, 300},
		Act: "relu", LatentAct: "identity", OutAct: "sigmoid", Loss: "bce", VAEOptions: VAEOptions{Beta: 1}}
}

// IsVAE reports whether s is a variational autoencoder.
func (s Spec) IsVAE() bool { return s.Kind == KindVAE }

// Reversed returns widths in the opposite order: the decoder that mirrors
// an encoder.
func Reversed(widths []int) []int {
	r := slices.Clone(widths)
	slices.Reverse(r)
	return r
}

// SplitLayers reads the shorthand of every width from input to output,
// e.g. 35,18,6,2,6,18,35: the middle width is the code, those before it the
// encoder, those after it the decoder. Anything else is ambiguous, and an
// error.
func SplitLayers(layers []int) (in int, encoder []int, latent int, decoder []int, err error) {
	n := len(layers)
	switch {
	case n < 3:
		return 0, nil, 0, nil, fmt.Errorf("layers %s: need at least 3 widths (input, code, output)", joinWidths(layers))
	case n%2 == 0:
		return 0, nil, 0, nil, fmt.Errorf("layers %s: %d widths have no middle one to be the code; give an odd number, or the encoder, latent and decoder widths apart", joinWidths(layers), n)
	case layers[0] != layers[n-1]:
		return 0, nil, 0, nil, fmt.Errorf("layers %s: the output width %d differs from the input width %d; an autoencoder reconstructs its input",
			joinWidths(layers), layers[n-1], layers[0])
	}
	mid := n / 2
	return layers[0], slices.Clone(layers[1:mid]), layers[mid], slices.Clone(layers[mid+1 : n-1]), nil
}

// Layers returns every width from input to output: In, the encoder, the
// code, the decoder, In.
func (s Spec) Layers() []int {
	l := append([]int{s.In}, s.Encoder...)
	l = append(l, s.Latent)
	l = append(l, s.Decoder...)
	return append(l, s.In)
}

// LayerString writes the widths as "35-17-2-17-35".
func (s Spec) LayerString() string { return joinWidths(s.Layers()) }

func joinWidths(w []int) string {
	p := make([]string, len(w))
	for i, v := range w {
		p[i] = strconv.Itoa(v)
	}
	return strings.Join(p, "-")
}

// Check reports the first thing wrong with s.
func (s Spec) Check() error {
	if !slices.Contains(Kinds, s.Kind) {
		return fmt.Errorf("unknown net kind %q (want %s)", s.Kind, strings.Join(Kinds, " or "))
	}
	if s.Latent <= 0 {
		return setting.New("latent", s.Latent, "a latent width > 0")
	}
	if s.In <= 0 {
		return fmt.Errorf("layers %s: input width %d, want > 0", s.LayerString(), s.In)
	}
	for _, w := range append(slices.Clone(s.Encoder), s.Decoder...) {
		if w <= 0 {
			return fmt.Errorf("layers %s: a hidden width of %d, want > 0", s.LayerString(), w)
		}
	}
	if err := s.checkSize(); err != nil {
		return err
	}
	if s.IsVAE() && s.LatentAct != string(graph.Identity) {
		return fmt.Errorf("a VAE's latent layer is its linear μ and logσ² heads: latent-act must be identity, not %s", s.LatentAct)
	}
	for _, a := range [][2]string{{"act", s.Act}, {"latent-act", s.LatentAct}, {"out-act", s.OutAct}} {
		if _, err := graph.ParseActivation(a[1]); err != nil {
			return setting.Wrap(a[0], err)
		}
	}
	loss, err := graph.ParseLoss(s.Loss)
	if err != nil {
		return setting.Wrap("loss", err)
	}
	if loss == graph.BCE && s.OutAct != string(graph.Sigmoid) {
		return fmt.Errorf("loss bce is computed on the logits of a sigmoid output: use out-act sigmoid, or loss mse with out-act %s", s.OutAct)
	}
	if err := s.AEOptions.check(s); err != nil {
		return err
	}
	return s.VAEOptions.check(s)
}

// CheckData reports whether samples of width d fit s.
func (s Spec) CheckData(d int) error {
	if s.In != d {
		return fmt.Errorf("layers %s take samples of %d values, but the data has %d", s.LayerString(), s.In, d)
	}
	return nil
}

// SameArchitecture reports how t differs from s in what weights depend on
// (kind, widths, activations, and the layout its builder declares, which
// options such as tied weights change); the loss and the objective's
// weights may differ.
func (s Spec) SameArchitecture(t Spec) error {
	switch {
	case s.Kind != t.Kind:
		return fmt.Errorf("net kind %s, want %s", t.Kind, s.Kind)
	case !slices.Equal(s.Layers(), t.Layers()):
		return fmt.Errorf("layers %s, want %s", t.LayerString(), s.LayerString())
	case len(s.Encoder) != len(t.Encoder):
		return fmt.Errorf("layers %s with the code at layer %d, want at layer %d", t.LayerString(), len(t.Encoder)+1, len(s.Encoder)+1)
	case s.Act != t.Act || s.LatentAct != t.LatentAct || s.OutAct != t.OutAct:
		return fmt.Errorf("activations %s/%s/%s (hidden/latent/output), want %s/%s/%s",
			t.Act, t.LatentAct, t.OutAct, s.Act, s.LatentAct, s.OutAct)
	}
	a, errA := Zeros(s)
	b, errB := Zeros(t)
	if errA != nil || errB != nil {
		return fmt.Errorf("no layout: %v", errors.Join(errA, errB))
	}
	if err := a.SameLayout(b); err != nil {
		return fmt.Errorf("another parameter layout: %w", err)
	}
	return nil
}

// WithLayers returns s with the widths of the shorthand layers (see
// SplitLayers): the middle width is the code.
func (s Spec) WithLayers(layers []int) (Spec, error) {
	in, enc, lat, dec, err := SplitLayers(layers)
	if err != nil {
		return s, err
	}
	s.In, s.Encoder, s.Latent, s.Decoder = in, enc, lat, dec
	return s, nil
}
