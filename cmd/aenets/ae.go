package main

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/graph"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/results"
	"github.com/aenets/aenets/training"
)

// aeConfig is every setting of `aenets ae`. Its zero value is not used:
// defaultAE gives the defaults, the one place they are written.
type aeConfig struct {
	Data        string
	Layers      intList
	Hidden      intList
	Latent      int
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
	Out         string
	Quiet       bool
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
		Steps: 10, Grid: 15,
	}
}

func (c *aeConfig) options() options {
	acts := joinActs()
	return options{
		{name: "data", ptr: &c.Data, usage: "training data: a built-in set (" + strings.Join(data.BuiltinNames(), ", ") + "), a text file (ID LABEL v1…vN, or ID LABEL + 7 hex bytes per 5x7 glyph) or a folder of PNGs"},
		{name: "layers", ptr: &c.Layers, usage: "every layer width, input to output, e.g. 35,18,6,2,6,18,35 (the narrowest inner layer is the latent code); overrides --hidden/--latent"},
		{name: "hidden", ptr: &c.Hidden, usage: "encoder hidden widths, mirrored by the decoder (e.g. 30,10)"},
		{name: "latent", ptr: &c.Latent, usage: "latent width"},
		{name: "act", ptr: &c.Act, usage: "activation of the hidden layers: " + acts},
		{name: "latent-act", ptr: &c.LatentAct, usage: "activation of the latent layer: " + acts},
		{name: "out-act", ptr: &c.OutAct, usage: "activation of the output layer: " + acts + " (bce needs sigmoid)"},
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
	return &cli.Command{
		Name:  "ae",
		Usage: "train an autoencoder (default: the 32 glyphs of the 5x7 font through a 2-D latent space)",
		Description: "Trains, then writes a run folder: config.json (rerun it with --config), metrics.json, weights.npz,\n" +
			"loss.png, latent.png, reconstructions.png, errors.png, generated.png, interpolation.png.",
		Flags: opts.flags(),
		Action: func(c *cli.Context) error {
			given, err := opts.load(c, "ae")
			if err != nil {
				return err
			}
			return runAE(env, cfg, opts, given)
		},
	}
}

// spec resolves the architecture from --layers or --hidden/--latent.
func (c *aeConfig) spec(d int, given map[string]bool) (nets.Spec, error) {
	layers := []int(c.Layers)
	mirrored := nets.Mirror(d, c.Hidden, c.Latent)
	if len(layers) == 0 {
		layers = mirrored
	} else if (given["hidden"] || given["latent"]) && !slices.Equal(layers, mirrored) {
		return nets.Spec{}, fmt.Errorf("--layers %s disagrees with --hidden %s --latent %d; give one or the other",
			c.Layers, c.Hidden, c.Latent)
	}
	s := nets.Spec{Kind: nets.KindAE, Layers: layers, Act: c.Act, LatentAct: c.LatentAct, OutAct: c.OutAct, Loss: c.Loss}
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

func runAE(env *env, cfg *aeConfig, opts options, given map[string]bool) error {
	if err := cfg.Check(); err != nil {
		return err
	}
	ds, err := data.Load(cfg.Data)
	if err != nil {
		return err
	}
	spec, err := cfg.spec(ds.D, given)
	if err != nil {
		return err
	}
	params := nets.NewParams(spec, rng.New(cfg.Seed, rng.Init))
	if cfg.InitWeights != "" {
		if _, params, err = nets.LoadWeightsFor(cfg.InitWeights, spec); err != nil {
			return err
		}
	}
	batch := cfg.Batch
	if batch == 0 || batch > ds.N {
		batch = ds.N
	}
	batches := []int{batch}
	if r := ds.N % batch; r != 0 {
		batches = append(batches, r)
	}
	model, err := nets.Build(spec, params, cfg.adam(), batches...)
	if err != nil {
		return err
	}
	sched, _ := training.ParseSchedule(cfg.Schedule)
	dir, err := results.NewRunDir(cfg.Out, "ae", time.Now())
	if err != nil {
		return err
	}
	rec := opts.record("ae")
	rec["layers"] = spec.Layers
	delete(rec, "hidden")
	delete(rec, "latent")
	if err := results.WriteJSON(dir+"/config.json", rec); err != nil {
		return err
	}
	env.say(cfg.Quiet, "aenets ae: %s on %s (%d samples), %s, seed %d → %s\n",
		spec.LayerString(), ds.Name, ds.N, spec.Loss, cfg.Seed, dir)
	bar := newProgress(env.stderr, env.tty, cfg.Quiet)
	h, trainErr := training.Train(model, ds, training.Config{
		Epochs: cfg.Epochs, Batch: cfg.Batch, Schedule: sched, Patience: cfg.Patience,
		MinDelta: cfg.MinDelta, Goal: cfg.Goal, Seed: cfg.Seed,
	}, bar.hook)
	bar.done()
	var diverged *training.DivergedError
	if trainErr != nil && !errors.As(trainErr, &diverged) {
		return trainErr
	}
	rep, err := results.WriteAE(dir, results.AERun{
		Model: model, Data: ds, History: h, Seed: cfg.Seed, DataSource: cfg.Data,
		Interpolate: cfg.Interpolate, Steps: cfg.Steps, Grid: cfg.Grid,
	})
	if err != nil {
		return err
	}
	env.say(cfg.Quiet, "%d epochs (%s), loss %.4g, wrong pixels: max %d, mean %.3f, %d/%d perfect; %.1f s (%.0f µs/epoch)\n",
		rep.EpochsRun, rep.StoppedBecause, rep.FinalLoss, rep.MaxWrongPixels, rep.MeanWrongPixels,
		rep.PerfectSamples, rep.Samples, rep.Seconds, rep.USPerEpoch)
	return trainErr
}
