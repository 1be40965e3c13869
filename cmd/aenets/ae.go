package main

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/backprop"
	"github.com/aenets/aenets/results"
	"github.com/aenets/aenets/training"
	"github.com/aenets/aenets/training/noise"
)

// aeConfig is every setting of `aenets ae`. Its zero value is not used:
// defaultAE gives the defaults, the one place they are written.
type aeConfig struct {
	Data        string
	Layers      intList
	Hidden      intList
	Latent      int
	Decoder     intList
	L1          float64
	Tied        bool
	Act         string
	LatentAct   string
	OutAct      string
	Loss        string
	LR          float64
	Beta1       float64
	Beta2       float64
	AdamEps     float64
	Schedule    string
	Epochs      int
	Batch       int
	Patience    int
	MinDelta    float64
	Goal        int
	Seed        uint64
	InitWeights string
	Interpolate string
	Steps       int
	Grid        int
	Engine      string
	Out         string
	Quiet       bool

	// Set by the commands that build other kinds of net (not flags of ae).
	kind     string  // nets.KindAE (the zero value) or nets.KindVAE
	Beta     float64 // VAE: weight of the KL term
	KLWarmup int     // VAE: epochs of linear KL warm-up
	FreeBits float64 // VAE: free bits per latent dimension, in nats
	KLCycles int     // VAE: cycles of cyclical KL warm-up
	KLRamp   float64 // VAE: fraction of each cycle over which β climbs
}

// defaultAE is the course project's setup: 35-17-2-17-35, sigmoid, BCE,
// Adam at 0.009 with the adaptive schedule, full batch, up to 10,000 epochs,
// stopping once every glyph is reconstructed without a wrong pixel.
func defaultAE() *aeConfig {
	return &aeConfig{
		Data: "font", Hidden: intList{17}, Latent: 2,
		Act: "sigmoid", LatentAct: "sigmoid", OutAct: "sigmoid", Loss: "bce",
		LR: 0.009, Beta1: 0.9, Beta2: 0.999, AdamEps: 1e-8,
		Schedule: "adaptive", Epochs: 10000, Batch: 0, Patience: 0, MinDelta: 0, Goal: 0, Seed: 1,
		Steps: 10, Grid: 15, Engine: "gorgonia",
	}
}

func (c *aeConfig) options() options {
	acts := joinActs()
	return options{
		{name: "data", ptr: &c.Data, usage: "training data: a built-in set (" + strings.Join(data.BuiltinNames(), ", ") + "), a text file (ID LABEL v1…vN, or ID LABEL + 7 hex bytes per 5x7 glyph) or a folder of PNGs"},
		{name: "layers", ptr: &c.Layers, usage: "shorthand for every width, input to output, e.g. 35,18,6,2,6,18,35: the middle width is the latent code (an odd count)"},
		{name: "hidden", ptr: &c.Hidden, usage: "encoder hidden widths, input side (e.g. 30,10)"},
		{name: "latent", ptr: &c.Latent, usage: "latent width"},
		{name: "decoder", ptr: &c.Decoder, usage: "decoder hidden widths, code side (default: --hidden reversed)"},
		{name: "act", ptr: &c.Act, usage: "activation of the hidden layers: " + acts},
		{name: "latent-act", ptr: &c.LatentAct, usage: "activation of the latent layer: " + acts},
		{name: "out-act", ptr: &c.OutAct, usage: "activation of the output layer: " + acts + " (bce needs sigmoid)"},
		{name: "l1", ptr: &c.L1, usage: "weight of an L1 penalty on the latent code, mean |code| (0: none)"},
		{name: "tied", ptr: &c.Tied, usage: "tie the decoder's weights to the encoder's, transposed (the decoder must mirror the encoder)"},
		{name: "loss", ptr: &c.Loss, usage: "reconstruction loss, mean over pixels: bce (binary cross-entropy on the logits) or mse"},
		{name: "lr", ptr: &c.LR, usage: "Adam's initial learning rate"},
		{name: "beta1", ptr: &c.Beta1, usage: "Adam's first-moment decay"},
		{name: "beta2", ptr: &c.Beta2, usage: "Adam's second-moment decay"},
		{name: "adam-eps", ptr: &c.AdamEps, usage: "Adam's epsilon (added to the root of the second moment)"},
		{name: "schedule", ptr: &c.Schedule, usage: "learning-rate schedule: fixed | adaptive (×up after up-after new-best epochs in a row, ×down after down-after epochs without one; defaults up=1.1,up-after=400,down=0.5,down-after=500,cap=10 (× initial rate),floor=1e-6) | step (every=1000,gamma=0.5) | exp (gamma=0.9995,floor=1e-6); override settings as name:key=value,…, e.g. adaptive:down-after=300"},
		{name: "epochs", ptr: &c.Epochs, usage: "most epochs to train"},
		{name: "batch", ptr: &c.Batch, usage: "samples per step: 0 = full batch, 1 = online; minibatches are drawn in a seeded random order every epoch"},
		{name: "patience", ptr: &c.Patience, usage: "early stopping: stop after this many epochs without a loss lower by more than --min-delta and keep the best weights (0 = off)"},
		{name: "min-delta", ptr: &c.MinDelta, usage: "the loss improvement that resets --patience"},
		{name: "goal", ptr: &c.Goal, usage: "stop once no sample has more than this many wrong pixels (-1 = never)"},
		{name: "seed", ptr: &c.Seed, usage: "seed of every random draw (weights, shuffling): the same seed gives the same numbers"},
		{name: "init-weights", ptr: &c.InitWeights, usage: "start from this weights.npz (of the same architecture) instead of random weights"},
		{name: "interpolate", ptr: &c.Interpolate, usage: "two sample labels to walk between in interpolation.png, e.g. a,o (empty: the two codes furthest apart)"},
		{name: "steps", ptr: &c.Steps, usage: "decodings along the interpolation, ends included"},
		{name: "grid", ptr: &c.Grid, usage: "generated.png decodes a grid of this many × this many latent points"},
		{name: "engine", ptr: &c.Engine, usage: "what computes the net: gorgonia (expression graphs, symbolic gradients, Gorgonia's Adam) or backprop (the same net with backprop and Adam written by hand; same numbers, faster)"},
		{name: "out", ptr: &c.Out, transient: true, usage: "run folder (default " + results.RunsDir + "/ae-<date>-<time>)"},
		{name: "quiet", ptr: &c.Quiet, transient: true, usage: "print nothing but errors"},
	}
}

