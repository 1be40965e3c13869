package training

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/backprop"
	"github.com/aenets/aenets/training/noise"
)

// resumeCase is a run to interrupt and resume.
type resumeCase struct {
	name     string
	build    func(nets.Spec, *nets.Params, nets.Adam, ...int) (nets.Model, error)
	spec     nets.Spec
	ds       *data.Dataset
	schedule string
	cfg      Config // Epochs, Batch, Patience, Noise, KLWarmup, Seed
}

func (c resumeCase) model(t testing.TB) nets.Model {
	t.Helper()
	p := must(nets.NewParams(c.spec, rng.New(c.cfg.Seed, rng.Init)))
	batch := c.cfg.Batch
	if batch == 0 {
		batch = c.ds.N
	}
	m, err := c.build(c.spec, p, nets.Adam{LR: 0.01}, batch)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func (c resumeCase) config(t testing.TB) Config {
	cfg := c.cfg
	cfg.Schedule = must(ParseSchedule(c.schedule))
	cfg.Goal = -1
	return cfg
}

// TestResumeIsExact interrupts runs (Config.Stop, closed by a hook), then
// resumes each from its checkpoint in a model built anew, as a new process
// would: the weights and history at the end must be those of the same run
// uninterrupted, bit for bit.
func TestResumeIsExact(t *testing.T) {
	font, emoji := data.Font(), data.Emoji()
	vae := must(nets.DefaultVAE(emoji.D, 2).WithLayers([]int{400, 24, 2, 24, 400}))
	flip := &noise.Noise{Model: noise.Flip{}, Ranged: true, Lo: 0, Hi: 0.1}
	cases := []resumeCase{
		{"gorgonia/ae/adaptive", nets.Build, nets.DefaultAE(font.D), font, "adaptive:up-after=3,down-after=2", Config{Epochs: 12, Seed: 1}},
		{"backprop/ae/minibatch+patience", backprop.Build, nets.DefaultAE(font.D), font, "step:every=4", Config{Epochs: 12, Batch: 5, Patience: 3, Seed: 2}},
		{"gorgonia/dae/noise", nets.Build, nets.DefaultAE(font.D), font, "exp:gamma=0.9", Config{Epochs: 10, Batch: 8, Noise: flip, Seed: 3}},
		{"backprop/dae/noise", backprop.Build, nets.DefaultAE(font.D), font, "fixed", Config{Epochs: 10, Batch: 8, Noise: flip, Seed: 3}},
		{"gorgonia/vae/warmup", nets.Build, vae, emoji, "fixed", Config{Epochs: 8, Batch: 16, KLWarmup: 5, Seed: 4}},
		{"backprop/vae/warmup", backprop.Build, vae, emoji, "adaptive:up-after=2,down-after=2", Config{Epochs: 8, KLWarmup: 5, Seed: 4}},
		{"backprop/ae/test-every", backprop.Build, nets.DefaultAE(font.D), font, "fixed", Config{Epochs: 10, Batch: 8, Seed: 5, Test: font.Subset([]int{3, 1, 4}), TestEvery: 3}},
		{"gorgonia/vae/test-every", nets.Build, vae, emoji, "fixed", Config{Epochs: 7, KLWarmup: 4, Seed: 6, Test: emoji.Subset([]int{5, 9, 2, 6}), TestEvery: 2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			whole := c.model(t)
			hw, err := Train(whole, c.ds, c.config(t))
			if err != nil {
				t.Fatal(err)
			}
			for _, at := range []int{0, 1, c.cfg.Epochs / 2} {
				path := filepath.Join(t.TempDir(), "checkpoint.npz")
				stop := make(chan struct{})
				if at == 0 {
					close(stop)
				}
				cfg := c.config(t)
				cfg.Stop, cfg.CheckpointPath, cfg.CheckpointEvery = stop, path, 4
				first := c.model(t)
				h, err := Train(first, c.ds, cfg, func(p Progress) error {
					if p.Epoch == at {
						close(stop)
					}
					return nil
				})
				if err != nil || h.StoppedBecause != StopInterrupted || h.Epochs != at {
					t.Fatalf("interrupted at %d: %d epochs (%s), %v", at, h.Epochs, h.StoppedBecause, err)
				}
				ck, err := LoadCheckpoint(path)
				if err != nil {
					t.Fatal(err)
				}
				cfg = c.config(t)
				cfg.Resume, cfg.CheckpointPath = ck, path
				second := c.model(t)
				hr, err := Train(second, c.ds, cfg)
				if err != nil {
					t.Fatal(err)
				}
				if d := whole.Params().MaxAbsDiff(second.Params()); d != 0 || !sameBits(whole.Params().Flatten(nil), second.Params().Flatten(nil)) {
					t.Errorf("interrupted after epoch %d and resumed: weights differ by %g", at, d)
				}
				if hr.Epochs != hw.Epochs || hr.StoppedBecause != hw.StoppedBecause || hr.BestEpoch != hw.BestEpoch ||
					!sameBits(hr.Loss, hw.Loss) || !sameBits(hr.LR, hw.LR) || !sameBits(hr.TrainLoss, hw.TrainLoss) || !slices.Equal(hr.MaxWrong, hw.MaxWrong) ||
					!sameBits(hr.TestLoss, hw.TestLoss) {
					t.Errorf("interrupted after epoch %d and resumed: another history (%d epochs, %s)", at, hr.Epochs, hr.StoppedBecause)
				}
				final, err := LoadCheckpoint(path)
				if err != nil || final.Resumable() == nil {
					t.Errorf("the last checkpoint of a finished run: %v, resumable: %v", err, final.Resumable())
				}
			}
		})
	}
}

func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// TestResumeRefusesAnotherRun resumes a checkpoint with other settings.
func TestResumeRefusesAnotherRun(t *testing.T) {
	c := resumeCase{"", nets.Build, nets.DefaultAE(35), data.Font(), "fixed", Config{Epochs: 4, Seed: 1}}
	path := filepath.Join(t.TempDir(), "checkpoint.npz")
	stop := make(chan struct{})
	cfg := c.config(t)
	cfg.Stop, cfg.CheckpointPath = stop, path
	if _, err := Train(c.model(t), c.ds, cfg, func(p Progress) error {
		if p.Epoch == 2 {
			close(stop)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ck := must(LoadCheckpoint(path))
	for name, change := range map[string]func(*Config){
		"seed":       func(c *Config) { c.Seed = 9 },
		"batch":      func(c *Config) { c.Batch = 4 },
		"schedule":   func(c *Config) { c.Schedule = &Adaptive{} },
		"epochs":     func(c *Config) { c.Epochs = 1 },
		"test-every": func(c *Config) { c.Test, c.TestEvery = data.Font(), 2 },
	} {
		cfg := c.config(t)
		cfg.Resume = ck
		change(&cfg)
		if _, err := Train(c.model(t), c.ds, cfg); err == nil {
			t.Errorf("resumed with another %s", name)
		}
	}
	// A run that scores a test set goes on only with the same one.
	cfg = c.config(t)
	stop = make(chan struct{})
	cfg.Stop, cfg.CheckpointPath, cfg.Test, cfg.TestEvery = stop, path, c.ds.Subset([]int{1, 2}), 2
	if _, err := Train(c.model(t), c.ds, cfg, func(p Progress) error {
		if p.Epoch == 2 {
			close(stop)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	cfg = c.config(t)
	cfg.Resume, cfg.Test, cfg.TestEvery = must(LoadCheckpoint(path)), c.ds.Subset([]int{2, 1}), 2
	if _, err := Train(c.model(t), c.ds, cfg); err == nil || !strings.Contains(err.Error(), "another test set") {
		t.Errorf("resumed with another test set: %v", err)
	}
	if err := os.WriteFile(path, []byte("PK\x03\x04junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCheckpoint(path); err == nil {
		t.Error("a junk checkpoint was read")
	}
}

// TestCheckpointNotWritten: a checkpoint that cannot be written (here its
// folder is missing, as a full disk would fail it) does not stop the run;
// Train reports it with the whole history.
func TestCheckpointNotWritten(t *testing.T) {
	c := resumeCase{"", backprop.Build, nets.DefaultAE(35), data.Font(), "fixed", Config{Epochs: 5, Seed: 1}}
	cfg := c.config(t)
	cfg.CheckpointPath = filepath.Join(t.TempDir(), "missing", "checkpoint.npz")
	h, err := Train(c.model(t), c.ds, cfg)
	var ce *CheckpointError
	if !errors.As(err, &ce) || ce.Epoch != 0 || h.Epochs != 5 || h.StoppedBecause != StopEpochs {
		t.Errorf("error %v, %d epochs (%s)", err, h.Epochs, h.StoppedBecause)
	}
}
