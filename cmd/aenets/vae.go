package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/results"
	"github.com/aenets/aenets/training"
)

// vaeConfig is every setting of `aenets vae`: the AE's training settings,
// the VAE's loss, and its figures.
type vaeConfig struct {
	aeConfig
	Samples int
	Pairs   string
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
	c := &vaeConfig{aeConfig: *defaultAE(), Samples: 64, Pairs: "auto"}
	a := &c.aeConfig
	a.kind, a.Data, a.Hidden, a.Latent, a.Act, a.LatentAct = nets.KindVAE, "emoji", intList{300, 200, 100}, 3, "relu", "identity"
	a.Beta, a.LR, a.Schedule, a.Epochs, a.Goal, a.Steps, a.Grid = 1, 3e-3, "fixed", 1200, -1, 9, 11
	a.FreeBits = 1.5
	a.KLRamp = training.DefaultKLRamp
	return c
}

func (c *vaeConfig) options() options {
	o := c.aeConfig.options().without("latent-act", "l1", "tied", "goal", "interpolate", "steps", "grid")
	return append(o,
		option{name: "beta", ptr: &c.Beta, usage: "weight β of the KL term (0: an autoencoder with the VAE's architecture)"},
		option{name: "kl-warmup", ptr: &c.KLWarmup, usage: "epochs over which β grows linearly from β/kl-warmup to β (0: none)"},
		option{name: "free-bits", ptr: &c.FreeBits, usage: "free bits λ per latent dimension, in nats (Kingma et al. 2016): the objective's KL is Σ_i max(KL_i, λ), KL_i the batch-mean KL of dimension i (0: the plain KL)"},
		option{name: "kl-cycles", ptr: &c.KLCycles, usage: "cyclical KL warm-up (Fu et al. 2019): cut the epochs into this many cycles, in each of which β climbs linearly to its value over the first --kl-ramp of the cycle, then stays (0: none; not with --kl-warmup)"},
		option{name: "kl-ramp", ptr: &c.KLRamp, usage: "with --kl-cycles: the fraction of each cycle over which β climbs"},
		option{name: "samples", ptr: &c.Samples, usage: "new samples decoded from z ~ N(0, I) (seeded by --seed) in samples.png"},
		option{name: "grid", ptr: &c.Grid, usage: "grid.png decodes grid×grid points of the two most active latent dimensions from -2.5 to 2.5 (the others at 0); traversal.png this many points along each dimension"},
		option{name: "pairs", ptr: &c.Pairs, usage: "interpolation.png: pairs of labels, from:to,from:to (auto: grinning:angry, sunglasses:sob, heart_eyes:dizzy_face where the data has them, else the two codes furthest apart and two seeded random pairs)"},
		option{name: "steps", ptr: &c.Steps, usage: "decodings along each interpolation, ends included"},
	)
}

func vaeCommand(env *env) *cli.Command {
	cfg := defaultVAE()
	opts := cfg.options()
	return newCommand("vae", "train a variational autoencoder (default: the 56 emoji faces, latent 3)",
		"Trains, then writes a run folder: config.json, metrics.json, weights.npz, loss.png, reconstructions.png,\n"+
			"errors.png, latent.png (and latent-3d.png for latent 3), samples.png, traversal.png, grid.png, interpolation.png.",
		opts, func(given map[string]bool) error {
			return runVAE(env, cfg, opts, given)
		})
}

// Check reports settings that cannot work, before any data is read.
func (c *vaeConfig) Check() error {
	if err := c.aeConfig.Check(); err != nil {
		return err
	}
	switch {
	case !(c.Beta >= 0):
		return fmt.Errorf("--beta %v: want ≥ 0", c.Beta)
	case c.KLWarmup < 0:
		return fmt.Errorf("--kl-warmup %d: want ≥ 0", c.KLWarmup)
	case !(c.FreeBits >= 0) || math.IsInf(c.FreeBits, 1):
		return fmt.Errorf("--free-bits %v: want ≥ 0 nats", c.FreeBits)
	case c.KLCycles < 0:
		return fmt.Errorf("--kl-cycles %d: want ≥ 0", c.KLCycles)
	case c.KLCycles > 0 && c.KLWarmup > 0:
		return fmt.Errorf("--kl-cycles %d and --kl-warmup %d: a cyclical or a linear warm-up, not both", c.KLCycles, c.KLWarmup)
	case !(c.KLRamp > 0 && c.KLRamp <= 1):
		return fmt.Errorf("--kl-ramp %v: want a fraction of the cycle in (0, 1]", c.KLRamp)
	case c.Samples <= 0 || c.Samples > 400:
		return fmt.Errorf("--samples %d: want 1 to 400", c.Samples)
	}
	return nil
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

func runVAE(env *env, cfg *vaeConfig, opts options, given map[string]bool) error {
	if err := cfg.Check(); err != nil {
		return err
	}
	t, err := cfg.newTrainer(given)
	if err != nil {
		return err
	}
	if cfg.Pairs != "auto" { // fail before training on labels the data lacks
		if _, err := cfg.pairs(t.ds, nil, 0); err != nil {
			return err
		}
	}
	model, err := t.model(t.init)
	if err != nil {
		return err
	}
	dir, err := results.NewRunDir(cfg.Out, "vae", time.Now())
	if err != nil {
		return err
	}
	if err := writeConfig(dir, opts, "vae", t.spec); err != nil {
		return err
	}
	env.say(cfg.Quiet, "aenets vae: %s on %s (%d samples), %s + %g·KL, seed %d → %s\n",
		t.spec.LayerString(), t.ds.Name, t.ds.N, t.spec.Loss, cfg.Beta, cfg.Seed, dir)
	trace, err := results.NewKLTrace(model, t.ds, cfg.Epochs)
	if err != nil {
		return err
	}
	bar := newProgress(env.stderr, env.tty, cfg.Quiet)
	h, trainErr := t.train(model, cfg.Epochs, cfg.Goal, nil, bar.hook, trace.Hook)
	bar.done()
	if fatal(trainErr) {
		return trainErr
	}
	k := t.spec.Latent
	mu := make([]float64, t.ds.N*k)
	if _, err := model.Evaluate(t.ds.X, t.ds.X, t.ds.N, nil, mu); err != nil {
		return err
	}
	pairs, err := cfg.pairs(t.ds, mu, k)
	if err != nil {
		return err
	}
	met, err := results.WriteVAE(dir, results.VAERun{
		Model: model, Data: t.ds, History: h, Seed: cfg.Seed, DataSource: cfg.Data,
		Samples: cfg.Samples, SampleRand: rng.New(cfg.Seed, rng.Sample), Grid: cfg.Grid, Pairs: pairs, Steps: cfg.Steps, Trace: trace,
	})
	if err != nil {
		return err
	}
	if err := results.WriteJSON(filepath.Join(dir, "metrics.json"), met); err != nil {
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
