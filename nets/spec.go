package nets

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aenets/aenets/graph"
)

// Spec describes an architecture: enough to build it, to check that a
// weights file fits it, and to name its parameters.
type Spec struct {
	Kind      string  `json:"kind"`           // "ae" or "vae"
	Layers    []int   `json:"layers"`         // every width, input to output, e.g. 35,17,2,17,35
	Act       string  `json:"act"`            // activation of the hidden layers
	LatentAct string  `json:"latent_act"`     // activation of the latent layer (identity for a VAE: its heads are linear)
	OutAct    string  `json:"out_act"`        // activation of the output layer
	Loss      string  `json:"loss"`           // reconstruction loss: bce or mse
	Beta      float64 `json:"beta,omitempty"` // VAE: weight of the KL term
}

// The kinds of net.
const (
	// KindAE is the plain (and denoising) autoencoder: its loss is the mean
	// over every pixel of the batch.
	KindAE = "ae"
	// KindVAE is the variational autoencoder: the encoder's last hidden
	// layer feeds two linear heads, μ and logσ² (soft-clipped to ±LogVarClip),
	// z = μ + σ⊙ε, and the loss is the reconstruction summed over pixels plus
	// β·KL(q(z|x) ‖ N(0, I)), both averaged over the batch.
	KindVAE = "vae"
)

// LogVarClip bounds the VAE's log-variance head: logσ² = c·tanh(h/c).
const LogVarClip = 10

// DefaultVAE returns the VAE for inputs of width d: d-300-200-100-latent,
// relu, sigmoid output, binary cross-entropy, β = 1.
func DefaultVAE(d, latent int) Spec {
	return Spec{Kind: KindVAE, Layers: Mirror(d, []int{300, 200, 100}, latent),
		Act: "relu", LatentAct: "identity", OutAct: "sigmoid", Loss: "bce", Beta: 1}
}

// IsVAE reports whether s is a variational autoencoder.
func (s Spec) IsVAE() bool { return s.Kind == KindVAE }

// KLWeight is β, the weight of the VAE's KL term (β = 0 trains a plain
// autoencoder with the VAE's architecture).
func (s Spec) KLWeight() float64 { return s.Beta }

// DefaultAE returns the course project's autoencoder for inputs of width d:
// d-17-2-17-d, sigmoid everywhere, binary cross-entropy.
func DefaultAE(d int) Spec {
	return Spec{Kind: KindAE, Layers: []int{d, 17, 2, 17, d},
		Act: "sigmoid", LatentAct: "sigmoid", OutAct: "sigmoid", Loss: "bce"}
}

// Mirror returns the layer list in → hidden… → latent → …hidden reversed → in.
func Mirror(in int, hidden []int, latent int) []int {
	l := append([]int{in}, hidden...)
	l = append(l, latent)
	for i := len(hidden) - 1; i >= 0; i-- {
		l = append(l, hidden[i])
	}
	return append(l, in)
}

// ParseInts reads a comma-separated list of integers such as "35,17,2,17,35".
func ParseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		v, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not a whole number", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// Check reports the first thing wrong with s.
func (s Spec) Check() error {
	if s.Kind != KindAE && s.Kind != KindVAE {
		return fmt.Errorf("unknown net kind %q (want %q or %q)", s.Kind, KindAE, KindVAE)
	}
	if s.IsVAE() && s.LatentAct != string(graph.Identity) {
		return fmt.Errorf("a VAE's latent layer is its linear μ and logσ² heads: latent-act must be identity, not %s", s.LatentAct)
	}
	if s.Beta < 0 || s.Beta != s.Beta {
		return fmt.Errorf("beta %v, want ≥ 0", s.Beta)
	}
	if len(s.Layers) < 3 {
		return fmt.Errorf("layers %s: need at least 3 (input, latent, output)", s.LayerString())
	}
	for i, w := range s.Layers {
		if w <= 0 {
			return fmt.Errorf("layers %s: layer %d has width %d, want > 0", s.LayerString(), i+1, w)
		}
	}
	if s.Layers[0] != s.Layers[len(s.Layers)-1] {
		return fmt.Errorf("layers %s: the output width %d differs from the input width %d; an autoencoder reconstructs its input",
			s.LayerString(), s.Layers[len(s.Layers)-1], s.Layers[0])
	}
	for _, a := range []string{s.Act, s.LatentAct, s.OutAct} {
		if _, err := graph.ParseActivation(a); err != nil {
			return err
		}
	}
	loss, err := graph.ParseLoss(s.Loss)
	if err != nil {
		return err
	}
	if loss == graph.BCE && s.OutAct != string(graph.Sigmoid) {
		return fmt.Errorf("loss bce is computed on the logits of a sigmoid output: use out-act sigmoid, or loss mse with out-act %s", s.OutAct)
	}
	return nil
}

