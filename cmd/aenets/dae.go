package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/results"
	"github.com/aenets/aenets/results/plot"
	"github.com/aenets/aenets/training"
	"github.com/aenets/aenets/training/noise"
)

// daeConfig is every setting of `aenets dae`: the autoencoder's, and the noise's.
type daeConfig struct {
	aeConfig
	Noise           string
	P               float64
	PRange          floatList
	PerSample       bool
	NoPretrain      bool
	PretrainEpochs  int
	TestLevels      floatList
	Copies          int
	EvalSeed        uint64
	ComparePretrain bool
}

// defaultDAE: the AE's architecture, trained at salt-and-pepper 0.1 from a
// pretrained AE and evaluated on 10 fresh noisy alphabets per test level.
// Training differs from the AE's, by measurement (seeds 1–5, wrong pixels
// per glyph at test level 0.1): the adaptive schedule watches the clean
// loss, which denoising first raises, so it only ever halves the rate
// (2.09 at 10,000 epochs); a fixed 0.01 does better (0.60–0.91 at 10,000
// epochs, 0.40–0.76 at 20,000), step or exponential decay worse. There is
// no goal stop: the pretrained glyphs are perfect from the start.
func defaultDAE() *daeConfig {
	c := &daeConfig{aeConfig: *defaultAE(),
		Noise: "salt-pepper", P: 0.1, PretrainEpochs: 10000,
		TestLevels: floatList{0, 0.05, 0.1, 0.15, 0.2, 0.3}, Copies: 10, EvalSeed: 1}
	c.Epochs, c.Goal, c.Schedule, c.LR = 20000, -1, "fixed", 0.01
	return c
}

// noiseOptions are the settings of the noise and of the evaluation, shared by dae and dae-matrix.
func (c *daeConfig) noiseOptions() options {
	return options{
		{name: "noise", ptr: &c.Noise, usage: "noise model: salt-pepper (each pixel, with probability p, set to 0 or 1 at random: on binary glyphs about half of the hits change nothing) | flip (each pixel flipped with probability p) | flip-n (exactly p pixels flipped) | gaussian (N(0, p²) added, clipped to [0,1])"},
		{name: "per-sample", ptr: &c.PerSample, usage: "with a range of levels: draw a level for every sample, not once per epoch"},
		{name: "no-pretrain", ptr: &c.NoPretrain, usage: "start from random weights instead of a plain AE pretrained on the clean data"},
		{name: "pretrain-epochs", ptr: &c.PretrainEpochs, usage: "most epochs of the pretraining (which stops once every clean sample is perfect)"},
		{name: "test-levels", ptr: &c.TestLevels, usage: "noise levels of the evaluation"},
		{name: "copies", ptr: &c.Copies, usage: "fresh noisy copies of the data evaluated at each test level"},
		{name: "eval-seed", ptr: &c.EvalSeed, usage: "seed of the evaluation's noise (apart from --seed, so that runs of different seeds are evaluated on the same noisy copies)"},
	}
}

func (c *daeConfig) options() options {
	o := append(c.aeConfig.options(), c.noiseOptions()...)
	return append(o,
		option{name: "p", ptr: &c.P, usage: "noise level of training (a probability, a pixel count for flip-n, σ for gaussian)"},
		option{name: "p-range", ptr: &c.PRange, usage: "train at a level drawn uniformly from this range every epoch (e.g. 0,0.15) instead of --p"},
		option{name: "compare-pretrain", ptr: &c.ComparePretrain, usage: "also train the other start (no pretraining, or pretraining with --no-pretrain) and draw its curve in eval.png"},
	)
}

func daeCommand(env *env) *cli.Command {
	cfg := defaultDAE()
	opts := cfg.options()
	return newCommand("dae", "train a denoising autoencoder: noisy inputs, clean targets, fresh noise every epoch",
		"Pretrains a plain AE on the clean data (unless --no-pretrain or --init-weights), trains it to denoise,\n"+
			"then evaluates it on fresh noisy copies at every test level against doing nothing. Writes a run folder like\n"+
			"`aenets ae` plus denoise-<level>.png and eval.png; metrics.json holds noise_eval.",
		opts, func(given map[string]bool) error {
			return runDAE(env, cfg, opts, given)
		})
}

// Check reports settings that cannot work, before any data is read.
func (c *daeConfig) Check() error {
	if err := c.aeConfig.Check(); err != nil {
		return err
	}
	switch {
	case c.ComparePretrain && c.InitWeights != "":
		return fmt.Errorf("--compare-pretrain compares pretraining with none; with --init-weights there is neither")
	case c.PretrainEpochs <= 0:
		return fmt.Errorf("--pretrain-epochs %d: want > 0", c.PretrainEpochs)
	case c.Copies <= 0:
		return fmt.Errorf("--copies %d: want > 0", c.Copies)
	case len(c.TestLevels) == 0:
		return fmt.Errorf("--test-levels: give at least one level")
	}
	if _, err := noise.ParseModel(c.Noise); err != nil {
		return fmt.Errorf("--noise: %w", err)
	}
	return nil
}

