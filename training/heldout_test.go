package training

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/internal/setting"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/nets/backprop"
)

// scored returns the epochs (from 1) whose test loss is not NaN.
func scored(h *History) []int {
	var e []int
	for i, v := range h.TestLoss {
		if !math.IsNaN(v) {
			e = append(e, i+1)
		}
	}
	return e
}

// TestTestEveryCadence: the test set is scored every TestEvery epochs and
// at the run's last, whatever ends it (its epochs, the goal, patience); the
// hooks see the last score; without TestEvery there is no test loss.
func TestTestEveryCadence(t *testing.T) {
	ds, test := binaryData(5, 6, 1), binaryData(3, 6, 2)
	cases := []struct {
		name  string
		cfg   Config
		setup func(*fake)
		want  []int
	}{
		{"epochs", Config{Epochs: 10, Goal: -1, TestEvery: 3}, nil, []int{3, 6, 9, 10}},
		{"every epoch", Config{Epochs: 3, Goal: -1, TestEvery: 1}, nil, []int{1, 2, 3}},
		{"goal", Config{Epochs: 100, Goal: 1, TestEvery: 3}, func(f *fake) { f.wrong = func(s int) int { return max(0, 5-s) } }, []int{3, 4}},
		{"patience", Config{Epochs: 100, Patience: 4, Goal: -1, TestEvery: 5},
			func(f *fake) { f.loss = func(s int) float64 { return math.Abs(float64(s)-3) + 1 } }, []int{5, 7}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFake(6)
			if c.setup != nil {
				c.setup(f)
			}
			cfg := c.cfg
			cfg.Test = test
			var seen []int
			h, err := Train(f, ds, cfg, func(p Progress) error {
				seen = append(seen, p.TestEpoch)
				if p.TestEpoch > 0 && p.TestLoss != f.loss(p.TestEpoch) { // full batches: a step an epoch
					t.Errorf("epoch %d: progress test loss %v of epoch %d", p.Epoch, p.TestLoss, p.TestEpoch)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(h.TestLoss) != h.Epochs || !slices.Equal(scored(h), c.want) {
				t.Fatalf("%d epochs (%s), test losses after %v (of %d), want after %v", h.Epochs, h.StoppedBecause, scored(h), len(h.TestLoss), c.want)
			}
			for _, e := range c.want {
				if h.TestLoss[e-1] != h.Loss[e-1] { // the fake's loss does not depend on the samples
					t.Errorf("test loss after epoch %d: %v, want %v", e, h.TestLoss[e-1], h.Loss[e-1])
				}
			}
			for i, e := range seen {
				k, _ := slices.BinarySearch(c.want, i+2)
				if want := append([]int{0}, c.want...)[k]; e != want {
					t.Errorf("epoch %d: the hook sees the test score of epoch %d, want %d", i+1, e, want)
				}
			}
		})
	}
	h, err := Train(newFake(6), ds, Config{Epochs: 3, Goal: -1, Test: test})
	if err != nil || h.TestLoss != nil {
		t.Errorf("TestEvery 0: test losses %v, %v", h.TestLoss, err)
	}
}

// TestTestEveryChecks: the cadence and the test set are checked, with the
// setting named as the flag is.
func TestTestEveryChecks(t *testing.T) {
	ds := binaryData(5, 6, 1)
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{Epochs: 1, TestEvery: -1}, "test-every -1: want ≥ 0 (0 = only at the end)"},
		{Config{Epochs: 1, TestEvery: 2}, "test-every 2: want 0 without a test set"},
	} {
		var se *setting.Error
		if err := c.cfg.Check(); err == nil || !strings.HasPrefix(err.Error(), c.want) || !errors.As(err, &se) {
			t.Errorf("%+v: %v, want a *setting.Error %q", c.cfg, err, c.want)
		}
	}
	if _, err := Train(newFake(6), ds, Config{Epochs: 1, TestEvery: 1, Test: binaryData(3, 7, 1)}); err == nil || !strings.Contains(err.Error(), "test set") {
		t.Errorf("a test set of another width: %v", err)
	}
	if _, err := Train(newFake(6), ds, Config{Epochs: 1, Test: binaryData(3, 7, 1)}); err != nil {
		t.Errorf("a test set of another width, never scored: %v", err)
	}
}