func joinActs() string {
	s := make([]string, len(graph.Activations))
	for i, a := range graph.Activations {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}

// aeCommand is `aenets ae`.
func aeCommand(env *env) *cli.Command {
	cfg := defaultAE()
	opts := cfg.options()
	return newCommand("ae", "train an autoencoder (default: the 32 glyphs of the 5x7 font through a 2-D latent space)",
		"Trains, then writes a run folder: config.json (rerun it with --config), metrics.json, weights.npz,\n"+
			"loss.png, latent.png, reconstructions.png, errors.png, generated.png, interpolation.png.",
		opts, func(given map[string]bool) error {
			return runAE(env, cfg, opts, given)
		})
}

// spec resolves the architecture: --layers (the middle width is the code),
// or --hidden, --latent and --decoder (default: --hidden reversed).
func (c *aeConfig) spec(d int, given map[string]bool) (nets.Spec, error) {
	s := nets.Spec{Kind: nets.KindAE, In: d, Encoder: c.Hidden, Latent: c.Latent, Decoder: c.Decoder,
		Act: c.Act, LatentAct: c.LatentAct, OutAct: c.OutAct, Loss: c.Loss,
		AEOptions: nets.AEOptions{L1: c.L1, Tied: c.Tied}}
	if !given["decoder"] {
		s.Decoder = nets.Reversed(c.Hidden)
	}
	if len(c.Layers) > 0 {
		if given["hidden"] || given["latent"] || given["decoder"] {
			return s, fmt.Errorf("--layers %s is a shorthand for --hidden, --latent and --decoder; give one or the other", c.Layers)
		}
		var err error
		if s, err = s.WithLayers(c.Layers); err != nil {
			return s, fmt.Errorf("--layers: %w", err)
		}
	}
	if c.kind == nets.KindVAE {
		s.Kind, s.LatentAct, s.Beta, s.FreeBits = nets.KindVAE, "identity", c.Beta, c.FreeBits
	}
	if err := s.Check(); err != nil {
		return s, err
	}
	return s, s.CheckData(d)
}

// Check reports settings that cannot work, before any data is read.
func (c *aeConfig) Check() error {
	switch {
	case c.Epochs <= 0:
		return fmt.Errorf("--epochs %d: want > 0", c.Epochs)
	case c.Batch < 0:
		return fmt.Errorf("--batch %d: want ≥ 0 (0 = full batch)", c.Batch)
	case c.Patience < 0:
		return fmt.Errorf("--patience %d: want ≥ 0 (0 = off)", c.Patience)
	case c.MinDelta < 0 || math.IsNaN(c.MinDelta):
		return fmt.Errorf("--min-delta %v: want ≥ 0", c.MinDelta)
	case c.Latent <= 0 && len(c.Layers) == 0:
		return fmt.Errorf("--latent %d: want > 0", c.Latent)
	case c.Steps < 2:
		return fmt.Errorf("--steps %d: want ≥ 2", c.Steps)
	case c.Grid < 2 || c.Grid > 60:
		return fmt.Errorf("--grid %d: want 2 to 60", c.Grid)
	}
	if _, err := engineBuilder(c.Engine); err != nil {
		return err
	}
	if err := checkAdam(c.LR, c.Beta1, c.Beta2, c.AdamEps); err != nil {
		return err
	}
	if _, err := training.ParseSchedule(c.Schedule); err != nil {
		return fmt.Errorf("--schedule: %w", err)
	}
	if c.Interpolate != "" {
		if _, _, ok := strings.Cut(c.Interpolate, ","); !ok {
			return fmt.Errorf("--interpolate %q: want two labels separated by a comma, e.g. a,o", c.Interpolate)
		}
	}
	return nil
}

// checkAdam rejects optimiser settings given as 0, which nets.Adam would
// otherwise read as "use the default".
func checkAdam(lr, beta1, beta2, eps float64) error {
	switch {
	case !(lr > 0) || math.IsInf(lr, 0):
		return fmt.Errorf("--lr %v: want a learning rate > 0", lr)
	case !(beta1 > 0 && beta1 < 1):
		return fmt.Errorf("--beta1 %v: want in (0,1)", beta1)
	case !(beta2 > 0 && beta2 < 1):
		return fmt.Errorf("--beta2 %v: want in (0,1)", beta2)
	case !(eps > 0) || math.IsInf(eps, 0):
		return fmt.Errorf("--adam-eps %v: want > 0", eps)
	}
	return nil
}

func (c *aeConfig) adam() nets.Adam {
	return nets.Adam{LR: c.LR, Beta1: c.Beta1, Beta2: c.Beta2, Eps: c.AdamEps}
}

// trainer is what a training command has read and built before training:
// the data, the architecture and the starting weights.
type trainer struct {
	cfg     *aeConfig
	ds      *data.Dataset
	spec    nets.Spec
	init    *nets.Params // random from --seed, or --init-weights
	batches []int        // the batch sizes an epoch steps with
	ends    *[2]int      // the samples of --interpolate; nil: the two codes furthest apart
}

func (c *aeConfig) newTrainer(given map[string]bool) (*trainer, error) {
	if err := c.Check(); err != nil {
		return nil, err
	}
	ds, err := data.Load(c.Data)
	if err != nil {
		return nil, err
	}
	spec, err := c.spec(ds.D, given)
	if err != nil {
		return nil, err
	}
	if c.Engine == "backprop" { // refused before any run folder or training
		if err := backprop.Supports(spec); err != nil {
			return nil, err
		}
	}
	init, err := nets.NewParams(spec, rng.New(c.Seed, rng.Init))
	if err != nil {
		return nil, err
	}
	t := &trainer{cfg: c, ds: ds, spec: spec, init: init}
	if t.ends, err = interpolationEnds(ds, c.Interpolate); err != nil {
		return nil, err
	}
	if c.InitWeights != "" {
		if _, t.init, err = nets.LoadWeightsFor(c.InitWeights, spec); err != nil {
			return nil, err
		}
	}
	batch := c.Batch
	if batch == 0 || batch > ds.N {
		batch = ds.N
	}
	t.batches = []int{batch}
	if r := ds.N % batch; r != 0 {
		t.batches = append(t.batches, r)
	}
	return t, nil
}

// interpolationEnds resolves --interpolate ("a,o") to the indices of its two
// samples, before training, so that a label the data lacks fails early; ""
// gives nil, the two codes furthest apart once the model is trained.
func interpolationEnds(ds *data.Dataset, spec string) (*[2]int, error) {
	if spec == "" {
		return nil, nil
	}
	la, lb, _ := strings.Cut(spec, ",")
	a, okA := ds.Index(strings.TrimSpace(la))
	b, okB := ds.Index(strings.TrimSpace(lb))
	if !okA || !okB {
		return nil, fmt.Errorf("--interpolate %s: the data has no sample labelled %q", spec, map[bool]string{true: lb, false: la}[okA])
	}
	return &[2]int{a, b}, nil
}

// model builds a model starting from params (which it then trains in
// place), with a fresh Adam.
func (t *trainer) model(params *nets.Params) (nets.Model, error) {
	build, err := engineBuilder(t.cfg.Engine)
	if err != nil {
		return nil, err
	}
	return build(t.spec, params, t.cfg.adam(), t.batches...)
}

// builder builds a model on one engine.
type builder func(spec nets.Spec, params *nets.Params, opt nets.Adam, batches ...int) (nets.Model, error)

// engines are the engines a model can be built on, by name.
var engines = map[string]builder{"gorgonia": nets.Build, "backprop": backprop.Build}

func engineBuilder(name string) (builder, error) {
	if b, ok := engines[name]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("--engine %q: want gorgonia or backprop", name)
}

// train trains m for epochs with the goal stop, the schedule, the batch
// and the early stopping of the settings, corrupting inputs with noise if
// it is not nil. A *training.DivergedError comes back with the history.
func (t *trainer) train(m nets.Model, epochs, goal int, trainNoise *noise.Noise, hooks ...training.Hook) (*training.History, error) {
	sched, err := training.ParseSchedule(t.cfg.Schedule)
	if err != nil {
		return nil, err
	}
	return training.Train(m, t.ds, training.Config{
		Epochs: epochs, Batch: t.cfg.Batch, Schedule: sched, Patience: t.cfg.Patience,
		MinDelta: t.cfg.MinDelta, Goal: goal, Seed: t.cfg.Seed, Noise: trainNoise, KLWarmup: t.cfg.KLWarmup,
		KLCycles: t.cfg.KLCycles, KLRamp: t.cfg.KLRamp,
	}, hooks...)
}

// report writes the weights and figures of a trained model and returns its metrics.
func (t *trainer) report(dir string, m nets.Model, h *training.History) (*results.AEMetrics, error) {
	return results.WriteAE(dir, results.AERun{
		Model: m, Data: t.ds, History: h, Seed: t.cfg.Seed, DataSource: t.cfg.Data,
		Ends: t.ends, Steps: t.cfg.Steps, Grid: t.cfg.Grid,
	})
}

// fatal reports whether a training error ends the command before anything
// is written: every error but divergence, whose run is still reported.
func fatal(err error) bool {
	var d *training.DivergedError
	return err != nil && !errors.As(err, &d)
}

// writeConfig writes config.json: every setting, with the resolved widths
// (--hidden, --latent, --decoder) in place of --layers.
func writeConfig(dir string, opts options, command string, spec nets.Spec) error {
	rec := opts.record(command)
	rec["hidden"], rec["latent"], rec["decoder"] = spec.Encoder, spec.Latent, spec.Decoder
	delete(rec, "layers")
	return results.WriteJSON(filepath.Join(dir, "config.json"), rec)
}

func runAE(env *env, cfg *aeConfig, opts options, given map[string]bool) error {
	t, err := cfg.newTrainer(given)
	if err != nil {
		return err
	}
	model, err := t.model(t.init)
	if err != nil {
		return err
	}
	dir, err := results.NewRunDir(cfg.Out, "ae", time.Now())
	if err != nil {
		return err
	}
	if err := writeConfig(dir, opts, "ae", t.spec); err != nil {
		return err
	}
	env.say(cfg.Quiet, "aenets ae: %s on %s (%d samples), %s, seed %d → %s\n",
		t.spec.LayerString(), t.ds.Name, t.ds.N, t.spec.Loss, cfg.Seed, dir)
	bar := newProgress(env.stderr, env.tty, cfg.Quiet)
	h, trainErr := t.train(model, cfg.Epochs, cfg.Goal, nil, bar.hook)
	bar.done()
	if fatal(trainErr) {
		return trainErr
	}
	met, err := t.report(dir, model, h)
	if err != nil {
		return err
	}
	if err := results.WriteJSON(filepath.Join(dir, "metrics.json"), met); err != nil {
		return err
	}
	env.say(cfg.Quiet, "%d epochs (%s), loss %.4g, wrong pixels: max %d, mean %.3f, %d/%d perfect; %.1f s (%.0f µs/epoch)\n",
		met.EpochsRun, met.StoppedBecause, met.FinalLoss, met.MaxWrongPixels, met.MeanWrongPixels,
		met.PerfectSamples, met.Samples, met.Seconds, met.USPerEpoch)
	return trainErr
}
