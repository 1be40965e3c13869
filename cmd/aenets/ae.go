package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/backprop"
	"github.com/aenets/aenets/results"
	"github.com/aenets/aenets/training"
	"github.com/aenets/aenets/training/noise"
)

// trainSettings is what every training command reads: the data, the
// architecture's widths, the optimiser, the loop, the start, the output;
// and the held-out set, whose flag only ae, dae and vae list.
type trainSettings struct {
	dataSettings
	testSettings
	archSettings
	optimSettings
	loopSettings
	batchSettings
	seedSettings
	initSettings
	engineSettings
	outputSettings
}

func (c *trainSettings) groups() []group {
	return []group{&c.dataSettings, &c.archSettings, &c.optimSettings, &c.loopSettings, &c.batchSettings,
		&c.seedSettings, &c.initSettings, &c.engineSettings, &c.outputSettings}
}

// aeConfig is every setting of `aenets ae`. defaultAE gives the defaults,
// the one place they are written.
type aeConfig struct {
	trainSettings
	aeSettings
	goalSettings
	aeFigures
	reconExport
	checkpointSettings
}

func (c *aeConfig) groups() []group {
	return append(c.trainSettings.groups(), &c.testSettings, &c.aeSettings, &c.goalSettings, &c.aeFigures, &c.reconExport,
		&c.checkpointSettings)
}

// defaultAE is the course project's setup: 35-17-2-17-35, sigmoid, BCE,
// Adam at 0.009 with the adaptive schedule, full batch, up to 10,000 epochs,
// stopping once every glyph is reconstructed without a wrong pixel.
func defaultAE() *aeConfig {
	return &aeConfig{
		trainSettings: trainSettings{
			dataSettings:   dataSettings{Data: "font"},
			archSettings:   archSettings{Hidden: intList{17}, Latent: 2, Act: "sigmoid", OutAct: "sigmoid", Loss: "bce"},
			optimSettings:  optimSettings{LR: 0.009, Beta1: 0.9, Beta2: 0.999, AdamEps: 1e-8},
			loopSettings:   loopSettings{Schedule: "adaptive", Epochs: 10000},
			seedSettings:   seedSettings{Seed: 1},
			engineSettings: engineSettings{Engine: "gorgonia"},
			outputSettings: outputSettings{command: "ae", LogEvery: 1},
		},
		aeSettings:         aeSettings{LatentAct: "sigmoid"},
		aeFigures:          aeFigures{Steps: 10, Grid: 15},
		checkpointSettings: checkpointSettings{CheckpointEvery: 500},
	}
}

// aeCommand is `aenets ae`.
func aeCommand(env *env) *cli.Command {
	cfg := defaultAE()
	return newCommand("ae", "train an autoencoder (default: the 32 glyphs of the 5x7 font through a 2-D latent space)",
		"Trains, then writes a run folder: config.json (rerun it with --config), metrics.json, weights.npz,\n"+
			"loss.png, latent.png, reconstructions.png, errors.png, generated.png, interpolation.png, and index.html,\n"+
			"a page showing them all.",
		cfg.groups(), func(given map[string]bool) error {
			return runAE(env, cfg, given)
		})
}

// trainer is what a training command has read and built before training:
// the data, the architecture and the starting weights.
type trainer struct {
	cfg      *trainSettings
	ds       *data.Dataset
	spec     nets.Spec
	init     *nets.Params  // random from --seed, or --init-weights
	batches  []int         // the batch sizes an epoch steps with
	klWarmup int           // VAE: epochs of KL warm-up
	klCycles int           // VAE: cycles of cyclical KL warm-up
	klRamp   float64       // VAE: fraction of each cycle over which β climbs
	test     *data.Dataset // --test-data (nil: none)

	// Set by the commands that can be interrupted and resumed (ae, vae).
	stop            <-chan struct{}      // the first interrupt
	checkpoint      string               // checkpoint.npz of the run folder
	checkpointEvery int                  // epochs between checkpoints (0: on interrupt and at the end)
	resume          *training.Checkpoint // the checkpoint `aenets resume` goes on from

	// dae: the phases' checkpoints, and a finished pretraining's.
	pretrainCheckpoint, noisyCheckpoint string
	pretrainResume, noisyResume         *training.Checkpoint
	pretrainDone                        *training.Checkpoint
}

