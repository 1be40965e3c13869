package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/results"
	"github.com/aenets/aenets/training"
)

// vaeConfig is every setting of `aenets vae`: the training settings, the
// VAE's objective and warm-up, and its figures.
type vaeConfig struct {
	trainSettings
	vaeSettings
	warmupSettings
	vaeFigures
	reconExport
	checkpointSettings
}

func (c *vaeConfig) groups() []group {
	return append(c.trainSettings.groups(), &c.testSettings, &c.vaeSettings, &c.warmupSettings, &c.vaeFigures, &c.reconExport, &c.checkpointSettings)
}

// defaultVAE: 400-300-200-100-3 (relu) and back (sigmoid output), BCE
// summed over pixels + KL (β = 1) with 1.5 free bits per latent dimension,
// on the 56 emoji, full batch, Adam at a fixed 3e-3 for 1200 epochs: about
// 20 s on Gorgonia on 2 cores (the former default, 1000 epochs without free
// bits, 16 s). Chosen by measurement (README, "aenets vae"; seeds 1–3,
// latent 3): without free bits only one dimension carries information
// (mean absolute pixel error 0.033–0.034); with λ = 1.5 all three do, the
// error is 0.015–0.018, and the true ELBO (β = 1, no floor) and the prior
// samples' distance to the faces are better too. λ = 2 reconstructs better
// still but its ELBO varies more from seed to seed; cyclical or linear KL
// warm-up did not help at this budget.
func defaultVAE() *vaeConfig {
	c := &vaeConfig{trainSettings: defaultAE().trainSettings,
		vaeSettings: vaeSettings{Beta: 1, FreeBits: 1.5}, warmupSettings: warmupSettings{KLRamp: training.DefaultKLRamp},
		vaeFigures:         vaeFigures{Samples: 64, Grid: 11, Pairs: "auto", Steps: 9},
		checkpointSettings: checkpointSettings{CheckpointEvery: 500}}
	c.Data, c.Hidden, c.Latent, c.Act = "emoji", intList{300, 200, 100}, 3, "relu"
	c.LR, c.Schedule, c.Epochs, c.command = 3e-3, "fixed", 1200, "vae"
	return c
}

func vaeCommand(env *env) *cli.Command {
	cfg := defaultVAE()
	return newCommand("vae", "train a variational autoencoder (default: the 56 emoji faces, latent 3)",
		"Trains, then writes a run folder: config.json, metrics.json, weights.npz, loss.png, reconstructions.png,\n"+
			"errors.png, latent.png (and latent-3d.png for latent 3), samples.png, traversal.png, grid.png,\n"+
			"interpolation.png and "+
			"index.html, a page showing them all.",
		cfg.groups(), func(given map[string]bool) error {
			return runVAE(env, cfg, given)
		})
}

// pairs resolves --pairs against the data's labels.
func (c *vaeConfig) pairs(ds *data.Dataset, mu []float64, k int) ([][2]int, error) {
	spec := c.Pairs
	if spec == "auto" {
		named := [][2]string{{"grinning", "angry"}, {"sunglasses", "sob"}, {"heart_eyes", "dizzy_face"}}
		var out [][2]int
		for _, p := range named {
			a, okA := ds.Index(p[0])
			b, okB := ds.Index(p[1])
			if okA && okB {
				out = append(out, [2]int{a, b})
			}
		}
		if len(out) > 0 {
			return out, nil
		}
		a, b := results.Furthest(mu, ds.N, k)
		out = append(out, [2]int{a, b})
		r := rng.New(c.Seed, rng.Sample)
		for range 2 {
			if ds.N > 1 {
				p := r.Perm(ds.N)
				out = append(out, [2]int{p[0], p[1]})
			}
		}
		return out, nil
	}
	var out [][2]int
	for _, p := range strings.Split(spec, ",") {
		from, to, ok := strings.Cut(strings.TrimSpace(p), ":")
		if !ok {
			return nil, fmt.Errorf("--pairs %q: want from:to pairs of labels, separated by commas", spec)
		}
		a, err := labelIndex(ds, from)
		if err != nil {
			return nil, fmt.Errorf("--pairs: %w", err)
		}
		b, err := labelIndex(ds, to)
		if err != nil {
			return nil, fmt.Errorf("--pairs: %w", err)
		}
		out = append(out, [2]int{a, b})
	}
	return out, nil
}