// noiseModel returns the noise model, having checked the test levels on samples of d values.
func (c *daeConfig) noiseModel(d int) (noise.Model, error) {
	m, err := noise.ParseModel(c.Noise)
	if err != nil {
		return nil, fmt.Errorf("--noise: %w", err)
	}
	for _, l := range c.TestLevels {
		if err := m.CheckLevel(l, d); err != nil {
			return nil, fmt.Errorf("--test-levels: %w", err)
		}
	}
	return m, nil
}

// trainingNoise is the noise of --p, or of --p-range.
func (c *daeConfig) trainingNoise(m noise.Model, d int, given map[string]bool) (*noise.Noise, error) {
	n := &noise.Noise{Model: m, Level: c.P, PerSample: c.PerSample}
	if len(c.PRange) > 0 {
		if given["p"] {
			return nil, fmt.Errorf("give --p or --p-range, not both")
		}
		if len(c.PRange) != 2 {
			return nil, fmt.Errorf("--p-range %s: want two levels, lowest first (e.g. 0,0.15)", c.PRange)
		}
		n.Ranged, n.Lo, n.Hi = true, c.PRange[0], c.PRange[1]
	}
	if err := n.Check(d); err != nil {
		return nil, fmt.Errorf("--p/--p-range/--per-sample: %w", err)
	}
	return n, nil
}

// start returns the weights a DAE starts from: the trainer's (random, or
// --init-weights), or those of an AE pretrained on the clean data.
func (c *daeConfig) start(env *env, t *trainer, pretrain bool) (*nets.Params, *training.History, error) {
	p := t.init.Clone()
	if !pretrain {
		return p, nil, nil
	}
	m, err := t.model(p)
	if err != nil {
		return nil, nil, err
	}
	env.say(c.Quiet, "pretraining a plain AE on the clean data\n")
	bar := newProgress(env.stderr, env.tty, c.Quiet)
	h, err := t.train(m, c.PretrainEpochs, 0, nil, bar.hook)
	bar.done()
	if err != nil {
		return nil, nil, fmt.Errorf("pretraining: %w", err)
	}
	env.say(c.Quiet, "pretrained: %d epochs (%s), max wrong pixels %d\n", h.Epochs, h.StoppedBecause, h.MaxWrong[h.Epochs-1])
	return p, h, nil
}

func runDAE(env *env, cfg *daeConfig, opts options, given map[string]bool) error {
	if err := cfg.Check(); err != nil {
		return err
	}
	t, err := cfg.newTrainer(given)
	if err != nil {
		return err
	}
	model, err := cfg.noiseModel(t.ds.D)
	if err != nil {
		return err
	}
	trainNoise, err := cfg.trainingNoise(model, t.ds.D, given)
	if err != nil {
		return err
	}
	dir, err := results.NewRunDir(cfg.Out, "dae", time.Now())
	if err != nil {
		return err
	}
	if err := writeConfig(dir, opts, "dae", t.spec); err != nil {
		return err
	}
	t.stop = env.interruptible() // graceful, but without a checkpoint: a dae run cannot be resumed yet
	pretrain := !cfg.NoPretrain && cfg.InitWeights == ""
	env.say(cfg.Quiet, "aenets dae: %s on %s, %s, seed %d → %s\n", t.spec.LayerString(), t.ds.Name, trainNoise, cfg.Seed, dir)

	r, trainErr := cfg.trainDAE(env, t, trainNoise, model, pretrain, cfg.Quiet)
	if fatal(trainErr) {
		return trainErr
	}
	met, err := t.report(dir, r.model, r.history)
	if err != nil {
		return err
	}
	met.Command = "dae"
	dm := &results.DAEMetrics{AEMetrics: met, Noise: trainNoise.String(), Pretrained: pretrain, NoiseEval: r.eval}
	if r.pretrain != nil {
		h := r.pretrain
		dm.Pretrain = &results.PretrainSummary{EpochsRun: h.Epochs, StoppedBecause: h.StoppedBecause, MaxWrongPixels: h.MaxWrong[h.Epochs-1]}
	}
	if cfg.ComparePretrain {
		env.say(cfg.Quiet, "training the other start for comparison (pretrained: %v)\n", !pretrain)
		other, err := cfg.trainDAE(env, t, trainNoise, model, !pretrain, true)
		if err != nil {
			return fmt.Errorf("--compare-pretrain: %w", err)
		}
		dm.OtherStart, dm.OtherPretrained = other.eval, &other.pretrained
	}
	if err := writeDenoiseFigures(dir, t, dm); err != nil {
		return err
	}
	if err := results.WriteJSON(filepath.Join(dir, "metrics.json"), dm); err != nil {
		return err
	}
	if !cfg.Quiet {
		printNoiseEval(env, dm)
	}
	return trainErr
}