// newTrainer reads the data and builds the architecture of kind (with the
// AE's or the VAE's own settings, where not nil) and its starting weights.
func (c *trainSettings) newTrainer(kind string, given map[string]bool, ae *aeSettings, vae *vaeSettings) (*trainer, error) {
	ds, err := loadData(c.Data)
	if err != nil {
		return nil, err
	}
	spec, err := c.spec(kind, ds.D, given, ae, vae)
	if err != nil {
		return nil, err
	}
	if err := spec.CheckSize(min(ds.N, nets.EvalChunk)); err != nil { // evaluation passes take up to EvalChunk samples
		return nil, err
	}
	test, err := c.testSettings.load(spec)
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
	t := &trainer{cfg: c, ds: ds, spec: spec, init: init, test: test}
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
// it is not nil, scoring --test-data every --test-every epochs. A
// *training.DivergedError comes back with the history.
func (t *trainer) train(m nets.Model, epochs, goal int, trainNoise *noise.Noise, hooks ...training.Hook) (*training.History, error) {
	c := t.cfg
	sched, err := training.ParseSchedule(c.Schedule)
	if err != nil {
		return nil, err
	}
	return training.Train(m, t.ds, training.Config{
		Epochs: epochs, Batch: c.Batch, Schedule: sched, Patience: c.Patience, EvalSamples: c.EvalSamples,
		MinDelta: c.MinDelta, Goal: goal, Seed: c.Seed, Noise: trainNoise, KLWarmup: t.klWarmup, KLCycles: t.klCycles, KLRamp: t.klRamp,
		Stop: t.stop, CheckpointPath: t.checkpoint, CheckpointEvery: t.checkpointEvery, Resume: t.resume,
		Test: t.test, TestEvery: c.TestEvery,
	}, hooks...)
}

// report writes the weights and figures of a trained AE and returns its
// metrics; ends are the samples of --interpolate (nil: the two codes
// furthest apart), trainNoise a DAE's training noise (nil for none).
func (t *trainer) report(dir string, m nets.Model, h *training.History, cfg *aeConfig, ends *[2]int, trainNoise *noise.Noise) (*results.AEMetrics, error) {
	r := results.AERun{
		Model: m, Data: t.ds, History: h, Seed: t.cfg.Seed, DataSource: t.cfg.Data,
		Ends: ends, Steps: cfg.Steps, Grid: cfg.Grid, SaveRecon: cfg.SaveRecon,
	}
	if trainNoise != nil {
		r.TrainNoise = trainNoise.String()
	}
	return results.WriteAE(dir, r)
}

// score scores the held-out set, if any, into met.
func (t *trainer) score(m nets.Model, met *results.RunMetrics) error {
	if t.test == nil {
		return nil
	}
	var err error
	met.Test, err = results.Score(m, t.test, t.cfg.TestData, t.cfg.Seed)
	return err
}

// writeHistory writes a training history as the run folder's name
// (history.csv), a row every every epochs.
func writeHistory(dir, name string, h *training.History, every int) error {
	return results.WriteHistory(filepath.Join(dir, name), h, every)
}

// fatal reports whether a training error ends the command before anything
// is written: every error but divergence and a checkpoint not written,
// whose runs are still reported.
func fatal(err error) bool {
	var d *training.DivergedError
	var c *training.CheckpointError
	return err != nil && !errors.As(err, &d) && !errors.As(err, &c)
}

// checkFigures fails now, before training, on figure settings that would
// fail only once the model is trained; newSamples is a VAE's samples.png
// (0: none).
func (t *trainer) checkFigures(steps, grid, newSamples int) error {
	return results.CheckFigures(results.FigureSettings{Rows: t.ds.Rows, Cols: t.ds.Cols, Steps: steps, Grid: grid, NewSamples: newSamples})
}

// writeConfig writes config.json: every setting of opts, with the
// resolved widths (--hidden, --latent, --decoder) in place of --layers.
func writeConfig(dir string, opts options, command string, spec nets.Spec) error {
	rec := opts.record(command)
	rec["hidden"], rec["latent"], rec["decoder"] = spec.Encoder, spec.Latent, spec.Decoder
	delete(rec, "layers")
	return results.WriteJSON(filepath.Join(dir, "config.json"), rec)
}

func runAE(env *env, cfg *aeConfig, given map[string]bool) error {
	t, err := cfg.newTrainer(nets.KindAE, given, &cfg.aeSettings, nil)
	if err != nil {
		return err
	}
	ends, err := interpolationEnds(t.ds, cfg.Interpolate)
	if err != nil {
		return err
	}
	if err := t.checkFigures(cfg.Steps, cfg.Grid, 0); err != nil {
		return err
	}
	model, err := t.model(t.init)
	if err != nil {
		return err
	}
	t.checkpointEvery = cfg.CheckpointEvery
	dir, err := t.runDir(env, "ae", optionsOf(cfg.groups()))
	if err != nil {
		return err
	}
	defer results.ReleaseRunDir(dir)
	cfg.started(env, dir, "aenets ae: %s on %s (%d samples), %s, seed %d → %s\n",
		t.spec.LayerString(), t.ds.Name, t.ds.N, t.spec.Loss, cfg.Seed, dir)
	bar := env.progress(cfg.Quiet)
	h, trainErr := t.train(model, cfg.Epochs, cfg.Goal, nil, bar.hook)
	bar.done()
	if fatal(trainErr) {
		return trainErr
	}
	if err := writeHistory(dir, "history.csv", h, cfg.LogEvery); err != nil {
		return err
	}
	met, err := t.report(dir, model, h, cfg, ends, nil)
	if err != nil {
		return err
	}
	if err := t.score(model, &met.RunMetrics); err != nil {
		return err
	}
	if err := results.WriteJSON(filepath.Join(dir, "metrics.json"), met); err != nil {
		return err
	}
	if err := results.WriteIndex(dir); err != nil {
		return err
	}
	env.say(cfg.Quiet, "%d epochs (%s), loss %.4g, wrong pixels: max %d, mean %.3f, %d/%d perfect; %.1f s (%.0f µs/epoch)\n",
		met.EpochsRun, met.StoppedBecause, met.FinalLoss, met.MaxWrongPixels, met.MeanWrongPixels,
		met.PerfectSamples, met.Samples, met.Seconds, met.USPerEpoch)
	return trainErr
}
