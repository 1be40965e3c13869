package main

// The groups of settings of how a net is trained and what a run writes.

import (
	"fmt"
	"strings"

	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/results"
	"github.com/aenets/aenets/training"
	"github.com/aenets/aenets/training/noise"
)

// optimSettings is Adam's.
type optimSettings struct{ LR, Beta1, Beta2, AdamEps float64 }

func (c *optimSettings) options() options {
	return in(catOptim,
		option{name: "lr", ptr: &c.LR, usage: "Adam's initial learning rate"},
		option{name: "beta1", ptr: &c.Beta1, usage: "Adam's first-moment decay"},
		option{name: "beta2", ptr: &c.Beta2, usage: "Adam's second-moment decay"},
		option{name: "adam-eps", ptr: &c.AdamEps, usage: "Adam's epsilon (added to the root of the second moment)"},
	)
}
func (c *optimSettings) check(map[string]bool) error { return c.adam().Check() }

func (c *optimSettings) adam() nets.Adam {
	return nets.Adam{LR: c.LR, Beta1: c.Beta1, Beta2: c.Beta2, Eps: c.AdamEps}
}

// seedSettings is --seed.
type seedSettings struct{ Seed uint64 }

func (c *seedSettings) options() options {
	return in(catLoop, option{name: "seed", ptr: &c.Seed, usage: "seed of every random draw: the same seed gives the same numbers"})
}
func (c *seedSettings) check(map[string]bool) error { return nil }

// batchSettings is --batch.
type batchSettings struct{ Batch int }

func (c *batchSettings) options() options {
	return in(catLoop, option{name: "batch", ptr: &c.Batch, usage: "samples per step: 0 = full batch, 1 = online; minibatches in a seeded random order every epoch"})
}
func (c *batchSettings) check(map[string]bool) error { return training.CheckBatch(c.Batch) }

// loopSettings is the rest of the training loop's settings.
type loopSettings struct {
	Schedule    string
	Epochs      int
	Patience    int
	MinDelta    float64
	EvalSamples int
}

func (c *loopSettings) options() options {
	return in(catLoop,
		option{name: "schedule", ptr: &c.Schedule, usage: "learning-rate schedule: fixed, adaptive, step or exp, with settings as name:key=value,…"},
		option{name: "epochs", ptr: &c.Epochs, usage: "most epochs to train"},
		option{name: "patience", ptr: &c.Patience, usage: "stop after this many epochs without a loss lower by --min-delta, keeping the best weights (0 = off)"},
		option{name: "min-delta", ptr: &c.MinDelta, usage: "the loss improvement that resets --patience"},
		option{name: "eval-samples", ptr: &c.EvalSamples, usage: "evaluate the loss after each epoch on this many samples, evenly spaced (0: all); the final metrics use all"},
	)
}

func (c *loopSettings) check(map[string]bool) error {
	sched, err := training.ParseSchedule(c.Schedule)
	if err != nil {
		return fmt.Errorf("--schedule: %w", err)
	}
	return training.Config{Epochs: c.Epochs, Schedule: sched, Patience: c.Patience, MinDelta: c.MinDelta, EvalSamples: c.EvalSamples}.Check()
}

// goalSettings is the AE's stop on wrong pixels.
type goalSettings struct{ Goal int }

func (c *goalSettings) options() options {
	return in(catLoop, option{name: "goal", ptr: &c.Goal, usage: "stop once no sample has more than this many wrong pixels (-1 = never)"})
}
func (c *goalSettings) check(map[string]bool) error { return nil }

// warmupSettings is the VAE's KL warm-up: linear or cyclical.
type warmupSettings struct {
	KLWarmup int
	KLCycles int
	KLRamp   float64
}

func (c *warmupSettings) options() options {
	return in(catVAE,
		option{name: "kl-warmup", ptr: &c.KLWarmup, usage: "epochs over which β grows linearly from β/kl-warmup to β (0: none)"},
		option{name: "kl-cycles", ptr: &c.KLCycles, usage: "cyclical KL warm-up (Fu et al. 2019): this many cycles, β climbing anew in each (0: none; not with --kl-warmup)"},
		option{name: "kl-ramp", ptr: &c.KLRamp, usage: "with --kl-cycles: the fraction of each cycle over which β climbs"},
	)
}

func (c *warmupSettings) check(map[string]bool) error {
	return training.Config{Epochs: 1, KLWarmup: c.KLWarmup, KLCycles: c.KLCycles, KLRamp: c.KLRamp}.Check()
}