// daeResult is one trained and evaluated DAE.
type daeResult struct {
	model      nets.Model
	history    *training.History
	pretrain   *training.History // nil without pretraining
	pretrained bool
	eval       []noise.Eval
}

// trainDAE pretrains (if asked), trains with noise and evaluates a DAE. A
// diverged training still comes back, with its error.
func (c *daeConfig) trainDAE(env *env, t *trainer, trainNoise *noise.Noise, model noise.Model, pretrain, quiet bool) (*daeResult, error) {
	q := *c
	q.Quiet = quiet
	p, pre, err := q.start(env, t, pretrain)
	if err != nil {
		return nil, err
	}
	m, err := t.model(p)
	if err != nil {
		return nil, err
	}
	bar := newProgress(env.stderr, env.tty, quiet)
	h, trainErr := t.train(m, c.Epochs, c.Goal, trainNoise, bar.hook)
	bar.done()
	if fatal(trainErr) {
		return nil, trainErr
	}
	ev, err := noise.EvaluateDenoising(m, t.ds, model, c.TestLevels, c.Copies, c.EvalSeed)
	if err != nil {
		return nil, err
	}
	return &daeResult{model: m, history: h, pretrain: pre, pretrained: pretrain, eval: ev}, trainErr
}

func printNoiseEval(env *env, dm *results.DAEMetrics) {
	fmt.Fprintf(env.stdout, "%d epochs (%s); clean glyphs: max %d, mean %.3f wrong pixels\n",
		dm.EpochsRun, dm.StoppedBecause, dm.MaxWrongPixels, dm.MeanWrongPixels)
	tw := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "level\tnoisy: wrong px\t≤1 px\tdenoised: wrong px\tmax\t≤1 px\t")
	for _, e := range dm.NoiseEval {
		fmt.Fprintf(tw, "%g\t%.3f\t%.1f%%\t%.3f\t%d\t%.1f%%\t\n", e.Level, e.InputWrongPixels, 100*e.InputWithinOnePixel,
			e.OutputWrongPixels, e.OutputMaxWrongPixels, 100*e.WithinOnePixel)
	}
	tw.Flush()
	if dm.OtherStart != nil {
		fmt.Fprintf(env.stdout, "other start (pretrained: %v):\n", *dm.OtherPretrained)
		for _, e := range dm.OtherStart {
			fmt.Fprintf(env.stdout, "  level %g: %.3f wrong px, %.1f%% within one\n", e.Level, e.OutputWrongPixels, 100*e.WithinOnePixel)
		}
	}
}

// writeDenoiseFigures writes denoise-<level>.png for every test level and eval.png.
func writeDenoiseFigures(dir string, t *trainer, dm *results.DAEMetrics) error {
	ds := t.ds
	im := func(pix []float64) plot.Images {
		return plot.Images{Pix: pix, N: ds.N, Rows: ds.Rows, Cols: ds.Cols, Labels: ds.Labels}
	}
	levels := make([]float64, len(dm.NoiseEval))
	curves := []plot.Curve{{Name: "denoised"}, {Name: "noisy input (do nothing)"}}
	for i, e := range dm.NoiseEval {
		levels[i] = e.Level
		curves[0].Y = append(curves[0].Y, e.OutputWrongPixels)
		curves[1].Y = append(curves[1].Y, e.InputWrongPixels)
		name := "denoise-" + strconv.FormatFloat(e.Level, 'g', -1, 64) + ".png"
		title := fmt.Sprintf("%s at %s level %g: %.2f wrong pixels per glyph before, %.2f after", t.spec.LayerString(), dm.Noise, e.Level, e.InputWrongPixels, e.OutputWrongPixels)
		if err := plot.Denoising(filepath.Join(dir, name), im(ds.X), im(e.Noisy), im(e.Denoised), title); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if dm.OtherStart != nil {
		c := plot.Curve{Name: map[bool]string{true: "denoised, pretrained", false: "denoised, not pretrained"}[*dm.OtherPretrained]}
		for _, e := range dm.OtherStart {
			c.Y = append(c.Y, e.OutputWrongPixels)
		}
		curves = append(curves, c)
	}
	return plot.Series(filepath.Join(dir, "eval.png"), levels, curves, "test noise level", "wrong pixels per glyph (mean)", false,
		fmt.Sprintf("%s trained on %s: denoising against doing nothing", t.spec.LayerString(), dm.Noise))
}
