package training

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/internal/setting"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/training/metrics"
	"github.com/aenets/aenets/training/noise"
)

// fake is a Model whose losses follow a script, to test the loop's logic.
type fake struct {
	spec   nets.Spec
	params *nets.Params
	lr     float64
	steps  int
	seen   [][]float64 // inputs of every step
	tgts   [][]float64 // targets of every step
	// loss returns the evaluation loss after step s (counted from 1).
	loss func(s int) float64
	// wrong is the number of wrong pixels of sample 0 after step s.
	wrong func(s int) int
}

func newFake(d int) *fake {
	s := must(nets.Spec{Kind: nets.KindAE, Act: "sigmoid", LatentAct: "sigmoid", OutAct: "sigmoid", Loss: "bce"}.WithLayers([]int{d, 2, d}))
	return &fake{spec: s, params: must(nets.Zeros(s)), lr: 0.1,
		loss: func(s int) float64 { return 1 / float64(s) }, wrong: func(int) int { return 3 }}
}

func (f *fake) Spec() nets.Spec         { return f.spec }
func (f *fake) Params() *nets.Params    { return f.params }
func (f *fake) SetLearnRate(lr float64) { f.lr = lr }
func (f *fake) LearnRate() float64      { return f.lr }
func (f *fake) Terms() []nets.TermValue { return nil }
func (f *fake) Decode(z []float64, n int, out []float64) error {
	return nil
}

func (f *fake) TrainStep(x, t []float64, n int) (float64, error) {
	f.steps++
	f.seen = append(f.seen, slices.Clone(x))
	f.tgts = append(f.tgts, slices.Clone(t))
	// The store records the step number, so tests can tell which weights are kept.
	f.params.All()[0].Data[0] = float64(f.steps)
	return f.loss(f.steps), nil
}

func (f *fake) Evaluate(x, t []float64, n int, out, z []float64) (float64, error) {
	if out != nil {
		copy(out, t)
		for j := range f.wrong(f.steps) { // wrong pixels in sample 0
			out[j] = 1 - t[j]
		}
	}
	return f.loss(f.steps), nil
}

func binaryData(n, d int, seed uint64) *data.Dataset {
	r := rand.New(rand.NewPCG(seed, 1))
	ds := &data.Dataset{Name: "test", N: n, D: d, Rows: 1, Cols: d}
	for i := range n {
		for range d {
			ds.X = append(ds.X, float64(r.IntN(2)))
		}
		ds.IDs = append(ds.IDs, string(rune('A'+i)))
		ds.Labels = append(ds.Labels, string(rune('a'+i)))
	}
	return ds
}

func TestFullBatchAndHistory(t *testing.T) {
	f, ds := newFake(6), binaryData(5, 6, 1)
	h, err := Train(f, ds, Config{Epochs: 7, Goal: -1})
	if err != nil {
		t.Fatal(err)
	}
	if f.steps != 7 || h.Epochs != 7 || h.StoppedBecause != StopEpochs || h.BestEpoch != 7 {
		t.Fatalf("steps %d, %+v", f.steps, h)
	}
	if len(h.Loss) != 7 || h.Loss[6] != 1.0/7 || h.MaxWrong[0] != 3 || h.MeanWrong[0] != 3.0/5 || h.LR[0] != 0.1 {
		t.Errorf("history %+v", h)
	}
	for _, x := range f.seen {
		if !slices.Equal(x, ds.X) {
			t.Fatal("full batch is not the data in order")
		}
	}
}

