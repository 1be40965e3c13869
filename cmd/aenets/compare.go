package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/backprop"
	"github.com/aenets/aenets/nets/check"
	"github.com/aenets/aenets/results"
	"github.com/aenets/aenets/results/plot"
	"github.com/aenets/aenets/training"
)

// compareConfig is every setting of `aenets compare`.
type compareConfig struct {
	checkConfig
	optimSettings
	batchSettings
	initSettings
	compareSettings
	outputSettings
}

func (c *compareConfig) groups() []group {
	return append(c.checkConfig.groups(), &c.optimSettings, &c.batchSettings, &c.initSettings, &c.compareSettings, &c.outputSettings)
}

// compareSettings is how long compare trains and what it calls a drift.
type compareSettings struct {
	TrainSteps int
	Drift      float64
}

func (c *compareSettings) options() options {
	return in("compare",
		option{name: "steps", ptr: &c.TrainSteps, usage: "training steps to take on both engines, in lockstep, at a fixed --lr"},
		option{name: "drift", ptr: &c.Drift, usage: "report the first step after which the weights differ by more than this (max |Δw| over every parameter)"},
	)
}

func (c *compareSettings) check(map[string]bool) error {
	switch {
	case c.TrainSteps <= 0:
		return fmt.Errorf("--steps %d: want > 0", c.TrainSteps)
	case !(c.Drift >= 0):
		return fmt.Errorf("--drift %v: want ≥ 0", c.Drift)
	}
	return nil
}

// defaultCompare trains every kind at the AE's rate, --net vae at the VAE's.
func defaultCompare() *compareConfig {
	return &compareConfig{checkConfig: defaultCheck(), optimSettings: defaultAE().optimSettings,
		compareSettings: compareSettings{TrainSteps: 1000, Drift: 1e-9}, outputSettings: outputSettings{command: "compare", LogEvery: 1}}
}

func compareCommand(env *env) *cli.Command {
	cfg := defaultCompare()
	return newCommand("compare", "train on Gorgonia and on the hand-written engine in lockstep and watch them drift apart",
		"Starts both engines from the same weights (random from --seed, or --init-weights) and trains each for\n"+
			"--steps Adam steps at a fixed --lr on the same batches (full batch, or --batch samples in the same\n"+
			"seeded order) and, for --net dae, the same corrupted inputs (each step's drawn once and fed to both).\n"+
			"After every step it records max |Δw|, the largest difference of any weight between the engines, and\n"+
			"|Δloss|, and it times each engine's steps. Prints a table every --steps/10 steps, the first step whose\n"+
			"max |Δw| exceeds --drift, the largest differences and the µs per step of each engine; writes\n"+
			"compare.png, metrics.json and config.json to a run folder.\n"+netKindsHelp(),
		cfg.groups(), func(given map[string]bool) error {
			return runCompare(env, cfg, given)
		})
}

// kind returns the kind of --net, with its defaults: --net vae trains at
// the VAE's rate unless --lr is given.
func (c *compareConfig) kind(given map[string]bool) (netKind, error) {
	k, err := c.checkConfig.kind(optionsOf(c.groups()), given)
	if err == nil && k.name == "vae" && !given["lr"] {
		c.LR = defaultVAE().LR
	}
	return k, err
}

// lockstep is compare's two models and the batches they are fed.
type lockstep struct {
	g, h    nets.Model
	ds      *data.Dataset
	input   string // what the inputs are: "clean", or the noise
	batches *training.Batcher
}

// newLockstep builds both models from the same weights.
func (c *compareConfig) newLockstep(k netKind, given map[string]bool) (*lockstep, nets.Spec, error) {
	ds, err := loadData(c.Data)
	if err != nil {
		return nil, nets.Spec{}, err
	}
	spec, err := k.spec(&c.checkConfig, ds.D, given)
	if err != nil {
		return nil, nets.Spec{}, err
	}
	init, err := nets.NewParams(spec, rng.New(c.Seed, rng.Init))
	if err != nil {
		return nil, nets.Spec{}, err
	}
	if c.InitWeights != "" {
		if _, init, err = nets.LoadWeightsFor(c.InitWeights, spec); err != nil {
			return nil, nets.Spec{}, err
		}
	}
	noise, err := k.noise(&c.checkConfig, ds.D, given)
	if err != nil {
		return nil, nets.Spec{}, err
	}
	batches := training.NewBatcher(ds, c.Batch, noise, c.Seed)
	if c.InitWeights != "" && given["seed"] && !k.seeded && batches.Size() == ds.N {
		return nil, nets.Spec{}, fmt.Errorf("--seed: with --init-weights and full batches, --net %s draws nothing at random", k.name)
	}
	if err := backprop.Supports(spec); err != nil {
		return nil, nets.Spec{}, err
	}
	l := &lockstep{ds: ds, input: inputName(noise), batches: batches}
	if l.g, err = nets.Build(spec, init.Clone(), c.adam(), batches.Sizes()...); err != nil {
		return nil, nets.Spec{}, fmt.Errorf("gorgonia engine: %w", err)
	}
	if l.h, err = backprop.Build(spec, init.Clone(), c.adam(), batches.Sizes()...); err != nil {
		return nil, nets.Spec{}, fmt.Errorf("backprop engine: %w", err)
	}
	if k.prepare != nil {
		if err := k.prepare(&c.checkConfig, batches.Size(), false, l.g, l.h); err != nil {
			return nil, nets.Spec{}, err
		}
	}
	return l, spec, nil
}

