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

// aeLossFigure draws an autoencoder's loss.png. With full batches the mean
// batch loss only repeats the loss a step late, and one curve is drawn; on
// noisy inputs (trainNoise, e.g. "salt-pepper 0.1") or minibatches it jumps
// from epoch to epoch and is drawn light under its moving average.
func aeLossFigure(path string, h *training.History, spec nets.Spec, trainNoise, title string) error {
	if h.Epochs == 0 {
		return nil // diverged in the first epoch: no curve to draw
	}
	title = fmt.Sprintf("%s: %s loss, %d epochs (%s)", title, spec.Loss, h.Epochs, h.StoppedBecause)
	if fullBatchEcho(h) {
		return plot.LossFigure(path, []plot.Curve{{Name: "loss on the whole set after the epoch " +
			"(full batch: the epoch's batch loss is this curve one epoch earlier)", Y: h.Loss}}, h.LR, title)
	}
	clean, train := "loss on the whole set after the epoch", "mean batch loss during the epoch"
	if trainNoise != "" {
		clean = "clean inputs: " + clean
		train = "noisy inputs (" + trainNoise + "): " + train
	}
	return plot.LossFigure(path, []plot.Curve{{Name: train, Y: h.TrainLoss, Noisy: true}, {Name: clean, Y: h.Loss}}, h.LR, title)
}
