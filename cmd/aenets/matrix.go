package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/results"
	"github.com/aenets/aenets/results/plot"
	"github.com/aenets/aenets/training"
	"github.com/aenets/aenets/training/noise"
)

// level is one training noise level of dae-matrix: a fixed level, or a
// range (written lo:hi) drawn from uniformly.
type level struct {
	lo, hi float64
	ranged bool
}

func (l level) String() string {
	if l.ranged {
		return strconv.FormatFloat(l.lo, 'g', -1, 64) + ":" + strconv.FormatFloat(l.hi, 'g', -1, 64)
	}
	return strconv.FormatFloat(l.lo, 'g', -1, 64)
}

// levelList is "0.05,0.1,0:0.15" on the command line, and the same string
// (or a list of such strings) in a config file.
type levelList []level

func (l levelList) String() string {
	s := make([]string, len(l))
	for i, v := range l {
		s[i] = v.String()
	}
	return strings.Join(s, ",")
}

func (l *levelList) Set(s string) error {
	var out levelList
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		var lv level
		a, b, ranged := strings.Cut(f, ":")
		var fl floatList
		if err := fl.Set(a + "," + b); err != nil || len(fl) != map[bool]int{true: 2, false: 1}[ranged] {
			return fmt.Errorf("%q is not a level or a range lo:hi", f)
		}
		lv.lo, lv.hi, lv.ranged = fl[0], fl[0], ranged
		if ranged {
			lv.hi = fl[1]
		}
		out = append(out, lv)
	}
	*l = out
	return nil
}

func (l *levelList) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		return l.Set(s)
	}
	var v []string
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	return l.Set(strings.Join(v, ","))
}

// matrixConfig is every setting of `aenets dae-matrix`: dae's, with the
// training levels in place of --p and without the figures.
type matrixConfig struct {
	trainSettings
	aeSettings
	goalSettings
	noiseSettings
	trainLevels
	pretrainSettings
	evalSettings
}

func (c *matrixConfig) groups() []group {
	return append(c.trainSettings.groups(), &c.aeSettings, &c.goalSettings, &c.noiseSettings, &c.trainLevels,
		&c.pretrainSettings, &c.evalSettings)
}

// trainLevels is dae-matrix's --train-levels.
type trainLevels struct{ TrainLevels levelList }

func (c *trainLevels) options() options {
	return in(catNoise, option{name: "train-levels", ptr: &c.TrainLevels,
		usage: "levels to train a DAE at each; lo:hi draws one from [lo, hi] every epoch (or sample)"})
}
func (c *trainLevels) check(map[string]bool) error {
	if len(c.TrainLevels) == 0 {
		return fmt.Errorf("--train-levels: give at least one level")
	}
	return nil
}

func matrixCommand(env *env) *cli.Command {
	d := defaultDAE()
	cfg := &matrixConfig{trainSettings: d.trainSettings, aeSettings: d.aeSettings, goalSettings: d.goalSettings,
		noiseSettings: d.noiseSettings, pretrainSettings: d.pretrainSettings, evalSettings: d.evalSettings,
		trainLevels: trainLevels{levelList{{lo: 0.05, hi: 0.05}, {lo: 0.1, hi: 0.1}, {lo: 0.15, hi: 0.15}, {lo: 0, hi: 0.15, ranged: true}}}}
	cfg.command = "dae-matrix"
	return newCommand("dae-matrix", "train one DAE per training noise level (in parallel) and evaluate each at every test level",
		"Pretrains one plain AE (unless --no-pretrain or --init-weights) and starts every DAE from it. Prints the\n"+
			"train × test table of wrong pixels per glyph after denoising and writes matrix.png, metrics.json and the\n"+
			"weights of each DAE (weights-<train level>.npz).",
		cfg.groups(), func(given map[string]bool) error {
			return runMatrix(env, cfg, given)
		})
}