// run takes steps on both engines in lockstep (check.Lockstep), batch after
// batch as training.Train feeds them, calling each after every step; it
// stops early when each returns false.
func (l *lockstep) run(steps int, each func(check.Step) bool) error {
	return check.Lockstep(check.Engine{Name: "gorgonia", Model: l.g}, check.Engine{Name: "backprop", Model: l.h},
		l.batches, steps, each)
}

func finite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

func runCompare(env *env, cfg *compareConfig, given map[string]bool) error {
	k, err := cfg.kind(given)
	if err != nil {
		return err
	}
	l, spec, err := cfg.newLockstep(k, given)
	if err != nil {
		return err
	}
	dir, err := results.NewRunDir(cfg.Out, "compare", time.Now())
	if err != nil {
		return err
	}
	if err := writeConfig(dir, optionsOf(cfg.groups()).forNet(k.name), "compare", spec); err != nil {
		return err
	}
	steps := cfg.TrainSteps
	cfg.started(env, dir, "aenets compare: %s %s on %s (%d samples, batches of %d), input %s, lr %g, seed %d, %d steps → %s\n",
		k.name, spec.LayerString(), l.ds.Name, l.ds.N, l.batches.Size(), l.input, cfg.LR, cfg.Seed, steps, dir)
	m := &results.CompareMetrics{Command: "compare", Net: k.name, Layers: spec.Layers(), Data: cfg.Data, Samples: l.ds.N,
		Batch: l.batches.Size(), Input: l.input, Seed: cfg.Seed, Drift: cfg.Drift, BLAS: results.BLASName()}
	// Rows are printed as they come, in columns of fixed width.
	const row = "%8s  %16s  %16s  %9s  %9s\n"
	env.say(cfg.Quiet, row, "step", "loss gorgonia", "loss backprop", "|Δloss|", "max |Δw|")
	every := max(1, steps/10)
	var tg, th time.Duration
	var diverged error
	err = l.run(steps, func(r check.Step) bool {
		step := r.Step
		if !finite(r.LossA, r.LossB, r.WeightDiff) {
			diverged = fmt.Errorf("step %d: loss %v (gorgonia), %v (backprop), weights %v apart: training diverged; try a lower --lr",
				step, r.LossA, r.LossB, r.WeightDiff)
			return false
		}
		m.Steps = step
		s := &m.Series
		s.WeightDiff, s.LossDiff = append(s.WeightDiff, r.WeightDiff), append(s.LossDiff, r.LossDiff)
		s.LossGorgonia, s.LossBackprop = append(s.LossGorgonia, r.LossA), append(s.LossBackprop, r.LossB)
		m.MaxWeightDiff, m.MaxLossDiff = max(m.MaxWeightDiff, r.WeightDiff), max(m.MaxLossDiff, r.LossDiff)
		if r.WeightDiff > cfg.Drift && m.FirstDriftStep == nil {
			m.FirstDriftStep = &step
		}
		if (r.WeightDiff != 0 || r.LossDiff != 0) && m.FirstDiffStep == nil {
			m.FirstDiffStep = &step
		}
		tg, th = tg+r.TimeA, th+r.TimeB
		if step%every == 0 || step == steps {
			env.say(cfg.Quiet, row, strconv.Itoa(step), fmt.Sprintf("%.12g", r.LossA), fmt.Sprintf("%.12g", r.LossB),
				fmt.Sprintf("%.3g", r.LossDiff), fmt.Sprintf("%.3g", r.WeightDiff))
		}
		return true
	})
	if err != nil {
		return err
	}
	if m.Steps == 0 {
		return fmt.Errorf("compare: %w", diverged)
	}
	m.USPerStepGorgonia = float64(tg.Nanoseconds()) / 1e3 / float64(m.Steps)
	m.USPerStepBackprop = float64(th.Nanoseconds()) / 1e3 / float64(m.Steps)
	if th > 0 {
		m.Speedup = float64(tg) / float64(th)
	}
	sr := &m.Series
	if err := results.WriteCSV(filepath.Join(dir, "history.csv"), "step", cfg.LogEvery,
		results.Column{Name: "weight_diff", Values: sr.WeightDiff}, results.Column{Name: "loss_diff", Values: sr.LossDiff},
		results.Column{Name: "loss_gorgonia", Values: sr.LossGorgonia}, results.Column{Name: "loss_backprop", Values: sr.LossBackprop}); err != nil {
		return err
	}
	if err := compareFigure(filepath.Join(dir, "compare.png"), m, k, spec); err != nil {
		return err
	}
	if err := results.WriteJSON(filepath.Join(dir, "metrics.json"), m); err != nil {
		return err
	}
	if err := results.WriteIndex(dir); err != nil {
		return err
	}
	if !cfg.Quiet {
		printCompare(env, m)
	}
	if diverged != nil {
		return fmt.Errorf("compare: %w (the run folder holds the steps before)", diverged)
	}
	return nil
}