func TestMinibatchesVisitEverySampleOnce(t *testing.T) {
	f, ds := newFake(3), binaryData(11, 3, 2)
	for i := range ds.X {
		ds.X[i] = float64(i/3) / 10 // sample i is (i/10, i/10, i/10)
	}
	if _, err := Train(f, ds, Config{Epochs: 3, Batch: 4, Goal: -1, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	if f.steps != 9 {
		t.Fatalf("%d steps for 3 epochs of 11 samples in batches of 4, want 9", f.steps)
	}
	var orders [][]int
	for e := range 3 {
		var order []int
		for _, x := range f.seen[e*3 : e*3+3] {
			for k := 0; k < len(x); k += 3 {
				order = append(order, int(math.Round(x[k]*10)))
			}
		}
		if got := slices.Sorted(slices.Values(order)); !slices.Equal(got, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) {
			t.Fatalf("epoch %d visits %v", e+1, order)
		}
		orders = append(orders, order)
	}
	if slices.Equal(orders[0], orders[1]) {
		t.Error("the order is not reshuffled every epoch")
	}
	// The same seed gives the same order.
	g := newFake(3)
	Train(g, ds, Config{Epochs: 3, Batch: 4, Goal: -1, Seed: 5})
	for i := range f.seen {
		if !slices.Equal(f.seen[i], g.seen[i]) {
			t.Fatal("same seed, different batches")
		}
	}
}

func TestGoalStop(t *testing.T) {
	f, ds := newFake(6), binaryData(5, 6, 1)
	f.wrong = func(s int) int { return max(0, 5-s) }
	h, err := Train(f, ds, Config{Epochs: 100, Goal: 1})
	if err != nil {
		t.Fatal(err)
	}
	if h.StoppedBecause != StopGoal || h.Epochs != 4 || h.MaxWrong[3] != 1 {
		t.Errorf("goal ≤ 1 wrong pixel: stopped at %d (%s), max wrong %v", h.Epochs, h.StoppedBecause, h.MaxWrong)
	}
}

func TestPatienceRestoresBest(t *testing.T) {
	f, ds := newFake(6), binaryData(5, 6, 1)
	// Best loss at step 3, then worse.
	f.loss = func(s int) float64 { return math.Abs(float64(s)-3) + 1 }
	h, err := Train(f, ds, Config{Epochs: 100, Patience: 4, Goal: -1})
	if err != nil {
		t.Fatal(err)
	}
	if h.StoppedBecause != StopPatience || h.Epochs != 7 || h.BestEpoch != 3 {
		t.Errorf("stopped at %d (%s), best %d", h.Epochs, h.StoppedBecause, h.BestEpoch)
	}
	if got := f.params.All()[0].Data[0]; got != 3 {
		t.Errorf("kept the weights of step %v, want 3", got)
	}
	// MinDelta: improvements smaller than it do not count.
	g := newFake(6)
	g.loss = func(s int) float64 { return 1 - 1e-4*float64(s) }
	h, _ = Train(g, ds, Config{Epochs: 100, Patience: 5, MinDelta: 1e-3, Goal: -1})
	if h.Epochs != 6 || h.BestEpoch != 1 {
		t.Errorf("min delta: stopped at %d, best %d", h.Epochs, h.BestEpoch)
	}
}

func TestDivergence(t *testing.T) {
	f, ds := newFake(6), binaryData(5, 6, 1)
	f.loss = func(s int) float64 {
		if s >= 5 {
			return math.NaN()
		}
		return 1
	}
	h, err := Train(f, ds, Config{Epochs: 100, Goal: -1})
	var d *DivergedError
	if !errors.As(err, &d) {
		t.Fatalf("error %v, want a DivergedError", err)
	}
	if d.Epoch != 5 || d.GoodEpoch != 4 || h.StoppedBecause != StopDiverged || h.Epochs != 4 {
		t.Errorf("%+v, history %d epochs (%s)", d, h.Epochs, h.StoppedBecause)
	}
	if got := f.params.All()[0].Data[0]; got != 4 {
		t.Errorf("kept the weights of step %v, want 4 (the last good)", got)
	}
	for _, want := range []string{"epoch 5", "NaN", "epoch 4", "lower learning rate"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

// TestDivergenceBound: a finite loss that rises past DivergeFactor × the
// starting loss stops the run as a NaN would.
func TestDivergenceBound(t *testing.T) {
	f, ds := newFake(6), binaryData(5, 6, 1)
	f.loss = func(s int) float64 { return 2 * math.Pow(10, float64(s)) } // 2 before any step
	h, err := Train(f, ds, Config{Epochs: 100, Goal: -1})
	var d *DivergedError
	if !errors.As(err, &d) || d.Epoch != 4 || d.GoodEpoch != 3 || h.StoppedBecause != StopDiverged {
		t.Fatalf("error %v, history %d epochs (%s)", err, h.Epochs, h.StoppedBecause)
	}
	for _, want := range []string{"loss 2e+04,", "above 1000 × the starting loss 2", "--lr"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	g := newFake(6)
	g.loss = f.loss
	if _, err := Train(g, ds, Config{Epochs: 5, Goal: -1, DivergeFactor: 1e6}); err != nil {
		t.Errorf("DivergeFactor 1e6: %v", err)
	}
}

// TestEpochsNotReserved: the history grows as the run goes, so that a
// huge --epochs reserves nothing; above MaxEpochs is an error.
func TestEpochsNotReserved(t *testing.T) {
	f, ds := newFake(6), binaryData(5, 6, 1)
	f.wrong = func(s int) int { return max(0, 3-s) }
	h, err := Train(f, ds, Config{Epochs: MaxEpochs, Goal: 0})
	if err != nil || h.Epochs != 3 || cap(h.Loss) > 64 {
		t.Errorf("%d epochs, a history of capacity %d: %v", h.Epochs, cap(h.Loss), err)
	}
	if _, err := Train(f, ds, Config{Epochs: 10_000_000_000}); err == nil || !strings.Contains(err.Error(), "training.MaxEpochs") {
		t.Errorf("10,000,000,000 epochs: %v", err)
	}
}

func TestHookError(t *testing.T) {
	f, ds := newFake(6), binaryData(5, 6, 1)
	stop := errors.New("user abort")
	calls := 0
	_, err := Train(f, ds, Config{Epochs: 100, Goal: -1}, func(p Progress) error {
		calls++
		if p.Epoch == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 3 {
		t.Errorf("hook error: %v after %d calls", err, calls)
	}
}

// flipFirst sets the first value of every sample to 1 - value.
type flipFirst struct{}

func (flipFirst) Name() string                  { return "flip-first" }
func (flipFirst) CheckLevel(float64, int) error { return nil }
func (flipFirst) CorruptSample(dst, src []float64, _ float64, _ *rand.Rand) {
	copy(dst, src)
	dst[0] = 1 - dst[0]
}

func TestNoiseCorruptsInputsOnly(t *testing.T) {
	f, ds := newFake(6), binaryData(5, 6, 1)
	clean := slices.Clone(ds.X)
	if _, err := Train(f, ds, Config{Epochs: 2, Goal: -1, Noise: &noise.Noise{Model: flipFirst{}}}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.X, clean) {
		t.Fatal("the data changed")
	}
	for i := range f.seen {
		if !slices.Equal(f.tgts[i], clean) {
			t.Fatal("targets are not the clean data")
		}
		if f.seen[i][0] != 1-clean[0] || f.seen[i][1] != clean[1] {
			t.Fatal("inputs not corrupted")
		}
	}
}

func TestConfigErrors(t *testing.T) {
	f, ds := newFake(6), binaryData(5, 6, 1)
	for _, c := range []Config{{Epochs: -1}, {Batch: -2}, {Patience: -1}, {MinDelta: -1}, {Schedule: &Adaptive{Up: 0.5}}} {
		if _, err := Train(f, ds, c); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
	if _, err := Train(f, binaryData(5, 7, 1), Config{}); err == nil || !strings.Contains(err.Error(), "the data has 7") {
		t.Errorf("data of another width: %v", err)
	}
}

// TestLearnsFont trains the real default autoencoder briefly: the loss must
// fall, and the same seed must give the same history bit for bit.
func TestLearnsFont(t *testing.T) {
	ds := data.Font()
	run := func() *History {
		spec := nets.DefaultAE(ds.D)
		m, err := nets.Build(spec, must(nets.NewParams(spec, rng.New(3, rng.Init))), nets.Adam{LR: 0.009}, 8)
		if err != nil {
			t.Fatal(err)
		}
		h, err := Train(m, ds, Config{Epochs: 150, Batch: 8, Seed: 3, Schedule: &Adaptive{}})
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	h := run()
	if !(h.Loss[len(h.Loss)-1] < 0.75*h.Loss[0]) {
		t.Errorf("loss %v → %v: not learning", h.Loss[0], h.Loss[len(h.Loss)-1])
	}
	if h.MeanWrong[len(h.MeanWrong)-1] >= h.MeanWrong[0] {
		t.Errorf("wrong pixels %v → %v", h.MeanWrong[0], h.MeanWrong[len(h.MeanWrong)-1])
	}
	g := run()
	if !slices.Equal(h.Loss, g.Loss) || !slices.Equal(h.TrainLoss, g.TrainLoss) || !slices.Equal(h.MaxWrong, g.MaxWrong) {
		t.Error("same seed, different histories")
	}
}

// must returns v, stopping the test binary on err: for set-up that cannot fail.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestConfigCheck: every setting Train cannot use is named as its flag is.
func TestConfigCheck(t *testing.T) {
	ok := Config{Epochs: 1}
	if err := ok.Check(); err != nil {
		t.Fatalf("%+v: %v", ok, err)
	}
	cases := []struct {
		c    Config
		want string
	}{
		{Config{}, "epochs 0: want > 0"},
		{Config{Epochs: 1, Batch: -1}, "batch -1: want ≥ 0"},
		{Config{Epochs: 1, Patience: -2}, "patience -2: want ≥ 0"},
		{Config{Epochs: 1, MinDelta: math.NaN()}, "min-delta NaN: want ≥ 0"},
		{Config{Epochs: 1, KLWarmup: -1}, "kl-warmup -1: want ≥ 0"},
	}
	for _, c := range cases {
		err := c.c.Check()
		var se *setting.Error
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || !errors.As(err, &se) {
			t.Errorf("%+v: error %v, want a *setting.Error %q", c.c, err, c.want)
		}
	}
}

// TestEvalSamples: with Config.EvalSamples the loss after each epoch is the
// model's on that many samples, evenly spaced, and the wrong pixels are
// theirs; 0 evaluates them all.
func TestEvalSamples(t *testing.T) {
	ds := data.Font()
	spec := nets.DefaultAE(35)
	train := func(k int) (*History, nets.Model) {
		m, err := nets.Build(spec, must(nets.NewParams(spec, rng.New(2, rng.Init))), nets.Adam{LR: 0.01}, ds.N, 8)
		if err != nil {
			t.Fatal(err)
		}
		h, err := Train(m, ds, Config{Epochs: 5, Goal: -1, EvalSamples: k})
		if err != nil {
			t.Fatal(err)
		}
		return h, m
	}
	h, m := train(8)
	sub := ds.Subset([]int{0, 4, 8, 12, 16, 20, 24, 28})
	out := make([]float64, sub.N*sub.D)
	loss := must(m.Evaluate(sub.X, sub.X, sub.N, out, nil))
	w := metrics.Summarize(metrics.WrongPixels(sub.X, out, sub.N, sub.D, nil))
	if h.Loss[4] != loss || h.MaxWrong[4] != w.Max || h.MeanWrong[4] != w.Mean {
		t.Errorf("last epoch: loss %v, wrong %d/%v; the subset's %v, %d/%v", h.Loss[4], h.MaxWrong[4], h.MeanWrong[4], loss, w.Max, w.Mean)
	}
	all, _ := train(0)
	if all.Loss[4] == h.Loss[4] {
		t.Error("the subset's loss is the whole set's")
	}
	if err := (Config{Epochs: 1, EvalSamples: -1}).Check(); err == nil || err.Error() != "eval-samples -1: want ≥ 0 (0 = every sample)" {
		t.Errorf("EvalSamples -1: %v", err)
	}
}
