package main

import (
	"errors"
	"fmt"
	"io/fs"
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

// daeConfig is every setting of `aenets dae`: the autoencoder's, the
// noise's, the pretraining's and the evaluation's.
type daeConfig struct {
	aeConfig
	noiseSettings
	levelSettings
	pretrainSettings
	comparePretrain
	evalSettings
}

func (c *daeConfig) groups() []group {
	return append(c.aeConfig.groups(), &c.noiseSettings, &c.levelSettings, &c.pretrainSettings, &c.comparePretrain, &c.evalSettings)
}

// comparePretrain is dae's --compare-pretrain.
type comparePretrain struct{ ComparePretrain bool }

func (c *comparePretrain) options() options {
	return in(catPretrain, option{name: "compare-pretrain", ptr: &c.ComparePretrain,
		usage: "also train the other start (pretrained or not) and draw its curve in eval.png"})
}
func (c *comparePretrain) check(map[string]bool) error { return nil }

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
		noiseSettings: noiseSettings{Noise: "salt-pepper"}, levelSettings: levelSettings{P: 0.1},
		pretrainSettings: pretrainSettings{PretrainEpochs: 10000},
		evalSettings:     evalSettings{TestLevels: floatList{0, 0.05, 0.1, 0.15, 0.2, 0.3}, Copies: 10, EvalSeed: 1}}
	c.Epochs, c.Goal, c.Schedule, c.LR, c.command = 20000, -1, "fixed", 0.01, "dae"
	return c
}

func daeCommand(env *env) *cli.Command {
	cfg := defaultDAE()
	return newCommand("dae", "train a denoising autoencoder: noisy inputs, clean targets, fresh noise every epoch",
		"Pretrains a plain AE on the clean data (unless --no-pretrain or --init-weights), trains it to denoise,\n"+
			"then evaluates it on fresh noisy copies at every test level against doing nothing. Writes a run folder like\n"+
			"`aenets ae` plus denoise-<level>.png and eval.png; metrics.json holds noise_eval.",
		cfg.groups(), func(given map[string]bool) error {
			return runDAE(env, cfg, given)
		})
}

// evalModel returns the evaluation's noise model, having checked the test
// levels on samples of d values.
func evalModel(n *noiseSettings, e *evalSettings, d int) (noise.Model, error) {
	m, err := n.model()
	if err != nil {
		return nil, err
	}
	return m, noise.CheckEvaluation(m, e.TestLevels, e.Copies, d)
}

// start returns the weights a DAE starts from: the trainer's (random, or
// --init-weights), or those of an AE pretrained on the clean data.
func (c *pretrainSettings) start(env *env, t *trainer, pretrain, quiet bool) (*nets.Params, *training.History, error) {
	p := t.init.Clone()
	if !pretrain {
		return p, nil, nil
	}
	if ck := t.pretrainDone; ck != nil { // resuming after a finished pretraining
		if ck.Best != nil { // early stopping ended it: its best weights
			return ck.Best.Clone(), ck.History, nil
		}
		return ck.Params.Clone(), ck.History, nil
	}
	m, err := t.model(p)
	if err != nil {
		return nil, nil, err
	}
	env.say(quiet, "pretraining a plain AE on the clean data\n")
	bar := env.progress(quiet)
	t.checkpoint, t.resume = t.pretrainCheckpoint, t.pretrainResume
	h, err := t.train(m, c.PretrainEpochs, 0, nil, bar.hook)
	bar.done()
	if err != nil {
		return nil, nil, fmt.Errorf("pretraining: %w", err)
	}
	if h.StoppedBecause == training.StopInterrupted {
		return nil, h, errPretrainInterrupted
	}
	env.say(quiet, "pretrained: %d epochs (%s), max wrong pixels %d\n", h.Epochs, h.StoppedBecause, h.MaxWrong[h.Epochs-1])
	return p, h, nil
}

func runDAE(env *env, cfg *daeConfig, given map[string]bool) error {
	if cfg.ComparePretrain && cfg.InitWeights != "" {
		return fmt.Errorf("--compare-pretrain compares pretraining with none; with --init-weights there is neither")
	}
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
	model, err := evalModel(&cfg.noiseSettings, &cfg.evalSettings, t.ds.D)
	if err != nil {
		return err
	}
	trainNoise, err := trainingNoise(&cfg.noiseSettings, &cfg.levelSettings, t.ds.D, given)
	if err != nil {
		return err
	}
	pretrain := !cfg.NoPretrain && cfg.InitWeights == ""
	t.checkpointEvery = cfg.CheckpointEvery
	dir, err := t.daeRunDir(env, optionsOf(cfg.groups()), pretrain, cfg.ComparePretrain)
	if err != nil {
		return err
	}
	defer results.ReleaseRunDir(dir)
	cfg.started(env, dir, "aenets dae: %s on %s, %s, seed %d → %s\n", t.spec.LayerString(), t.ds.Name, trainNoise, cfg.Seed, dir)

	r, trainErr := cfg.trainDAE(env, t, trainNoise, model, pretrain, cfg.Quiet)
	if errors.Is(trainErr, errPretrainInterrupted) {
		env.say(cfg.Quiet, "interrupted during the pretraining: aenets resume %s goes on with it\n", dir)
		return nil
	}
	if fatal(trainErr) {
		return trainErr
	}
	if err := writeHistory(dir, "history.csv", r.history, cfg.LogEvery); err != nil {
		return err
	}
	if r.pretrain != nil {
		if err := writeHistory(dir, "pretrain-history.csv", r.pretrain, cfg.LogEvery); err != nil {
			return err
		}
	}
	met, err := t.report(dir, r.model, r.history, &cfg.aeConfig, ends, trainNoise)
	if err != nil {
		return err
	}
	if err := t.score(r.model, &met.RunMetrics); err != nil {
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
		// Its phases write no checkpoints: a run with --compare-pretrain is
		// resumed only up to its main DAE.
		t.pretrainCheckpoint, t.noisyCheckpoint, t.pretrainResume, t.noisyResume, t.pretrainDone = "", "", nil, nil, nil
		other, err := cfg.trainDAE(env, t, trainNoise, model, !pretrain, true)
		if err != nil {
			return fmt.Errorf("--compare-pretrain: %w", err)
		}
		dm.OtherStart, dm.OtherPretrained = other.eval, &other.pretrained
	}
	if err := writeDenoiseFigures(dir, t, dm, trainNoise); err != nil {
		return err
	}
	if err := results.WriteJSON(filepath.Join(dir, "metrics.json"), dm); err != nil {
		return err
	}
	if err := results.WriteIndex(dir); err != nil {
		return err
	}
	if !cfg.Quiet {
		printNoiseEval(env, dm)
	}
	return trainErr
}

