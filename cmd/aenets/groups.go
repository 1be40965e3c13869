package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/internal/setting"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/training"
)

// A group is the settings of one thing a command configures (its data, the
// architecture, the optimiser, the loop, the noise, the figures, the
// output): each setting declared once, as an option (name, default, help),
// and checked, through check, by the library type it configures. A command
// lists the groups it uses; --help shows their options under the group's
// heading.
type group interface {
	options() options
	// check reports settings that cannot work, before any data is read.
	check(given map[string]bool) error
}

// The headings of --help.
const (
	catData     = "data"
	catArch     = "architecture"
	catVAE      = "VAE"
	catOptim    = "optimiser"
	catLoop     = "loop"
	catNoise    = "noise"
	catPretrain = "pretraining"
	catEval     = "evaluation"
	catFigures  = "figures"
	catOutput   = "output"
)

// ownSettings is the settings that one command alone has, shown under
// its name.
type ownSettings struct {
	opts   options
	verify func() error // nil: nothing to check before the data is read
}

func commandSettings(command string, verify func() error, opts ...option) group {
	return ownSettings{in(command, opts...), verify}
}

func (g ownSettings) options() options { return g.opts }
func (g ownSettings) check(map[string]bool) error {
	if g.verify == nil {
		return nil
	}
	return g.verify()
}

// renamed gives a *setting.Error from a library the name of the option
// that set it, where the two differ.
func renamed(err error, from, to string) error {
	var e *setting.Error
	if errors.As(err, &e) && e.Name == from {
		return &setting.Error{Name: to, Value: e.Value, Want: e.Want}
	}
	return err
}

// in puts opts under the heading cat.
func in(cat string, opts ...option) options {
	for i := range opts {
		opts[i].category = cat
	}
	return opts
}

// dataSettings is --data.
type dataSettings struct{ Data string }

func (c *dataSettings) options() options {
	return in(catData, option{name: "data", ptr: &c.Data, usage: "a built-in set (" + strings.Join(data.BuiltinNames(), ", ") +
		"), a text file, a folder of PNGs, an IDX or .npy/.npz file (see the README)"})
}
func (c *dataSettings) check(map[string]bool) error { return nil }

// testSettings is --test-data, a held-out set scored at the end, and
// --test-every, how often it is scored while the net trains.
type testSettings struct {
	TestData  string
	TestEvery int
}

func (c *testSettings) options() options {
	return in(catData,
		option{name: "test-data", ptr: &c.TestData,
			usage: "held-out samples (as --data) scored at the end: loss and mean absolute pixel error in metrics.json"},
		option{name: "test-every", ptr: &c.TestEvery,
			usage: "also score --test-data's loss every this many epochs and at the last, for history.csv (test_loss) and loss.png; training is unchanged (0: only at the end)"},
	)
}

func (c *testSettings) check(map[string]bool) error {
	if c.TestEvery > 0 && c.TestData == "" {
		return fmt.Errorf("--test-every %d scores the --test-data set during training: give --test-data too", c.TestEvery)
	}
	return training.CheckTestEvery(c.TestEvery)
}

// load reads the held-out set, if any, and checks it fits spec (nil: none).
func (c *testSettings) load(spec nets.Spec) (*data.Dataset, error) {
	if c.TestData == "" {
		return nil, nil
	}
	ds, err := loadData(c.TestData)
	if err != nil {
		return nil, fmt.Errorf("--test-data: %w", err)
	}
	if err := spec.CheckData(ds.D); err != nil {
		return nil, fmt.Errorf("--test-data %s: %w", c.TestData, err)
	}
	return ds, nil
}

// archSettings is the architecture: widths, activations, loss.
type archSettings struct {
	Layers  intList
	Hidden  intList
	Latent  int
	Decoder intList
	Act     string
	OutAct  string
	Loss    string
}

