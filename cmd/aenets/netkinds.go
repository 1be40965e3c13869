package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/training/noise"
)

// What gradcheck and compare share: the kinds of net they check, and how
// each kind gets its architecture, its inputs and its randomness.

// checkConfig is the settings gradcheck and compare share: the kind of net
// and everything `aenets dae` reads (architecture, seed, noise), of which
// each command offers the options it uses.
type checkConfig struct {
	daeConfig
	Net string
}

func defaultCheck() checkConfig {
	c := checkConfig{daeConfig: *defaultDAE(), Net: "ae"}
	c.LR = defaultAE().LR // compare trains both kinds at the AE's rate
	return c
}

// netOption is --net, with the kinds of netKinds.
func (c *checkConfig) netOption() option {
	var s []string
	for _, k := range netKinds {
		s = append(s, k.name+" ("+k.about+")")
	}
	return option{name: "net", ptr: &c.Net, usage: "the kind of net: " + strings.Join(s, "; ")}
}

// A netKind is one kind of net that gradcheck and compare know. A new kind
// (the VAE) adds an entry to netKinds, its options to both commands' tables
// (listing them in only, so that they are refused for the other kinds), and
// fills prepare and fdLoss if its loss is random (a VAE fixes ε on every
// model in prepare; its evaluation path decodes μ, so its finite differences
// need the training loss at that ε, e.g. from Gradients).
type netKind struct {
	name     string
	about    string
	specKind string // the nets kind of its Spec
	seeded   bool   // its inputs (or its model) draw from --seed
	// only names the options that this kind alone uses: given with another
	// --net they would do nothing, so they are an error.
	only []string
	// spec resolves the architecture from the settings.
	spec func(c *checkConfig, d int, given map[string]bool) (nets.Spec, error)
	// noise returns what corrupts the clean batches into the net's inputs
	// (nil: the inputs are the clean batches).
	noise func(c *checkConfig, d int, given map[string]bool) (*noise.Noise, error)
	// prepare, if not nil, gives the models, built for batches of n, the
	// same randomness: fixed (gradcheck: the same at every call), or the
	// same stream (compare: fresh at every step, alike on every engine).
	prepare func(c *checkConfig, n int, fixed bool, models ...nets.Model) error
	// fdLoss, if not nil, is the loss gradcheck's finite differences take,
	// on the Gorgonia engine, and fdAbout names it; nil: the model's Evaluate.
	fdLoss  func(m nets.Model, x, t []float64, n int) (float64, error)
	fdAbout string
	// defaults, if not nil, sets this kind's defaults of the options not given.
	defaults func(c *checkConfig, given map[string]bool)
	// fdMax is gradcheck's default --fd-max for this kind (0: every value),
	// fdStep its default --fd-step (0: defaultFDStep).
	fdMax  int
	fdStep float64
}

var netKinds = []netKind{
	{name: "ae", about: "autoencoder: the input is the clean batch", specKind: nets.KindAE,
		spec: aeSpec, noise: cleanInputs},
	{name: "dae", about: "denoising autoencoder: the input is the batch corrupted by --noise at --p, the target the clean batch",
		specKind: nets.KindAE, seeded: true, only: []string{"noise", "p", "p-range", "per-sample"},
		spec: aeSpec, noise: noisyInputs},
	{name: "vae", about: "variational autoencoder (defaults as `aenets vae`: the emoji, 400-300-200-100-3, relu): ε drawn from --seed, the same on both engines",
		specKind: nets.KindVAE, seeded: true, only: []string{"beta", "free-bits"},
		defaults: vaeDefaults, spec: vaeSpec, noise: cleanInputs, prepare: vaeEpsilon,
		fdLoss: func(m nets.Model, x, t []float64, n int) (float64, error) {
			l, _, err := m.(nets.Differentiable).Gradients(x, t, n)
			return l, err
		},
		fdAbout: "Gorgonia's training loss at the same ε", fdMax: 20, fdStep: 1e-5},
}

func aeSpec(c *checkConfig, d int, given map[string]bool) (nets.Spec, error) {
	return c.spec(d, given)
}

