package training

import (
	"fmt"
	"math"
	"time"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/training/metrics"
	"github.com/aenets/aenets/training/noise"
)

// Config says how to train. A zero field means its default.
type Config struct {
	Epochs   int          // most epochs to run; default 10000
	Batch    int          // samples per step; 0 (or ≥ the sample count) means full batch, 1 online
	Schedule Schedule     // learning-rate schedule; default Fixed
	Patience int          // stop after this many epochs without a loss better by MinDelta, restoring the best weights; 0: never
	MinDelta float64      // improvement that resets the patience count
	Goal     int          // stop once no sample has more than Goal wrong pixels; negative: never
	Seed     uint64       // seeds the shuffle (and the noise)
	Noise    *noise.Noise // corrupts the inputs of every step, afresh every epoch (denoising); nil: clean inputs
	KLWarmup int          // VAE: β grows linearly from β/KLWarmup in epoch 1 to the spec's β in epoch KLWarmup; 0: no warm-up
	KLCycles int          // VAE: cyclical warm-up (Fu et al. 2019), the run cut into this many cycles, β climbing again in each (see BetaFactor); 0: none
	KLRamp   float64      // the fraction of each KL cycle over which β climbs; default DefaultKLRamp
}

// Why a training run stopped.
const (
	StopEpochs   = "epochs"   // ran every epoch
	StopPatience = "patience" // early stopping
	StopGoal     = "goal"     // every sample within the goal
	StopDiverged = "diverged" // NaN or Inf loss
)

// History is what a run did, epoch by epoch (index 0 is epoch 1).
type History struct {
	Loss      []float64     // evaluation loss on the clean training set after the epoch
	TrainLoss []float64     // mean of the epoch's batch losses (on corrupted inputs when denoising)
	LR        []float64     // learning rate used during the epoch
	MaxWrong  []int         // most wrong pixels of any sample after the epoch
	MeanWrong []float64     // mean wrong pixels per sample after the epoch
	Terms     []TermHistory // the terms of Loss, in the objective's order

	Epochs         int     // epochs run
	StoppedBecause string  // StopEpochs, StopPatience, StopGoal or StopDiverged
	BestEpoch      int     // epoch whose weights the model holds at the end
	Seconds        float64 // wall time of the loop
}

// TermHistory is one term of the objective, epoch by epoch: its value in
// the evaluation after the epoch and the weight it had during the epoch
// (Loss = Σ weight·value).
type TermHistory struct {
	Name   string
	Value  []float64
	Weight []float64
}

// Term returns the history of the term named name, or nil.
func (h *History) Term(name string) *TermHistory {
	for i := range h.Terms {
		if h.Terms[i].Name == name {
			return &h.Terms[i]
		}
	}
	return nil
}

// Progress is what a Hook sees after each epoch.
type Progress struct {
	Epoch, Epochs int
	Loss          float64
	TrainLoss     float64
	LR            float64
	Wrong         metrics.Wrong
	Elapsed       time.Duration
	Terms         []nets.TermValue // the terms of Loss
}

// A Hook runs after every epoch; an error ends training with that error.
type Hook func(Progress) error

// DivergedError reports a NaN or Inf loss.
type DivergedError struct {
	Epoch     int
	Loss      float64
	LR        float64
	GoodEpoch int // epoch whose weights were kept (0: the initial ones)
}

func (e *DivergedError) Error() string {
	kept := fmt.Sprintf("the weights of epoch %d", e.GoodEpoch)
	if e.GoodEpoch == 0 {
		kept = "the initial weights"
	}
	return fmt.Sprintf("training diverged at epoch %d (loss %v at learning rate %.3g); kept %s; try a lower learning rate",
		e.Epoch, e.Loss, e.LR, kept)
}

// Train trains m to reconstruct the samples of ds and returns its history.
// It starts from the model's learning rate and lets cfg.Schedule change it.
// The model ends with the weights of History.BestEpoch: the last epoch's,
// or the best epoch's under early stopping, or the last good epoch's when
// the loss diverged — in which case the error is a *DivergedError and the
// history is still returned.
func Train(m nets.Model, ds *data.Dataset, cfg Config, hooks ...Hook) (*History, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if err := m.Spec().CheckData(ds.D); err != nil {
		return nil, err
	}
	if cfg.Noise != nil {
		if err := cfg.Noise.Check(ds.D); err != nil {
			return nil, err
		}
	}
	cfg = cfg.withDefaults(ds.N)
	l := newLoop(m, ds, cfg)
	err := l.run(hooks)
	return l.h, err
}

func (c Config) check() error {
	switch {
	case c.Epochs < 0:
		return fmt.Errorf("epochs %d, want > 0", c.Epochs)
	case c.Batch < 0:
		return fmt.Errorf("batch %d, want ≥ 0 (0: full batch)", c.Batch)
	case c.Patience < 0:
		return fmt.Errorf("patience %d, want ≥ 0 (0: no early stopping)", c.Patience)
	case c.MinDelta < 0:
		return fmt.Errorf("min delta %v, want ≥ 0", c.MinDelta)
	}
	if err := c.checkWarmup(); err != nil {
		return err
	}
	if a, ok := c.Schedule.(*Adaptive); ok {
		return a.Check()
	}
	return nil
}

