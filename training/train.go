package training

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"time"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/training/metrics"
)

// Train trains m to reconstruct the samples of ds and returns its history.
// A checkpoint that cannot be written does not stop the run: Train returns
// its history and a *CheckpointError at the end.
// It starts from the model's learning rate and lets cfg.Schedule change it.
// The model ends with the weights of History.BestEpoch: the last epoch's,
// or the best epoch's under early stopping, or the last good epoch's when
// the loss diverged — in which case the error is a *DivergedError and the
// history is still returned.
func Train(m nets.Model, ds *data.Dataset, cfg Config, hooks ...Hook) (*History, error) {
	if cfg.Epochs == 0 {
		cfg.Epochs = DefaultEpochs
	}
	if cfg.KLRamp == 0 {
		cfg.KLRamp = DefaultKLRamp
	}
	if err := cfg.Check(); err != nil {
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
	if err := m.Spec().CheckSize(min(ds.N, nets.EvalChunk)); err != nil {
		return nil, err
	}
	if cfg.TestEvery > 0 {
		if err := checkTestSet(m.Spec(), cfg.Test); err != nil {
			return nil, err
		}
	}
	cfg = cfg.withDefaults(ds.N)
	l, err := newLoop(m, ds, cfg)
	if err != nil {
		return nil, err
	}
	if err = l.run(hooks); err == nil && l.saveErr != nil {
		err = l.saveErr
	}
	return l.h, err
}

// loop holds the buffers and the state of one run, allocated once.
type loop struct {
	m   nets.Model
	ds  *data.Dataset
	cfg Config
	h   *History

	batches        *Batcher
	eval           *data.Dataset // the samples evaluated after each epoch: ds, or Config.EvalSamples of them
	out            []float64     // reconstructions of a chunk of them (nets.EvalChunk samples at most)
	wrong          []int         // wrong pixels of each of them
	terms          []nets.TermValue
	best, lastGood []float64 // parameter snapshots

	vae       nets.VAE  // the model, if it is a VAE
	beta      float64   // the spec's β
	eps       *rand.PCG // a VAE's ε generator
	lr        float64   // the learning rate of the next epoch
	startLoss float64   // the loss of the starting weights
	bound     float64   // a loss above it has diverged
	bestLoss  float64   // early stopping: the best loss so far
	sinceBest int       // early stopping: epochs since
	testLoss  float64   // the last test loss (Config.Test)
	testEpoch int       // its epoch (0: none yet)
	offset    float64   // seconds of the run before it was resumed
	start     time.Time // when this part of the run started
	saveErr   error     // the first checkpoint that could not be written
	key       RunKey    // the run's key, for its checkpoints (hashing the data once)
}

func newLoop(m nets.Model, ds *data.Dataset, cfg Config) (*loop, error) {
	eval := evalSet(ds, cfg.EvalSamples)
	l := &loop{m: m, ds: ds, cfg: cfg, h: &History{},
		batches: NewBatcher(ds, cfg.Batch, cfg.Noise, cfg.Seed), eval: eval,
		out: make([]float64, min(eval.N, nets.EvalChunk)*ds.D), wrong: make([]int, eval.N),
		beta: m.Spec().Beta, bestLoss: math.Inf(1),
	}
	if cfg.CheckpointPath != "" || cfg.Resume != nil {
		l.key = runKey(m, ds, cfg)
	}
	vae, isVAE := m.(nets.VAE)
	if isVAE != m.Spec().IsVAE() {
		return nil, fmt.Errorf("a model of a %s that is not a nets.VAE, or the other way round", m.Spec().Kind)
	}
	if isVAE {
		l.vae, l.eps = vae, rng.Source(cfg.Seed, rng.Epsilon)
		vae.SetRand(rand.New(l.eps))
	}
	if cfg.Resume != nil {
		if err := l.restore(cfg.Resume); err != nil {
			return nil, err
		}
	} else {
		l.lr = m.LearnRate()
		cfg.Schedule.Start(l.lr)
		var err error
		if l.startLoss, err = m.Evaluate(eval.X, eval.X, eval.N, nil, nil); err != nil {
			return nil, fmt.Errorf("the starting weights: %w", err)
		}
	}
	m.SetLearnRate(l.lr)
	l.bound = math.Inf(1)
	if !bad(l.startLoss) {
		l.bound = cfg.DivergeFactor * math.Max(l.startLoss, 1)
	}
	l.lastGood = m.Params().Flatten(nil)
	if cfg.Patience > 0 && l.best == nil {
		l.best = m.Params().Flatten(nil)
	}
	return l, nil
}

func (l *loop) run(hooks []Hook) error {
	cfg, h, p := l.cfg, l.h, l.m.Params()
	l.start = time.Now()
	defer func() { h.Seconds = l.seconds() }()
	if l.vae != nil {
		defer l.vae.SetBeta(l.beta) // the objective reported after training is the full one
	}
	h.StoppedBecause = StopEpochs // for the errors that end the run
	if cfg.Resume == nil {
		if err := l.checkpoint(""); err != nil {
			return err
		}
	}
	for epoch := h.Epochs + 1; epoch <= cfg.Epochs; epoch++ {
		if l.stopping() {
			return l.finish(StopInterrupted)
		}
		if l.vae != nil {
			l.vae.SetBeta(l.beta * cfg.BetaFactor(epoch))
		}
		trainLoss, err := l.epoch()
		if err != nil {
			return fmt.Errorf("epoch %d: %w", epoch, err)
		}
		loss, err := l.evaluate()
		if err != nil {
			return fmt.Errorf("epoch %d: %w", epoch, err)
		}
		if bad(trainLoss) || bad(loss) || loss > l.bound {
			return l.diverged(epoch, trainLoss, loss)
		}
		w := metrics.Summarize(l.wrong)
		h.Epochs = epoch
		h.Loss, h.TrainLoss, h.LR = append(h.Loss, loss), append(h.TrainLoss, trainLoss), append(h.LR, l.lr)
		h.MaxWrong, h.MeanWrong = append(h.MaxWrong, w.Max), append(h.MeanWrong, w.Mean)
		h.BestEpoch = epoch
		l.lastGood = p.Flatten(l.lastGood)

		// Whether the run stops after this epoch, known before the hooks
		// so that its last epoch scores the test set.
		goal := cfg.Goal >= 0 && w.Max <= cfg.Goal
		improved := loss < l.bestLoss-cfg.MinDelta
		patienceOut := cfg.Patience > 0 && !improved && l.sinceBest+1 >= cfg.Patience
		if err := l.test(epoch, epoch == cfg.Epochs || goal || patienceOut); err != nil {
			return fmt.Errorf("epoch %d: %w", epoch, err)
		}

		pr := Progress{Epoch: epoch, Epochs: cfg.Epochs, Loss: loss, TrainLoss: trainLoss,
			LR: l.lr, Wrong: w, Elapsed: time.Duration(l.seconds() * 1e9), Terms: l.terms,
			TestLoss: l.testLoss, TestEpoch: l.testEpoch}
		h.Elapsed = append(h.Elapsed, pr.Elapsed.Seconds())
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
		if goal {
			return l.finish(StopGoal)
		}
		if cfg.Patience > 0 {
			if improved {
				l.bestLoss, l.sinceBest = loss, 0
				l.best = p.Flatten(l.best)
				h.BestEpoch = epoch
			} else {
				l.sinceBest++
				h.BestEpoch = epoch - l.sinceBest
				if patienceOut {
					return l.finish(StopPatience)
				}
			}
		}
		l.lr = cfg.Schedule.Next(epoch, loss)
		l.m.SetLearnRate(l.lr)
		if cfg.CheckpointEvery > 0 && epoch%cfg.CheckpointEvery == 0 && epoch < cfg.Epochs {
			if err := l.checkpoint(""); err != nil {
				return err
			}
		}
	}
	return l.finish(StopEpochs)
}

// evalSet is the samples evaluated after each epoch: every one of ds, or k
// of them evenly spaced when 0 < k < ds.N.
func evalSet(ds *data.Dataset, k int) *data.Dataset {
	if k <= 0 || k >= ds.N {
		return ds
	}
	idx := make([]int, k)
	for i := range idx {
		idx[i] = i * ds.N / k
	}
	return ds.Subset(idx)
}

// evaluate evaluates the model on the clean set (Config.EvalSamples), in chunks of at most
// nets.EvalChunk samples (so that its reconstructions need no buffer of
// the whole set), counting each sample's wrong pixels: the loss and terms
// are the means over the chunks (nets.EvaluateChunks), the whole set's in
// one pass when it has at most EvalChunk samples.
func (l *loop) evaluate() (float64, error) {
	d, off := l.ds.D, 0
	pass := func(x, t []float64, n int, _, _ []float64) (float64, []nets.TermValue, error) {
		loss, err := l.m.Evaluate(x, t, n, l.out[:n*d], nil)
		if err != nil {
			return 0, nil, err
		}
		metrics.WrongPixels(x, l.out[:n*d], n, d, l.wrong[off:off+n])
		off += n
		return loss, l.m.Terms(), nil
	}
	loss, terms, err := nets.EvaluateChunks(l.eval.X, l.eval.X, l.eval.N, d, l.m.Spec().Latent, nil, nil, l.terms, pass)
	l.terms = terms
	return loss, err
}

// seconds is the wall time of the run so far, its parts before a resume included.
func (l *loop) seconds() float64 { return l.offset + time.Since(l.start).Seconds() }

// stopping reports whether Config.Stop is closed.
func (l *loop) stopping() bool {
	select {
	case <-l.cfg.Stop:
		return true
	default:
		return false
	}
}

// finish ends the run for a reason: it writes the last checkpoint and, under
// early stopping, puts the best epoch's weights back.
func (l *loop) finish(reason string) error {
	l.h.StoppedBecause = reason
	if err := l.checkpoint(reason); err != nil {
		return err
	}
	if l.cfg.Patience > 0 {
		l.m.Params().Unflatten(l.best)
	}
	return nil
}

// diverged puts the last good weights back and reports the divergence. It
// removes the run's checkpoint: resuming would diverge again.
func (l *loop) diverged(epoch int, trainLoss, loss float64) error {
	l.m.Params().Unflatten(l.lastGood)
	l.h.StoppedBecause = StopDiverged
	if l.cfg.CheckpointPath != "" {
		if err := os.Remove(l.cfg.CheckpointPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("diverged at epoch %d, and the checkpoint stays: %w", epoch, err)
		}
	}
	if bad(loss) || !bad(trainLoss) {
		trainLoss = loss
	}
	bound := l.bound
	if bad(trainLoss) {
		bound = math.Inf(1)
	}
	return &DivergedError{Epoch: epoch, Loss: trainLoss, LR: l.lr, GoodEpoch: l.h.Epochs,
		Bound: bound, Factor: l.cfg.DivergeFactor, StartLoss: l.startLoss}
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