func vaeSpec(c *checkConfig, d int, given map[string]bool) (nets.Spec, error) {
	c.aeConfig.kind = nets.KindVAE
	return c.spec(d, given)
}

// vaeDefaults gives the settings `aenets vae` defaults to, where not given.
func vaeDefaults(c *checkConfig, given map[string]bool) {
	v := defaultVAE().aeConfig
	set := func(name string, apply func()) {
		if !given[name] {
			apply()
		}
	}
	set("data", func() { c.Data = v.Data })
	set("hidden", func() { c.Hidden = v.Hidden })
	set("latent", func() { c.Latent = v.Latent })
	set("act", func() { c.Act = v.Act })
	set("latent-act", func() { c.LatentAct = v.LatentAct })
	set("lr", func() { c.LR = v.LR })
}

// vaeEpsilon gives both models the same ε: fixed, drawn once (gradcheck),
// or the same stream (compare).
func vaeEpsilon(c *checkConfig, n int, fixed bool, models ...nets.Model) error {
	var eps []float64
	if fixed {
		r := rng.New(c.Seed, rng.Epsilon)
		eps = make([]float64, n*models[0].Spec().Latent)
		for i := range eps {
			eps[i] = r.NormFloat64()
		}
	}
	for _, m := range models {
		v, ok := m.(nets.VAE)
		if !ok {
			return fmt.Errorf("a %T is not a VAE", m)
		}
		if fixed {
			v.SetEpsilon(eps)
		} else {
			v.SetRand(rng.New(c.Seed, rng.Epsilon))
		}
	}
	return nil
}

// kind returns the kind of --net, having checked that no option of another
// kind was given.
func (c *checkConfig) kind(given map[string]bool) (netKind, error) {
	i := slices.IndexFunc(netKinds, func(k netKind) bool { return k.name == c.Net })
	if i < 0 {
		var names []string
		for _, k := range netKinds {
			names = append(names, k.name)
		}
		return netKind{}, fmt.Errorf("--net %q: want %s", c.Net, strings.Join(names, " or "))
	}
	for _, other := range netKinds {
		for _, o := range other.only {
			if given[o] && !slices.Contains(netKinds[i].only, o) {
				return netKind{}, fmt.Errorf("--%s applies to --net %s only, not %s", o, other.name, c.Net)
			}
		}
	}
	if d := netKinds[i].defaults; d != nil {
		d(c, given)
	}
	return netKinds[i], nil
}

// othersOnly names the options of the kinds other than k: what config.json
// leaves out, so that a rerun with --config does not give them.
func othersOnly(k netKind) []string {
	var out []string
	for _, other := range netKinds {
		for _, o := range other.only {
			if !slices.Contains(k.only, o) {
				out = append(out, o)
			}
		}
	}
	return out
}

func cleanInputs(*checkConfig, int, map[string]bool) (*noise.Noise, error) { return nil, nil }

// noisyInputs is the training noise of --noise at --p (or --p-range).
func noisyInputs(c *checkConfig, d int, given map[string]bool) (*noise.Noise, error) {
	m, err := noise.ParseModel(c.Noise)
	if err != nil {
		return nil, fmt.Errorf("--noise: %w", err)
	}
	return c.trainingNoise(m, d, given)
}

// inputName describes a net's inputs for the report: "clean", or the noise
// ("salt-pepper 0.1").
func inputName(noise *noise.Noise) string {
	if noise == nil {
		return "clean"
	}
	return noise.String()
}

// markKinds prefixes the usage of every kind's own options with the
// --net they apply to.
func (opts options) markKinds() options {
	out := slices.Clone(opts)
	for _, k := range netKinds {
		for i := range out {
			if slices.Contains(k.only, out[i].name) {
				out[i].usage = "--net " + k.name + ": " + out[i].usage
			}
		}
	}
	return out
}

// withUsage returns opts with the usage of option name replaced.
func (opts options) withUsage(name, usage string) options {
	out := slices.Clone(opts)
	for i := range out {
		if out[i].name == name {
			out[i].usage = usage
		}
	}
	return out
}