func (c Config) withDefaults(n int) Config {
	if c.Epochs == 0 {
		c.Epochs = 10000
	}
	if c.Batch == 0 || c.Batch > n {
		c.Batch = n
	}
	if c.Schedule == nil {
		c.Schedule = &Fixed{}
	}
	return c
}

// loop holds the buffers of one run, allocated once.
type loop struct {
	m   nets.Model
	ds  *data.Dataset
	cfg Config
	h   *History

	batches        *Batcher
	out            []float64 // reconstructions of the whole set
	wrong          []int
	best, lastGood []float64 // parameter snapshots
}

func newLoop(m nets.Model, ds *data.Dataset, cfg Config) *loop {
	e := cfg.Epochs
	l := &loop{m: m, ds: ds, cfg: cfg,
		h: &History{Loss: make([]float64, 0, e), TrainLoss: make([]float64, 0, e), LR: make([]float64, 0, e),
			MaxWrong: make([]int, 0, e), MeanWrong: make([]float64, 0, e)},
		batches: NewBatcher(ds, cfg.Batch, cfg.Noise, cfg.Seed),
		out:     make([]float64, ds.N*ds.D), wrong: make([]int, ds.N),
	}
	l.lastGood = m.Params().Flatten(nil)
	if cfg.Patience > 0 {
		l.best = m.Params().Flatten(nil)
	}
	return l
}

func (l *loop) run(hooks []Hook) error {
	cfg, h, p := l.cfg, l.h, l.m.Params()
	start := time.Now()
	defer func() { h.Seconds = time.Since(start).Seconds() }()
	lr := l.m.LearnRate()
	cfg.Schedule.Start(lr)
	l.m.SetLearnRate(lr)
	vae, isVAE := l.m.(nets.VAE)
	if isVAE != l.m.Spec().IsVAE() {
		return fmt.Errorf("a model of a %s that is not a nets.VAE, or the other way round", l.m.Spec().Kind)
	}
	beta := l.m.Spec().Beta
	if isVAE {
		vae.SetRand(rng.New(cfg.Seed, rng.Epsilon))
		defer vae.SetBeta(beta) // the objective reported after training is the full one
	}
	bestLoss, sinceBest := math.Inf(1), 0
	h.StoppedBecause = StopEpochs
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		if isVAE {
			vae.SetBeta(beta * cfg.BetaFactor(epoch))
		}
		trainLoss, err := l.epoch()
		if err != nil {
			return fmt.Errorf("epoch %d: %w", epoch, err)
		}
		loss, err := l.m.Evaluate(l.ds.X, l.ds.X, l.ds.N, l.out, nil)
		if err != nil {
			return fmt.Errorf("epoch %d: %w", epoch, err)
		}
		if bad(trainLoss) || bad(loss) {
			p.Unflatten(l.lastGood)
			h.StoppedBecause = StopDiverged
			if bad(loss) {
				trainLoss = loss
			}
			return &DivergedError{Epoch: epoch, Loss: trainLoss, LR: lr, GoodEpoch: h.Epochs}
		}
		w := metrics.Summarize(metrics.WrongPixels(l.ds.X, l.out, l.ds.N, l.ds.D, l.wrong))
		h.Epochs = epoch
		h.Loss, h.TrainLoss, h.LR = append(h.Loss, loss), append(h.TrainLoss, trainLoss), append(h.LR, lr)
		h.MaxWrong, h.MeanWrong = append(h.MaxWrong, w.Max), append(h.MeanWrong, w.Mean)
		h.BestEpoch = epoch
		l.lastGood = p.Flatten(l.lastGood)

		pr := Progress{Epoch: epoch, Epochs: cfg.Epochs, Loss: loss, TrainLoss: trainLoss,
			LR: lr, Wrong: w, Elapsed: time.Since(start), Terms: l.m.Terms()}
		for i, t := range pr.Terms {
			if i == len(h.Terms) {
				h.Terms = append(h.Terms, TermHistory{Name: t.Name})
			}
			h.Terms[i].Value, h.Terms[i].Weight = append(h.Terms[i].Value, t.Value), append(h.Terms[i].Weight, t.Weight)
		}
		for _, hook := range hooks {
			if err := hook(pr); err != nil {
				return err
			}
		}
		if cfg.Goal >= 0 && w.Max <= cfg.Goal {
			h.StoppedBecause = StopGoal
			return nil
		}
		if cfg.Patience > 0 {
			if loss < bestLoss-cfg.MinDelta {
				bestLoss, sinceBest = loss, 0
				l.best = p.Flatten(l.best)
				h.BestEpoch = epoch
			} else {
				sinceBest++
				h.BestEpoch = epoch - sinceBest
				if sinceBest >= cfg.Patience {
					h.StoppedBecause = StopPatience
					break
				}
			}
		}
		lr = cfg.Schedule.Next(epoch, loss)
		l.m.SetLearnRate(lr)
	}
	if cfg.Patience > 0 {
		p.Unflatten(l.best)
	}
	return nil
}

// epoch runs the steps of one epoch and returns the mean batch loss.
func (l *loop) epoch() (float64, error) {
	l.batches.Epoch()
	sum := 0.0
	for {
		x, t, nb, ok := l.batches.Next()
		if !ok {
			break
		}
		loss, err := l.m.TrainStep(x, t, nb)
		if err != nil {
			return 0, err
		}
		if bad(loss) {
			return loss, nil
		}
		sum += loss * float64(nb)
	}
	return sum / float64(l.ds.N), nil
}

func bad(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