// daeRunDir creates the run folder and writes config.json, or, resuming,
// takes the lock of the folder being resumed and reads the checkpoints of
// its phases: pretrain-checkpoint.npz (the plain AE) and checkpoint.npz
// (the DAE, written from the first noisy epoch on, so once it exists the
// pretraining has finished).
func (t *trainer) daeRunDir(env *env, opts options, pretrain, comparePretrain bool) (string, error) {
	t.stop = env.interruptible()
	dir := env.resume
	if dir == "" {
		var err error
		if dir, err = results.NewRunDir(t.cfg.Out, "dae", time.Now()); err != nil {
			return "", err
		}
	} else if err := results.OpenRunDir(dir); err != nil {
		return "", err
	}
	t.pretrainCheckpoint, t.noisyCheckpoint = filepath.Join(dir, pretrainCheckpointFile), filepath.Join(dir, checkpointFile)
	if !pretrain {
		t.pretrainCheckpoint = ""
	}
	if env.resume == "" {
		return dir, writeConfig(dir, opts, "dae", t.spec)
	}
	if comparePretrain {
		return "", fmt.Errorf("resume: %s is a dae run with --compare-pretrain, whose second start keeps no checkpoint", dir)
	}
	noisy, err := training.LoadCheckpoint(t.noisyCheckpoint)
	switch {
	case err == nil:
		if err := noisy.Resumable(); err != nil {
			return "", fmt.Errorf("resume %s: %w", dir, err)
		}
		t.noisyResume = noisy
	case !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("resume: %w", err)
	case !pretrain:
		return "", fmt.Errorf("resume: %s has no %s", dir, checkpointFile)
	}
	if pretrain {
		pre, err := training.LoadCheckpoint(t.pretrainCheckpoint)
		if err != nil {
			return "", fmt.Errorf("resume: the pretraining's checkpoint: %w", err)
		}
		if pre.Resumable() == nil && noisy == nil {
			t.pretrainResume = pre
		} else {
			t.pretrainDone = pre
		}
	}
	if t.noisyResume != nil {
		env.say(t.cfg.Quiet, "resuming %s after epoch %d of the DAE\n", dir, t.noisyResume.History.Epochs)
	} else {
		env.say(t.cfg.Quiet, "resuming %s after epoch %d of the pretraining\n", dir, t.pretrainResume.History.Epochs)
	}
	return dir, nil
}

// pretrainCheckpointFile is the checkpoint of a dae run's pretraining.
const pretrainCheckpointFile = "pretrain-checkpoint.npz"

// errPretrainInterrupted is an interrupt during the pretraining: there is
// no DAE to report.
var errPretrainInterrupted = errors.New("interrupted during the pretraining")

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
	p, pre, err := c.start(env, t, pretrain, quiet)
	if err != nil {
		return nil, err
	}
	m, err := t.model(p)
	if err != nil {
		return nil, err
	}
	bar := env.progress(quiet)
	t.checkpoint, t.resume = t.noisyCheckpoint, t.noisyResume
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

// writeDenoiseFigures writes denoise-<level>.png for every test level and
// eval.png, which marks the training noise's level.
func writeDenoiseFigures(dir string, t *trainer, dm *results.DAEMetrics, trainNoise *noise.Noise) error {
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
	mark := plot.Mark{Lo: trainNoise.Level, Hi: trainNoise.Level, Label: fmt.Sprintf("trained at %g", trainNoise.Level)}
	if trainNoise.Ranged {
		mark = plot.Mark{Lo: trainNoise.Lo, Hi: trainNoise.Hi, Label: fmt.Sprintf("trained at %g to %g", trainNoise.Lo, trainNoise.Hi)}
	}
	return plot.SeriesMarked(filepath.Join(dir, "eval.png"), levels, curves, "test noise level", "wrong pixels per glyph (mean)", false, []plot.Mark{mark},
		fmt.Sprintf("%s trained on %s: denoising against doing nothing", t.spec.LayerString(), dm.Noise))
}
