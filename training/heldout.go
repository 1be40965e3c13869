package training

import (
	"fmt"
	"math"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/setting"
	"github.com/aenets/aenets/nets"
)

// This file is the held-out set a run scores while it trains
// (Config.Test, every Config.TestEvery epochs): a loss that training
// never reads, for History.TestLoss.

// CheckTestEvery reports a test cadence no loop can use.
func CheckTestEvery(every int) error {
	if every < 0 {
		return setting.New("test-every", every, "≥ 0 (0 = only at the end)")
	}
	return nil
}

// checkTest reports settings of the held-out set that cannot work, as
// given: a cadence without a set.
func (c Config) checkTest() error {
	if err := CheckTestEvery(c.TestEvery); err != nil {
		return err
	}
	if c.TestEvery > 0 && c.Test == nil {
		return setting.New("test-every", c.TestEvery, "0 without a test set (Config.Test)")
	}
	return nil
}

// checkTestSet reports a held-out set spec cannot evaluate: none, another
// width, or chunks of nets.EvalChunk samples above the engines' limits.
func checkTestSet(spec nets.Spec, ds *data.Dataset) error {
	if ds.N <= 0 {
		return fmt.Errorf("test set: %d samples", ds.N)
	}
	if err := spec.CheckData(ds.D); err != nil {
		return fmt.Errorf("test set: %w", err)
	}
	if err := spec.CheckSize(min(ds.N, nets.EvalChunk)); err != nil {
		return fmt.Errorf("test set: %w", err)
	}
	return nil
}

// test scores Config.Test after epoch if it is one that does (every
// Config.TestEvery epochs, and last: the run's last) and appends its loss to
// the history, NaN in the others. The loss is the one the loop reads on
// the training set after each epoch, on the clean inputs: the model's
// evaluation path (a VAE decodes μ, with the epoch's β), in chunks of
// nets.EvalChunk samples. That path reads the weights and writes only
// buffers that a training step fills afresh before reading them (and the
// model's Terms, which the loop copies): it draws no random number and
// changes nothing training reads, so the weights are the same, bit for bit,
// with or without it.
func (l *loop) test(epoch int, last bool) error {
	every := l.cfg.TestEvery
	if every == 0 {
		return nil
	}
	loss := math.NaN()
	if epoch%every == 0 || last {
		ts := l.cfg.Test
		var err error
		if loss, err = l.m.Evaluate(ts.X, ts.X, ts.N, nil, nil); err != nil {
			return fmt.Errorf("test set: %w", err)
		}
		l.testLoss, l.testEpoch = loss, epoch
	}
	l.h.TestLoss = append(l.h.TestLoss, loss)
	return nil
}

// restoreTest takes the last test loss a resumed run's history holds, for
// its progress, and checks the history has one for each epoch.
func (l *loop) restoreTest(h *History) error {
	if l.cfg.TestEvery == 0 {
		return nil
	}
	if len(h.TestLoss) != h.Epochs {
		return fmt.Errorf("resume: the checkpoint's history has %d test losses for %d epochs", len(h.TestLoss), h.Epochs)
	}
	for i := len(h.TestLoss) - 1; i >= 0; i-- {
		if !math.IsNaN(h.TestLoss[i]) {
			l.testLoss, l.testEpoch = h.TestLoss[i], i+1
			break
		}
	}
	return nil
}

// A file's arrays hold finite values only: the test losses (History.TestLoss,
// NaN after the epochs that do not score the test set) are stored as
// history/test_loss, the finite values (0 in the other epochs), and
// history/test_scored, a code per epoch.
const (
	testNone     = iota // not scored (or NaN)
	testValue           // the value in history/test_loss
	testPlusInf         // +Inf
	testMinusInf        // −Inf
)

// splitTest splits test losses into the values and the codes a file holds.
func splitTest(loss []float64) (vals, codes []float64) {
	vals, codes = make([]float64, len(loss)), make([]float64, len(loss))
	for i, v := range loss {
		switch {
		case math.IsNaN(v):
			codes[i] = testNone
		case math.IsInf(v, 1):
			codes[i] = testPlusInf
		case math.IsInf(v, -1):
			codes[i] = testMinusInf
		default:
			vals[i], codes[i] = v, testValue
		}
	}
	return vals, codes
}

// joinTest is splitTest undone.
func joinTest(vals []float64, codes []int) []float64 {
	loss := make([]float64, len(vals))
	for i, c := range codes {
		loss[i] = [...]float64{math.NaN(), vals[i], math.Inf(1), math.Inf(-1)}[c]
	}
	return loss
}
