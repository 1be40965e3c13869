package check

import (
	"fmt"
	"math"
	"time"

	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/training"
)

// Engine is a model and the name its errors are reported under.
type Engine struct {
	Name  string // "gorgonia", "backprop"
	Model nets.Model
}

// Step is one step of two models in lockstep.
type Step struct {
	Step         int     // from 1
	LossA, LossB float64 // each model's loss of the step (before it)
	WeightDiff   float64 // max |Δw|: the largest difference of any weight after the step
	LossDiff     float64 // |LossA − LossB|
	TimeA, TimeB time.Duration
}

// Lockstep takes steps training steps on a and b, in turn, on the same
// batches: epoch after epoch of batches, as training.Train feeds them (so
// a model stepped here ends with the weights Train gives it). After every
// step it calls each, and stops early when each returns false.
func Lockstep(a, b Engine, batches *training.Batcher, steps int, each func(Step) bool) error {
	for step := 0; step < steps; {
		batches.Epoch()
		for step < steps {
			x, t, n, ok := batches.Next()
			if !ok {
				break
			}
			var r Step
			var err error
			start := time.Now()
			if r.LossA, err = a.Model.TrainStep(x, t, n); err != nil {
				return fmt.Errorf("step %d: %s engine: %w", step+1, a.Name, err)
			}
			mid := time.Now()
			if r.LossB, err = b.Model.TrainStep(x, t, n); err != nil {
				return fmt.Errorf("step %d: %s engine: %w", step+1, b.Name, err)
			}
			r.TimeA, r.TimeB = mid.Sub(start), time.Since(mid)
			r.WeightDiff, r.LossDiff = a.Model.Params().MaxAbsDiff(b.Model.Params()), math.Abs(r.LossA-r.LossB)
			step++
			r.Step = step
			if !each(r) {
				return nil
			}
		}
	}
	return nil
}