func printCompare(env *env, m *results.CompareMetrics) {
	w := env.stdout
	if m.FirstDriftStep != nil {
		fmt.Fprintf(w, "weights first differ by more than %g after step %d\n", m.Drift, *m.FirstDriftStep)
	} else {
		fmt.Fprintf(w, "weights never differ by more than %g within %d steps\n", m.Drift, m.Steps)
	}
	if m.FirstDiffStep != nil {
		fmt.Fprintf(w, "first difference of any size (weights or loss) at step %d\n", *m.FirstDiffStep)
	} else {
		fmt.Fprintf(w, "the engines agree bit for bit: weights and losses identical at every step\n")
	}
	fmt.Fprintf(w, "largest differences: max |Δw| %.3g, |Δloss| %.3g\n", m.MaxWeightDiff, m.MaxLossDiff)
	fmt.Fprintf(w, "µs per step: gorgonia %.1f, backprop %.1f (backprop %.1f× as fast)\n",
		m.USPerStepGorgonia, m.USPerStepBackprop, m.Speedup)
}

// logFloor is where compare.png draws exact zeros on its log axis, unless
// some difference is smaller: then a decade below the smallest.
const logFloor = 1e-18

// compareFigure draws max |Δw| and |Δloss| per step on a log axis. Zeros
// cannot be drawn there: they are drawn at a floor, and the title says so.
func compareFigure(path string, m *results.CompareMetrics, k netKind, spec nets.Spec) error {
	floor := logFloor
	zeros := [2]int{}
	for i, ys := range [][]float64{m.Series.WeightDiff, m.Series.LossDiff} {
		for _, v := range ys {
			switch {
			case v == 0:
				zeros[i]++
			case v < floor:
				floor = math.Pow(10, math.Floor(math.Log10(v))-1)
			}
		}
	}
	lift := func(ys []float64) []float64 {
		out := make([]float64, len(ys))
		for i, v := range ys {
			out[i] = max(v, floor)
		}
		return out
	}
	x := make([]float64, m.Steps)
	drift := make([]float64, m.Steps)
	for i := range x {
		x[i], drift[i] = float64(i+1), m.Drift
	}
	curves := []plot.Curve{
		{Name: "max |Δw|", Y: lift(m.Series.WeightDiff)},
		{Name: "|Δloss|", Y: lift(m.Series.LossDiff)},
	}
	if m.Drift > 0 {
		curves = append(curves, plot.Curve{Name: fmt.Sprintf("--drift %g", m.Drift), Y: drift})
	}
	title := fmt.Sprintf("%s %s: Gorgonia against the hand-written engine, %d steps", k.name, spec.LayerString(), m.Steps)
	if zeros[0]+zeros[1] > 0 {
		title += fmt.Sprintf("\nzeros, which a log axis cannot show, drawn at %.0e: max |Δw| = 0 after %d of %d steps, |Δloss| = 0 at %d",
			floor, zeros[0], m.Steps, zeros[1])
	}
	if err := plot.Series(path, x, curves, "step", "difference between the engines", true, title); err != nil {
		return fmt.Errorf("compare.png: %w", err)
	}
	return nil
}