// initSettings is where training starts.
type initSettings struct{ InitWeights string }

func (c *initSettings) options() options {
	return in(catLoop, option{name: "init-weights", ptr: &c.InitWeights, usage: "start from this weights.npz (of the same architecture) instead of random weights"})
}
func (c *initSettings) check(map[string]bool) error { return nil }

// engineSettings is what computes the net.
type engineSettings struct{ Engine string }

func (c *engineSettings) options() options {
	return in(catLoop, option{name: "engine", ptr: &c.Engine, usage: "gorgonia (expression graphs, symbolic gradients) or backprop (written by hand, the same numbers)"})
}
func (c *engineSettings) check(map[string]bool) error {
	_, err := engineBuilder(c.Engine)
	return err
}

// noiseSettings is the noise that corrupts training's inputs.
type noiseSettings struct {
	Noise     string
	PerSample bool
}

func (c *noiseSettings) options() options {
	return in(catNoise,
		option{name: "noise", ptr: &c.Noise, usage: "salt-pepper, flip (each pixel with probability p), flip-n (p pixels) or gaussian (σ = p)"},
		option{name: "per-sample", ptr: &c.PerSample, usage: "with a range of levels: draw a level for every sample, not once per epoch"},
	)
}
func (c *noiseSettings) check(map[string]bool) error {
	_, err := c.model()
	return err
}

func (c *noiseSettings) model() (noise.Model, error) {
	m, err := noise.ParseModel(c.Noise)
	if err != nil {
		return nil, fmt.Errorf("--noise: %w", err)
	}
	return m, nil
}

// levelSettings is the training noise's level.
type levelSettings struct {
	P      float64
	PRange floatList
}

func (c *levelSettings) options() options {
	return in(catNoise,
		option{name: "p", ptr: &c.P, usage: "noise level of training (a probability, a pixel count for flip-n, σ for gaussian)"},
		option{name: "p-range", ptr: &c.PRange, usage: "train at a level drawn from this range (e.g. 0,0.15) every epoch instead of --p"},
	)
}

func (c *levelSettings) check(given map[string]bool) error {
	switch {
	case len(c.PRange) > 0 && given["p"]:
		return fmt.Errorf("give --p or --p-range, not both")
	case len(c.PRange) != 0 && len(c.PRange) != 2:
		return fmt.Errorf("--p-range %s: want two levels, lowest first (e.g. 0,0.15)", c.PRange)
	}
	return nil
}

// trainingNoise is the noise of --noise at --p, or --p-range, checked on samples of d values.
func trainingNoise(n *noiseSettings, l *levelSettings, d int, given map[string]bool) (*noise.Noise, error) {
	m, err := n.model()
	if err != nil {
		return nil, err
	}
	if err := l.check(given); err != nil {
		return nil, err
	}
	tn := &noise.Noise{Model: m, Level: l.P, PerSample: n.PerSample}
	if len(l.PRange) == 2 {
		tn.Ranged, tn.Lo, tn.Hi = true, l.PRange[0], l.PRange[1]
	}
	if err := tn.Check(d); err != nil {
		return nil, fmt.Errorf("--p/--p-range/--per-sample: %w", err)
	}
	return tn, nil
}

// pretrainSettings is the plain AE a DAE starts from.
type pretrainSettings struct {
	NoPretrain     bool
	PretrainEpochs int
}

func (c *pretrainSettings) options() options {
	return in(catPretrain,
		option{name: "no-pretrain", ptr: &c.NoPretrain, usage: "start from random weights instead of a plain AE pretrained on the clean data"},
		option{name: "pretrain-epochs", ptr: &c.PretrainEpochs, usage: "most epochs of the pretraining (which stops once every clean sample is perfect)"},
	)
}
func (c *pretrainSettings) check(map[string]bool) error {
	return renamed(training.Config{Epochs: c.PretrainEpochs}.Check(), "epochs", "pretrain-epochs")
}

// evalSettings is the denoising evaluation's.
type evalSettings struct {
	TestLevels floatList
	Copies     int
	EvalSeed   uint64
}

func (c *evalSettings) options() options {
	return in(catEval,
		option{name: "test-levels", ptr: &c.TestLevels, usage: "noise levels of the evaluation"},
		option{name: "copies", ptr: &c.Copies, usage: "fresh noisy copies of the data evaluated at each test level"},
		option{name: "eval-seed", ptr: &c.EvalSeed, usage: "seed of the evaluation's noise (apart from --seed: runs of other seeds see the same copies)"},
	)
}
func (c *evalSettings) check(map[string]bool) error {
	return noise.CheckEvaluation(nil, c.TestLevels, c.Copies, 0)
}

