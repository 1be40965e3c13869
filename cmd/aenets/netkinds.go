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

// checkConfig is the settings gradcheck and compare share: the kind of
// net, its data and architecture, the seed, and the options of one kind
// only (the DAE's noise, the VAE's β), which the others refuse.
type checkConfig struct {
	netSettings
	dataSettings
	archSettings
	aeSettings
	vaeSettings
	seedSettings
	noiseSettings
	levelSettings
}

func (c *checkConfig) groups() []group {
	return []group{&c.netSettings, &c.dataSettings, &c.archSettings, forNets(&c.aeSettings, "ae", "dae"),
		forNets(&c.vaeSettings, "vae"), &c.seedSettings, forNets(&c.noiseSettings, "dae"), forNets(&c.levelSettings, "dae")}
}

// defaultCheck: `aenets dae`'s settings (which --net ae ignores the noise
// of); vaeDefaults gives --net vae `aenets vae`'s, but for its free bits:
// at random weights every dimension's KL lies under any useful floor, so
// the check is of the plain KL unless --free-bits is given.
func defaultCheck() checkConfig {
	d, v := defaultDAE(), defaultVAE()
	return checkConfig{netSettings: netSettings{Net: "ae"}, dataSettings: d.dataSettings, archSettings: d.archSettings,
		aeSettings: d.aeSettings, vaeSettings: vaeSettings{Beta: v.Beta}, seedSettings: d.seedSettings,
		noiseSettings: d.noiseSettings, levelSettings: d.levelSettings}
}

// netSettings is --net.
type netSettings struct{ Net string }

func (c *netSettings) options() options {
	var s []string
	for _, k := range netKinds {
		s = append(s, k.name)
	}
	return in(catArch, option{name: "net", ptr: &c.Net, usage: "the kind of net: " + strings.Join(s, ", ") + " (see the description)"})
}
func (c *netSettings) check(map[string]bool) error { return nil } // kind checks it, with the options given

// netKindsHelp describes the kinds of --net, for a command's description.
func netKindsHelp() string {
	s := "The kinds of net (--net):"
	for _, k := range netKinds {
		s += "\n  " + k.name + ": " + k.about
	}
	return s
}

// netsOnly is a group whose options apply to some kinds of --net only:
// given with another they are an error, and config.json leaves them out.
type netsOnly struct {
	group
	nets []string
}

func forNets(g group, kinds ...string) group { return netsOnly{g, kinds} }

func (g netsOnly) options() options {
	opts := g.group.options()
	for i := range opts {
		opts[i].nets = g.nets
		opts[i].usage = "--net " + strings.Join(g.nets, "/") + ": " + opts[i].usage
	}
	return opts
}

// forNet returns the options that apply to --net kind.
func (opts options) forNet(kind string) options {
	var out options
	for _, o := range opts {
		if o.nets == nil || slices.Contains(o.nets, kind) {
			out = append(out, o)
		}
	}
	return out
}

// A netKind is one kind of net that gradcheck and compare know. A new kind
// (the VAE) adds an entry to netKinds, its own settings to checkConfig
// (wrapped in forNets, so that the other kinds refuse them), and fills
// prepare and fdLoss if its loss is random (a VAE fixes ε on every
// model in prepare; its evaluation path decodes μ, so its finite differences
// need the training loss at that ε, e.g. from Gradients).
type netKind struct {
	name     string
	about    string
	specKind string // the nets kind of its Spec
	seeded   bool   // its inputs (or its model) draw from --seed
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
		specKind: nets.KindAE, seeded: true,
		spec: aeSpec, noise: noisyInputs},
	{name: "vae", about: "variational autoencoder (defaults as `aenets vae`: the emoji, 400-300-200-100-3, relu): ε drawn from --seed, the same on both engines",
		specKind: nets.KindVAE, seeded: true,
		defaults: vaeDefaults, spec: vaeSpec, noise: cleanInputs, prepare: vaeEpsilon,
		fdLoss: func(m nets.Model, x, t []float64, n int) (float64, error) {
			l, _, err := m.(nets.Differentiable).Gradients(x, t, n)
			return l, err
		},
		fdAbout: "Gorgonia's training loss at the same ε", fdMax: 20, fdStep: 1e-5},
}

func aeSpec(c *checkConfig, d int, given map[string]bool) (nets.Spec, error) {
	return c.spec(nets.KindAE, d, given, &c.aeSettings, nil)
}

func vaeSpec(c *checkConfig, d int, given map[string]bool) (nets.Spec, error) {
	return c.spec(nets.KindVAE, d, given, nil, &c.vaeSettings)
}

// vaeDefaults gives the settings `aenets vae` defaults to, where not given.
func vaeDefaults(c *checkConfig, given map[string]bool) {
	v := defaultVAE()
	set := func(name string, apply func()) {
		if !given[name] {
			apply()
		}
	}
	set("data", func() { c.Data = v.Data })
	set("hidden", func() { c.Hidden = v.Hidden })
	set("latent", func() { c.Latent = v.Latent })
	set("act", func() { c.Act = v.Act })
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

// kind returns the kind of --net, having checked that no option of
// another kind was given, and gives it its defaults.
func (c *checkConfig) kind(opts options, given map[string]bool) (netKind, error) {
	i := slices.IndexFunc(netKinds, func(k netKind) bool { return k.name == c.Net })
	if i < 0 {
		var names []string
		for _, k := range netKinds {
			names = append(names, k.name)
		}
		return netKind{}, fmt.Errorf("--net %q: want %s", c.Net, strings.Join(names, " or "))
	}
	for _, o := range opts {
		if given[o.name] && o.nets != nil && !slices.Contains(o.nets, c.Net) {
			return netKind{}, fmt.Errorf("--%s applies to --net %s only, not %s", o.name, strings.Join(o.nets, " or "), c.Net)
		}
	}
	if d := netKinds[i].defaults; d != nil {
		d(c, given)
	}
	return netKinds[i], nil
}

func cleanInputs(*checkConfig, int, map[string]bool) (*noise.Noise, error) { return nil, nil }

// noisyInputs is the training noise of --noise at --p (or --p-range).
func noisyInputs(c *checkConfig, d int, given map[string]bool) (*noise.Noise, error) {
	return trainingNoise(&c.noiseSettings, &c.levelSettings, d, given)
}

// inputName describes a net's inputs for the report: "clean", or the noise
// ("salt-pepper 0.1").
func inputName(noise *noise.Noise) string {
	if noise == nil {
		return "clean"
	}
	return noise.String()
}