func runMatrix(env *env, cfg *matrixConfig, given map[string]bool) error {
	t, err := cfg.newTrainer(nets.KindAE, given, &cfg.aeSettings, nil)
	if err != nil {
		return err
	}
	model, err := evalModel(&cfg.noiseSettings, &cfg.evalSettings, t.ds.D)
	if err != nil {
		return err
	}
	noises := make([]*noise.Noise, len(cfg.TrainLevels))
	for i, l := range cfg.TrainLevels {
		noises[i] = &noise.Noise{Model: model, Level: l.lo, Ranged: l.ranged, Lo: l.lo, Hi: l.hi, PerSample: cfg.PerSample && l.ranged}
		if err := noises[i].Check(t.ds.D); err != nil {
			return fmt.Errorf("--train-levels %s: %w", l, err)
		}
	}
	dir, err := results.NewRunDir(cfg.Out, "dae-matrix", time.Now())
	if err != nil {
		return err
	}
	if err := writeConfig(dir, optionsOf(cfg.groups()), "dae-matrix", t.spec); err != nil {
		return err
	}
	if cfg.Quiet {
		fmt.Fprintln(env.stdout, dir)
	}
	start := time.Now()
	// The first interrupt stops every training after its epoch under way
	// (those not started yet stop before their first) and the matrix is
	// written of the DAEs as they are; there are no checkpoints, so the run
	// cannot be resumed.
	t.stop = env.interruptible()
	pretrain := !cfg.NoPretrain && cfg.InitWeights == ""
	p0, _, err := cfg.start(env, t, pretrain, cfg.Quiet)
	if errors.Is(err, errPretrainInterrupted) {
		env.say(cfg.Quiet, "interrupted during the pretraining: no DAE trained, nothing written but config.json\n")
		return nil
	}
	if err != nil {
		return err
	}
	// Models are built here, one goroutine; they train concurrently below.
	models := make([]nets.Model, len(noises))
	for i := range noises {
		if models[i], err = t.model(p0.Clone()); err != nil {
			return err
		}
	}
	env.say(cfg.Quiet, "training %d DAEs (%s) on %d cores\n", len(noises), cfg.TrainLevels, runtime.GOMAXPROCS(0))
	type outcome struct {
		h   *training.History
		ev  []noise.Eval
		err error
	}
	out := make([]outcome, len(noises))
	names, width := make([]string, len(noises)), 0
	for _, l := range cfg.TrainLevels {
		width = max(width, len(l.String()))
	}
	for i, l := range cfg.TrainLevels {
		names[i] = fmt.Sprintf("%-*s", width, l)
	}
	bars := env.multiProgress(cfg.Quiet, names)
	var wg sync.WaitGroup
	var mu sync.Mutex
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range noises {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			h, err := t.train(models[i], cfg.Epochs, cfg.Goal, noises[i], bars.hook(i))
			if err == nil {
				out[i].ev, err = noise.EvaluateDenoising(models[i], t.ds, model, cfg.TestLevels, cfg.Copies, cfg.EvalSeed)
			}
			out[i].h, out[i].err = h, err
			mu.Lock()
			defer mu.Unlock()
			if err == nil && !env.tty {
				env.say(cfg.Quiet, "  trained at %s: %d epochs (%s)\n", noises[i], h.Epochs, h.StoppedBecause)
			}
		}()
	}
	wg.Wait()
	bars.done()
	mm := &results.MatrixMetrics{Command: "dae-matrix", Noise: model.Name(), TestLevels: cfg.TestLevels, Pretrained: pretrain, Seed: cfg.Seed, BLAS: results.BLASName()}
	for i, o := range out {
		if o.err != nil {
			return fmt.Errorf("training at %s: %w", cfg.TrainLevels[i], o.err)
		}
		level := strings.ReplaceAll(cfg.TrainLevels[i].String(), ":", "-")
		if err := nets.SaveWeights(filepath.Join(dir, "weights-"+level+".npz"), nets.Info{Spec: t.spec, Data: cfg.Data}, models[i].Params()); err != nil {
			return err
		}
		if err := writeHistory(dir, "history-"+level+".csv", o.h, cfg.LogEvery); err != nil {
			return err
		}
		mm.TrainLevels = append(mm.TrainLevels, cfg.TrainLevels[i].String())
		mm.EpochsRun = append(mm.EpochsRun, o.h.Epochs)
		mm.StoppedBecause = append(mm.StoppedBecause, o.h.StoppedBecause)
		var row, one []float64
		for _, e := range o.ev {
			row, one = append(row, e.OutputWrongPixels), append(one, e.WithinOnePixel)
		}
		mm.OutputWrongPixels, mm.WithinOnePixel = append(mm.OutputWrongPixels, row), append(mm.WithinOnePixel, one)
	}
	for _, e := range out[0].ev {
		mm.InputWrongPixels = append(mm.InputWrongPixels, e.InputWrongPixels)
		mm.InputWithinOnePixel = append(mm.InputWithinOnePixel, e.InputWithinOnePixel)
	}
	mm.Seconds = time.Since(start).Seconds()
	rows := append(append([][]float64{}, mm.OutputWrongPixels...), mm.InputWrongPixels)
	rowLabels := append(append([]string{}, mm.TrainLevels...), "no denoising")
	colLabels := make([]string, len(cfg.TestLevels))
	for i, l := range cfg.TestLevels {
		colLabels[i] = strconv.FormatFloat(l, 'g', -1, 64)
	}
	if err := plot.Heatmap(filepath.Join(dir, "matrix.png"), rows, rowLabels, colLabels, "trained at "+model.Name(), "tested at",
		fmt.Sprintf("%s: wrong pixels per glyph after denoising (mean of %d noisy copies)", t.spec.LayerString(), cfg.Copies)); err != nil {
		return err
	}
	if err := results.WriteJSON(filepath.Join(dir, "metrics.json"), mm); err != nil {
		return err
	}
	if err := results.WriteIndex(dir); err != nil {
		return err
	}
	if !cfg.Quiet {
		tw := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "trained at \\ tested at\t%s\t\n", strings.Join(colLabels, "\t"))
		for i := range rows {
			cells := make([]string, len(rows[i]))
			for j, v := range rows[i] {
				cells[j] = fmt.Sprintf("%.3f", v)
			}
			fmt.Fprintf(tw, "%s\t%s\t\n", rowLabels[i], strings.Join(cells, "\t"))
		}
		tw.Flush()
		fmt.Fprintf(env.stdout, "wrong pixels per glyph after denoising; %.1f s → %s\n", mm.Seconds, dir)
	}
	if slices.Contains(mm.StoppedBecause, training.StopInterrupted) {
		env.say(cfg.Quiet, "interrupted: the DAEs stopped after the epochs in metrics.json's epochs_run (dae-matrix cannot be resumed)\n")
	}
	return nil
}
