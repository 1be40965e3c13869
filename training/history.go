package training

import (
	"fmt"
	"time"

	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/training/metrics"
)

// Why a training run stopped.
const (
	StopEpochs      = "epochs"      // ran every epoch
	StopPatience    = "patience"    // early stopping
	StopGoal        = "goal"        // every sample within the goal
	StopDiverged    = "diverged"    // NaN or Inf loss, or one above the bound of Config.DivergeFactor
	StopInterrupted = "interrupted" // Config.Stop
)

// History is what a run did, epoch by epoch (index 0 is epoch 1).
type History struct {
	Loss      []float64     // evaluation loss on the clean training set after the epoch
	TrainLoss []float64     // mean of the epoch's batch losses (on corrupted inputs when denoising)
	LR        []float64     // learning rate used during the epoch
	MaxWrong  []int         // most wrong pixels of any sample after the epoch
	MeanWrong []float64     // mean wrong pixels per sample after the epoch
	Terms     []TermHistory // the terms of Loss, in the objective's order
	Elapsed   []float64     // seconds since the run started (resumes included), at the end of the epoch
	// TestLoss is the loss on Config.Test after the epochs that score it
	// (every Config.TestEvery, and the run's last), NaN after the others;
	// nil without Config.TestEvery.
	TestLoss []float64

	Epochs         int     // epochs run
	StoppedBecause string  // StopEpochs, StopPatience, StopGoal, StopDiverged or StopInterrupted ("" while running)
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
	// TestLoss is the loss on Config.Test after epoch TestEpoch, the last
	// that scored it (0: none yet, or no Config.TestEvery).
	TestLoss  float64
	TestEpoch int
}

// A Hook runs after every epoch; an error ends training with that error.
type Hook func(Progress) error

// DivergedError reports a loss that is NaN or ±Inf, or above the bound.
type DivergedError struct {
	Epoch     int
	Loss      float64
	LR        float64
	GoodEpoch int     // epoch whose weights were kept (0: the initial ones)
	Bound     float64 // the bound the loss passed (+Inf: it was not finite)
	Factor    float64 // the bound is Factor × max(StartLoss, 1)
	StartLoss float64
}

func (e *DivergedError) Error() string {
	kept := fmt.Sprintf("the weights of epoch %d", e.GoodEpoch)
	if e.GoodEpoch == 0 {
		kept = "the initial weights"
	}
	why := ""
	if !bad(e.Loss) {
		why = fmt.Sprintf(", above %.4g × the starting loss %.4g", e.Factor, e.StartLoss)
	}
	return fmt.Sprintf("training diverged at epoch %d (loss %.4g%s, at learning rate %.3g); kept %s; try a lower learning rate (--lr)",
		e.Epoch, e.Loss, why, e.LR, kept)
}