func (c *archSettings) options() options {
	acts := joinActs()
	return in(catArch,
		option{name: "layers", ptr: &c.Layers, usage: "shorthand for every width, input to output, e.g. 35,18,6,2,6,18,35: the middle width is the latent code (an odd count)"},
		option{name: "hidden", ptr: &c.Hidden, usage: "encoder hidden widths, input side (e.g. 30,10)"},
		option{name: "latent", ptr: &c.Latent, usage: "latent width"},
		option{name: "decoder", ptr: &c.Decoder, usage: "decoder hidden widths, code side (default: --hidden reversed)"},
		option{name: "act", ptr: &c.Act, usage: "activation of the hidden layers: " + acts},
		option{name: "out-act", ptr: &c.OutAct, usage: "activation of the output layer: " + acts + " (bce needs sigmoid)"},
		option{name: "loss", ptr: &c.Loss, usage: "reconstruction loss: bce (binary cross-entropy on the logits) or mse"},
	)
}

// check: nets.Spec checks the architecture once the data's width is known.
func (c *archSettings) check(given map[string]bool) error {
	if len(c.Layers) > 0 && (given["hidden"] || given["latent"] || given["decoder"]) {
		return fmt.Errorf("--layers %s is a shorthand for --hidden, --latent and --decoder; give one or the other", c.Layers)
	}
	return nil
}

// spec resolves the architecture for samples of d values: --layers (the
// middle width is the code), or --hidden, --latent and --decoder (default:
// --hidden reversed); ae and vae, where not nil, are the AE's or the VAE's
// own settings.
func (c *archSettings) spec(kind string, d int, given map[string]bool, ae *aeSettings, vae *vaeSettings) (nets.Spec, error) {
	s := nets.Spec{Kind: kind, In: d, Encoder: c.Hidden, Latent: c.Latent, Decoder: c.Decoder,
		Act: c.Act, LatentAct: string(graph.Identity), OutAct: c.OutAct, Loss: c.Loss}
	if !given["decoder"] {
		s.Decoder = nets.Reversed(c.Hidden)
	}
	if len(c.Layers) > 0 {
		if err := c.check(given); err != nil {
			return s, err
		}
		var err error
		if s, err = s.WithLayers(c.Layers); err != nil {
			return s, fmt.Errorf("--layers: %w", err)
		}
	}
	if ae != nil {
		s.LatentAct, s.AEOptions = ae.LatentAct, nets.AEOptions{L1: ae.L1, Tied: ae.Tied}
	}
	if vae != nil {
		s.VAEOptions = nets.VAEOptions{Beta: vae.Beta, FreeBits: vae.FreeBits}
	}
	if err := s.Check(); err != nil {
		if len(c.Layers) > 0 {
			return s, fmt.Errorf("--layers %s: %w", c.Layers, err)
		}
		return s, err
	}
	return s, s.CheckData(d)
}

func joinActs() string {
	s := make([]string, len(graph.Activations))
	for i, a := range graph.Activations {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}

// aeSettings is what only an autoencoder's architecture has: the latent
// layer's activation (a VAE's heads are linear) and the AE's options.
type aeSettings struct {
	LatentAct string
	L1        float64
	Tied      bool
}

func (c *aeSettings) options() options {
	return in(catArch,
		option{name: "latent-act", ptr: &c.LatentAct, usage: "activation of the latent layer: " + joinActs()},
		option{name: "l1", ptr: &c.L1, usage: "weight of an L1 penalty on the latent code, mean |code| (0: none)"},
		option{name: "tied", ptr: &c.Tied, usage: "tie the decoder's weights to the encoder's, transposed (the decoder must mirror the encoder)"},
	)
}
func (c *aeSettings) check(map[string]bool) error { return nil } // nets.Spec checks them

// vaeSettings is the VAE's objective.
type vaeSettings struct {
	Beta     float64
	FreeBits float64
}

func (c *vaeSettings) options() options {
	return in(catVAE,
		option{name: "beta", ptr: &c.Beta, usage: "weight β of the KL term (0: an autoencoder with the VAE's architecture)"},
		option{name: "free-bits", ptr: &c.FreeBits, usage: "free bits λ per latent dimension, in nats: the objective's KL is Σ_i max(KL_i, λ) (0: the plain KL)"},
	)
}
func (c *vaeSettings) check(map[string]bool) error { return nil } // nets.Spec checks them
