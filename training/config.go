package training

import (
	"fmt"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/setting"
	"github.com/aenets/aenets/training/noise"
)

// This file holds Config, what Train is told, with its defaults and checks.

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
	// EvalSamples, if 0 < EvalSamples < the sample count, evaluates the
	// clean set after each epoch (the loss that the schedule, early
	// stopping, the goal and the divergence bound read, and the wrong
	// pixels) on that many samples, evenly spaced, instead of all: a run on
	// a large set then spends its time training. 0: every sample.
	EvalSamples int
	KLCycles    int     // VAE: cyclical warm-up (Fu et al. 2019), the run cut into this many cycles, β climbing again in each (see BetaFactor); 0: none
	KLRamp      float64 // the fraction of each KL cycle over which β climbs; default DefaultKLRamp
	// Test is a held-out set of the data's width, scored every TestEvery
	// epochs and after the run's last (History.TestLoss) with the loss
	// the loop evaluates on the training set after each epoch; nothing in
	// the run reads that score. TestEvery 0: never (Test is not read).
	Test      *data.Dataset
	TestEvery int

	// DivergeFactor bounds the loss: the run diverged when the loss after
	// an epoch exceeds DivergeFactor × max(L0, 1), L0 the loss of the
	// starting weights (or is NaN or ±Inf). Default 1000.
	DivergeFactor float64
	// Stop, once closed, stops the run after the epoch under way (before
	// the first, if it is closed already): StoppedBecause is
	// StopInterrupted, a checkpoint is written, and Train returns no error.
	Stop <-chan struct{}
	// CheckpointPath is where checkpoints go (see Checkpoint): before the
	// first epoch, every CheckpointEvery epochs (0: never in between), when
	// Stop stops the run, and at its end. "": none.
	CheckpointPath  string
	CheckpointEvery int
	// Resume continues the run that wrote this checkpoint, which must have
	// been stopped by Stop (or be a checkpoint written in between), with the
	// same data, architecture and settings; the model's weights and
	// optimiser state are replaced by the checkpoint's.
	Resume *Checkpoint
}

// MaxEpochs is the most epochs a run may have: the history keeps a few
// values for each.
const MaxEpochs = 10_000_000

// DefaultDivergeFactor is Config.DivergeFactor's default.
const DefaultDivergeFactor = 1e3

// Check reports the first setting Train cannot use, as given: Epochs
// must be > 0 here (Train reads 0 as DefaultEpochs before checking). The
// error is a *setting.Error naming the setting as the flags do.
func (c Config) Check() error {
	switch {
	case c.Epochs <= 0:
		return setting.New("epochs", c.Epochs, "> 0")
	case c.Epochs > MaxEpochs:
		return setting.New("epochs", c.Epochs, fmt.Sprintf("at most training.MaxEpochs = %d", MaxEpochs))
	case !(c.DivergeFactor >= 0) || c.DivergeFactor > 0 && c.DivergeFactor <= 1:
		return fmt.Errorf("divergence factor %v, want > 1 (0: the default %v)", c.DivergeFactor, DefaultDivergeFactor)
	case c.EvalSamples < 0:
		return setting.New("eval-samples", c.EvalSamples, "≥ 0 (0 = every sample)")
	case c.CheckpointEvery < 0:
		return setting.New("checkpoint-every", c.CheckpointEvery, "≥ 0 (0 = only on interrupt and at the end)")
	case c.Patience < 0:
		return setting.New("patience", c.Patience, "≥ 0 (0 = off)")
	case !(c.MinDelta >= 0):
		return setting.New("min-delta", c.MinDelta, "≥ 0")
	}
	if err := c.checkWarmup(); err != nil {
		return err
	}
	if err := c.checkTest(); err != nil {
		return err
	}
	if err := CheckBatch(c.Batch); err != nil {
		return err
	}
	if a, ok := c.Schedule.(*Adaptive); ok {
		return a.Check()
	}
	return nil
}

// CheckBatch reports a batch size no loop can use.
func CheckBatch(batch int) error {
	if batch < 0 {
		return setting.New("batch", batch, "≥ 0 (0 = full batch)")
	}
	return nil
}

// DefaultEpochs is the most epochs Train runs when Config.Epochs is 0.
const DefaultEpochs = 10000

func (c Config) withDefaults(n int) Config {
	if c.Epochs == 0 {
		c.Epochs = DefaultEpochs
	}
	if c.Batch == 0 || c.Batch > n {
		c.Batch = n
	}
	if c.Schedule == nil {
		c.Schedule = &Fixed{}
	}
	if c.DivergeFactor == 0 {
		c.DivergeFactor = DefaultDivergeFactor
	}
	return c
}