// aeFigures is the AE's figures.
type aeFigures struct {
	Interpolate string
	Steps       int
	Grid        int
}

func (c *aeFigures) options() options {
	return in(catFigures,
		option{name: "interpolate", ptr: &c.Interpolate, usage: "two sample labels to walk between in interpolation.png, e.g. a,o (empty: the two codes furthest apart)"},
		option{name: "steps", ptr: &c.Steps, usage: "decodings along the interpolation, ends included"},
		option{name: "grid", ptr: &c.Grid, usage: "generated.png decodes a grid of this many × this many latent points"},
	)
}

func (c *aeFigures) check(map[string]bool) error {
	if c.Interpolate != "" {
		if _, _, ok := strings.Cut(c.Interpolate, ","); !ok {
			return fmt.Errorf("--interpolate %q: want two labels separated by a comma, e.g. a,o", c.Interpolate)
		}
	}
	return results.CheckFigureSettings(c.Steps, c.Grid, 0)
}

// vaeFigures is the VAE's figures.
type vaeFigures struct {
	Samples int
	Grid    int
	Pairs   string
	Steps   int
}

func (c *vaeFigures) options() options {
	return in(catFigures,
		option{name: "samples", ptr: &c.Samples, usage: "new samples decoded from z ~ N(0, I) (seeded by --seed) in samples.png"},
		option{name: "grid", ptr: &c.Grid, usage: "grid.png decodes grid×grid points over the two latent dimensions whose μ varies most, from -2.5 to 2.5"},
		option{name: "pairs", ptr: &c.Pairs, usage: "interpolation.png: from:to,from:to labels (auto: named faces where the data has them, else the furthest codes)"},
		option{name: "steps", ptr: &c.Steps, usage: "decodings along each interpolation, ends included"},
	)
}
func (c *vaeFigures) check(map[string]bool) error {
	if c.Samples < 1 {
		return fmt.Errorf("--samples %d: want 1 to %d (results.MaxNewSamples)", c.Samples, results.MaxNewSamples)
	}
	return results.CheckFigureSettings(c.Steps, c.Grid, c.Samples)
}

// reconExport is --save-recon, of the commands that reconstruct their data.
type reconExport struct{ SaveRecon bool }

func (c *reconExport) options() options {
	return in(catOutput, option{name: "save-recon", ptr: &c.SaveRecon,
		usage: "also write reconstructions.npz: the data (x), its reconstructions (recon) and codes (z, or mu for a VAE)"})
}
func (c *reconExport) check(map[string]bool) error { return nil }

// checkpointSettings is how often a run that can be resumed (ae, dae,
// vae) writes its checkpoint.
type checkpointSettings struct{ CheckpointEvery int }

func (c *checkpointSettings) options() options {
	return in(catOutput, option{name: "checkpoint-every", ptr: &c.CheckpointEvery,
		usage: "write checkpoint.npz every this many epochs (and on an interrupt, and at the end) for aenets resume (0: only then)"})
}
func (c *checkpointSettings) check(map[string]bool) error {
	return training.Config{Epochs: 1, CheckpointEvery: c.CheckpointEvery}.Check()
}

// outputSettings is where a command writes and how much it says.
type outputSettings struct {
	command  string // the default folder's prefix
	Out      string
	Quiet    bool
	LogEvery int
}

func (c *outputSettings) options() options {
	return in(catOutput,
		option{name: "out", ptr: &c.Out, transient: true, usage: "run folder (default " + results.RunsDir + "/" + c.command + "-<date>-<time>)"},
		option{name: "quiet", ptr: &c.Quiet, transient: true, usage: "print only the run folder's path (on stdout), for scripts"},
		option{name: "log-every", ptr: &c.LogEvery, usage: "history.csv keeps a row every this many " + map[bool]string{true: "steps", false: "epochs"}[c.command == "compare"] + " (and the last)"},
	)
}

func (c *outputSettings) check(map[string]bool) error {
	if c.LogEvery < 1 {
		return fmt.Errorf("--log-every %d: want ≥ 1", c.LogEvery)
	}
	return nil
}

// started says where a run goes: with --quiet its folder's path alone, on
// stdout, else the line about the run.
func (c *outputSettings) started(e *env, dir, format string, args ...any) {
	e.done(c.Quiet, dir, format, args...)
}
