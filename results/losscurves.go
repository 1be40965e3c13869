package results

import (
	"fmt"
	"math"

	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/results/plot"
	"github.com/aenets/aenets/training"
)

// This file chooses what loss.png shows for each kind of run.

// fullBatchEcho reports whether the mean batch loss of every epoch is the
// loss after the epoch before, as it is with full batches and no noise:
// one step per epoch, taken from the weights the last evaluation saw. Its
// curve would then only repeat the other one, a step late.
func fullBatchEcho(h *training.History) bool {
	if h.Epochs < 2 || len(h.TrainLoss) != len(h.Loss) {
		return false
	}
	for i := 1; i < len(h.Loss); i++ {
		a, b := h.TrainLoss[i], h.Loss[i-1]
		if !(math.Abs(a-b) <= 1e-12*math.Abs(b)) {
			return false
		}
	}
	return true
}

// testCurve is the held-out set's loss, dashed, if the run scored one
// while it trained (nil if not).
func testCurve(h *training.History, name string) []plot.Curve {
	if h.TestLoss == nil {
		return nil
	}
	return []plot.Curve{{Name: name + ", " + testCadence(h), Y: h.TestLoss, Dashed: true}}
}

// testCadence says when a history scored its test set (NaN test losses
// are the epochs that did not): "every 50 epochs", the first epoch that did,
// or "after the last epoch" when it is the last.
func testCadence(h *training.History) string {
	first := 0
	for i, v := range h.TestLoss {
		if !math.IsNaN(v) {
			first = i + 1
			break
		}
	}
	switch {
	case first == 1:
		return "every epoch"
	case first == 0 || first == h.Epochs:
		return "after the last epoch"
	}
	return fmt.Sprintf("every %d epochs", first)
}

// aeLossFigure draws an autoencoder's loss.png. With full batches the mean
// batch loss only repeats the loss a step late, and one curve is drawn; on
// noisy inputs (trainNoise, e.g. "salt-pepper 0.1") or minibatches it jumps
// from epoch to epoch and is drawn light under its moving average. A
// held-out set scored during training is drawn dashed.
func aeLossFigure(path string, h *training.History, spec nets.Spec, trainNoise, title string) error {
	if h.Epochs == 0 {
		return nil // diverged in the first epoch: no curve to draw
	}
	title = fmt.Sprintf("%s: %s loss, %d epochs (%s)", title, spec.Loss, h.Epochs, h.StoppedBecause)
	testName := "loss on the held-out test set"
	if trainNoise != "" {
		testName = "clean inputs: " + testName
	}
	test := testCurve(h, testName)
	if fullBatchEcho(h) {
		return plot.LossFigure(path, append([]plot.Curve{{Name: "loss on the whole set after the epoch " +
			"(full batch: the epoch's batch loss is this curve one epoch earlier)", Y: h.Loss}}, test...), h.LR, title)
	}
	clean, train := "loss on the whole set after the epoch", "mean batch loss during the epoch"
	if trainNoise != "" {
		clean = "clean inputs: " + clean
		train = "noisy inputs (" + trainNoise + "): " + train
	}
	return plot.LossFigure(path, append([]plot.Curve{{Name: train, Y: h.TrainLoss, Noisy: true}, {Name: clean, Y: h.Loss}}, test...), h.LR, title)
}