// labelIndex finds a sample by label, or says which labels there are.
func labelIndex(ds *data.Dataset, label string) (int, error) {
	if i, ok := ds.Index(label); ok {
		return i, nil
	}
	shown := ds.Labels
	if len(shown) > 12 {
		shown = append(append([]string{}, shown[:12]...), "…")
	}
	return 0, fmt.Errorf("%s has no sample labelled %q (labels: %s)", ds.Name, label, strings.Join(shown, " "))
}

func runVAE(env *env, cfg *vaeConfig, given map[string]bool) error {
	t, err := cfg.newTrainer(nets.KindVAE, given, nil, &cfg.vaeSettings)
	if err != nil {
		return err
	}
	t.klWarmup, t.klCycles, t.klRamp = cfg.KLWarmup, cfg.KLCycles, cfg.KLRamp
	if cfg.Pairs != "auto" { // fail before training on labels the data lacks
		if _, err := cfg.pairs(t.ds, nil, 0); err != nil {
			return err
		}
	}
	if err := t.checkFigures(cfg.Steps, cfg.Grid, cfg.Samples); err != nil {
		return err
	}
	model, err := t.model(t.init)
	if err != nil {
		return err
	}
	t.checkpointEvery = cfg.CheckpointEvery
	dir, err := t.runDir(env, "vae", optionsOf(cfg.groups()))
	if err != nil {
		return err
	}
	defer results.ReleaseRunDir(dir)
	cfg.started(env, dir, "aenets vae: %s on %s (%d samples), %s + %g·KL, seed %d → %s\n",
		t.spec.LayerString(), t.ds.Name, t.ds.N, t.spec.Loss, cfg.Beta, cfg.Seed, dir)
	trace, err := results.NewKLTrace(model, t.ds, cfg.Epochs)
	if err != nil {
		return err
	}
	bar := env.progress(cfg.Quiet)
	h, trainErr := t.train(model, cfg.Epochs, -1, nil, bar.hook, trace.Hook)
	bar.done()
	trace.Done()
	if fatal(trainErr) {
		return trainErr
	}
	if err := writeHistory(dir, "history.csv", h, cfg.LogEvery); err != nil {
		return err
	}
	pairs := func(mu []float64) ([][2]int, error) { return cfg.pairs(t.ds, mu, t.spec.Latent) }
	met, err := results.WriteVAE(dir, results.VAERun{
		Model: model, Data: t.ds, History: h, Seed: cfg.Seed, DataSource: cfg.Data,
		Samples: cfg.Samples, SampleRand: rng.New(cfg.Seed, rng.Sample), Grid: cfg.Grid, Pairs: pairs, Steps: cfg.Steps, SaveRecon: cfg.SaveRecon, Trace: trace,
	})
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
	env.say(cfg.Quiet, "%d epochs (%s): loss %.4g = reconstruction %.4g + %g·KL %.4g; mean absolute pixel error %.4f; %.1f s (%.0f µs/epoch)\n",
		met.EpochsRun, met.StoppedBecause, met.FinalLoss, met.ReconLoss, met.Beta, met.KL, met.MeanAbsPixelError, met.Seconds, met.USPerEpoch)
	env.say(cfg.Quiet, "%d of %d latent dimensions active, KL per dimension %s; negative ELBO (β = 1) %.4g; prior samples' error to the nearest sample %.4f\n",
		met.ActiveUnits, met.Latent, fmtNats(met.KLPerDim), met.NegELBO, met.SampleNearestMAE)
	return trainErr
}

// fmtNats writes values as "1.23 0.45 0.01".
func fmtNats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.FormatFloat(x, 'g', 3, 64)
	}
	return strings.Join(s, " ")
}