// CheckData reports whether samples of width d fit s.
func (s Spec) CheckData(d int) error {
	if s.Layers[0] != d {
		return fmt.Errorf("layers %s take samples of %d values, but the data has %d", s.LayerString(), s.Layers[0], d)
	}
	return nil
}

// In is the width of the input (and of the output).
func (s Spec) In() int { return s.Layers[0] }

// LatentIndex is the index in Layers of the latent layer: the narrowest layer
// strictly between input and output (the first one, if several are as narrow).
func (s Spec) LatentIndex() int {
	best := 1
	for i := 2; i < len(s.Layers)-1; i++ {
		if s.Layers[i] < s.Layers[best] {
			best = i
		}
	}
	return best
}

// Latent is the width of the latent layer.
func (s Spec) Latent() int { return s.Layers[s.LatentIndex()] }

// LayerString writes the widths as "35-17-2-17-35".
func (s Spec) LayerString() string {
	p := make([]string, len(s.Layers))
	for i, w := range s.Layers {
		p[i] = strconv.Itoa(w)
	}
	return strings.Join(p, "-")
}

// Layer is one Dense layer of a Spec.
type Layer struct {
	Name    string // "enc/0", "dec/1", …: its parameters are Name+"/w" and Name+"/b"
	In, Out int
	Act     graph.Activation // applied to its output
}

// Encoder returns the layers from the input to the latent code, in order.
// A VAE's encoder stops at its last hidden layer: Heads map it to μ and logσ².
func (s Spec) Encoder() []Layer {
	enc := s.layers()[:s.LatentIndex()]
	if s.IsVAE() {
		return enc[:len(enc)-1]
	}
	return enc
}

// Heads returns a VAE's two linear heads, "vae/mu" and "vae/logvar", from
// the last hidden layer to the latent width; an AE has none.
func (s Spec) Heads() []Layer {
	if !s.IsVAE() {
		return nil
	}
	l := s.layers()[s.LatentIndex()-1]
	return []Layer{
		{Name: graph.Name("vae", "mu"), In: l.In, Out: l.Out, Act: graph.Identity},
		{Name: graph.Name("vae", "logvar"), In: l.In, Out: l.Out, Act: graph.Identity},
	}
}

// Decoder returns the layers from the latent code to the output, in order.
func (s Spec) Decoder() []Layer { return s.layers()[s.LatentIndex():] }

// DenseLayers returns every Dense layer in the order of the parameter store:
// encoder, heads, decoder.
func (s Spec) DenseLayers() []Layer {
	return append(append(s.Encoder(), s.Heads()...), s.Decoder()...)
}

func (s Spec) layers() []Layer {
	lat, last := s.LatentIndex(), len(s.Layers)-1
	var out []Layer
	for i := 0; i < last; i++ {
		l := Layer{In: s.Layers[i], Out: s.Layers[i+1], Act: graph.Activation(s.Act)}
		if i < lat {
			l.Name = graph.Name("enc", i)
		} else {
			l.Name = graph.Name("dec", i-lat)
		}
		switch i + 1 {
		case lat:
			l.Act = graph.Activation(s.LatentAct)
		case last:
			l.Act = graph.Activation(s.OutAct)
		}
		out = append(out, l)
	}
	return out
}

// SameArchitecture reports how t differs from s in what weights depend on
// (kind, widths, activations); the loss and β may differ.
func (s Spec) SameArchitecture(t Spec) error {
	switch {
	case s.Kind != t.Kind:
		return fmt.Errorf("net kind %s, want %s", t.Kind, s.Kind)
	case !slices.Equal(s.Layers, t.Layers):
		return fmt.Errorf("layers %s, want %s", t.LayerString(), s.LayerString())
	case s.Act != t.Act || s.LatentAct != t.LatentAct || s.OutAct != t.OutAct:
		return fmt.Errorf("activations %s/%s/%s (hidden/latent/output), want %s/%s/%s",
			t.Act, t.LatentAct, t.OutAct, s.Act, s.LatentAct, s.OutAct)
	}
	return nil
}