// TestTestEveryLeavesTrainingAlone trains the same runs with and without
// test scores on both engines: the weights and the history must be the
// same bit for bit. The test sets share their size with a training batch
// (the buffers, the graphs of that size) or not, and the VAE warms its KL
// up: its last test loss is the model's at that epoch's β, z = μ.
func TestTestEveryLeavesTrainingAlone(t *testing.T) {
	font, emoji := data.Font(), data.Emoji()
	vae := must(nets.DefaultVAE(emoji.D, 2).WithLayers([]int{400, 24, 2, 24, 400}))
	engines := []struct {
		name  string
		build func(nets.Spec, *nets.Params, nets.Adam, ...int) (nets.Model, error)
	}{{"gorgonia", nets.Build}, {"backprop", backprop.Build}}
	reversed := func(ds *data.Dataset, n int) *data.Dataset { // the last n samples, in reverse and inverted
		idx := make([]int, n)
		for i := range idx {
			idx[i] = ds.N - 1 - i
		}
		s := ds.Subset(idx)
		for i, v := range s.X {
			s.X[i] = 1 - v
		}
		return s
	}
	runs := []struct {
		name string
		spec nets.Spec
		ds   *data.Dataset
		cfg  Config
	}{
		{"ae/minibatch", nets.DefaultAE(font.D), font, Config{Epochs: 12, Batch: 8, Seed: 2, Goal: -1, Test: reversed(font, 8), TestEvery: 5}},
		{"ae/full", nets.DefaultAE(font.D), font, Config{Epochs: 12, Seed: 2, Goal: -1, Patience: 20, Test: reversed(font, 11), TestEvery: 2}},
		{"vae/full", vae, emoji, Config{Epochs: 7, Seed: 3, Goal: -1, KLWarmup: 14, Test: reversed(emoji, emoji.N), TestEvery: 3}},
		{"vae/minibatch", vae, emoji, Config{Epochs: 6, Batch: 16, Seed: 3, Goal: -1, KLCycles: 2, Test: reversed(emoji, 20), TestEvery: 4}},
	}
	for _, e := range engines {
		for _, r := range runs {
			t.Run(e.name+"/"+r.name, func(t *testing.T) {
				train := func(every int) (*History, nets.Model) {
					batch := r.cfg.Batch
					if batch == 0 {
						batch = r.ds.N
					}
					m, err := e.build(r.spec, must(nets.NewParams(r.spec, rng.New(r.cfg.Seed, rng.Init))), nets.Adam{LR: 0.01}, batch)
					if err != nil {
						t.Fatal(err)
					}
					cfg := r.cfg
					cfg.TestEvery = every
					h, err := Train(m, r.ds, cfg)
					if err != nil {
						t.Fatal(err)
					}
					return h, m
				}
				hw, without := train(0)
				h, with := train(r.cfg.TestEvery)
				if !sameBits(with.Params().Flatten(nil), without.Params().Flatten(nil)) {
					t.Errorf("the weights differ by %g with test scores", with.Params().MaxAbsDiff(without.Params()))
				}
				if !sameBits(h.Loss, hw.Loss) || !sameBits(h.TrainLoss, hw.TrainLoss) || !sameBits(h.LR, hw.LR) || !slices.Equal(h.MaxWrong, hw.MaxWrong) {
					t.Error("another history with test scores")
				}
				if hw.TestLoss != nil || len(h.TestLoss) != h.Epochs {
					t.Fatalf("%d test losses without test scores, %d with for %d epochs", len(hw.TestLoss), len(h.TestLoss), h.Epochs)
				}
				if v, ok := with.(nets.VAE); ok {
					v.SetBeta(r.spec.Beta * r.cfg.BetaFactor(h.Epochs))
				}
				ts := r.cfg.Test
				last := must(with.Evaluate(ts.X, ts.X, ts.N, nil, nil))
				if got := h.TestLoss[h.Epochs-1]; got != last || last == h.Loss[h.Epochs-1] {
					t.Errorf("last test loss %v; the model's on the test set %v, on the training set %v", got, last, h.Loss[h.Epochs-1])
				}
			})
		}
	}
}

// TestTestLossesInAFile: a checkpoint's arrays hold finite values only; the
// test losses, NaN where not scored and perhaps infinite, come back bit for bit.
func TestTestLossesInAFile(t *testing.T) {
	loss := []float64{math.NaN(), 1.5, math.Inf(1), 0, math.Inf(-1), math.NaN()}
	vals, codes := splitTest(loss)
	ic := make([]int, len(codes))
	for i, c := range codes {
		if math.IsNaN(vals[i]) || math.IsInf(vals[i], 0) {
			t.Fatalf("value %v stored", vals[i])
		}
		ic[i] = int(c)
	}
	if got := joinTest(vals, ic); !sameBits(got, loss) {
		t.Errorf("%v → %v, %v → %v", loss, vals, codes, got)
	}
}
