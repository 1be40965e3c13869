package outlier

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/training/metrics"
)

// Threshold is a rule that sets the outlier threshold from the training
// samples' reconstruction errors.
type Threshold struct {
	Kind  string  // "sigma", "quantile", "max" or "value"
	Param float64 // K, Q, F or the value itself
}

func (t Threshold) String() string {
	if t.Kind == "value" {
		return strconv.FormatFloat(t.Param, 'g', -1, 64)
	}
	return t.Kind + ":" + strconv.FormatFloat(t.Param, 'g', -1, 64)
}

// ParseThreshold reads "sigma:K" (mean + K standard deviations), "quantile:Q"
// (the Q-quantile, 0 ≤ Q ≤ 1, linearly interpolated), "max:F" (F × the
// largest error) or a plain number (the threshold itself).
func ParseThreshold(s string) (Threshold, error) {
	kind, arg, ok := strings.Cut(s, ":")
	if !ok {
		kind, arg = "value", s
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(arg), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return Threshold{}, fmt.Errorf("%q: want sigma:K, quantile:Q, max:F or a number", s)
	}
	t := Threshold{Kind: kind, Param: v}
	switch {
	case kind != "sigma" && kind != "quantile" && kind != "max" && kind != "value":
		return t, fmt.Errorf("%q: unknown rule %q (want sigma, quantile or max)", s, kind)
	case kind == "quantile" && (v < 0 || v > 1):
		return t, fmt.Errorf("%q: quantile %v outside [0,1]", s, v)
	case kind != "quantile" && v < 0:
		return t, fmt.Errorf("%q: want a value ≥ 0", s)
	}
	return t, nil
}

// Of returns the threshold for the training errors errs.
func (t Threshold) Of(errs []float64) float64 {
	mean, sd := metrics.MeanSD(errs)
	switch t.Kind {
	case "sigma":
		return mean + t.Param*sd
	case "quantile":
		s := slices.Sorted(slices.Values(errs))
		pos := t.Param * float64(len(s)-1)
		lo := int(math.Floor(pos))
		if lo >= len(s)-1 {
			return s[len(s)-1]
		}
		return s[lo] + (pos-float64(lo))*(s[lo+1]-s[lo])
	case "max":
		return t.Param * slices.Max(errs)
	}
	return t.Param
}

// Result is the scoring of a set of samples against a training set.
type Result struct {
	Rule        Threshold
	Threshold   float64
	TrainScores []float64 // reconstruction error of each training sample
	TrainMean   float64
	TrainSD     float64
	TrainMax    float64
	Scores      []float64 // reconstruction error of each scored sample
	WrongPixels []int     // wrong pixels of each scored sample
	Outlier     []bool    // score above the threshold
	Count       int       // outliers found
	Recon       []float64 // reconstructions of the scored samples (N×D)
}

// Score scores the samples of test by their reconstruction error
// (mean squared error per pixel) under m, with the threshold that rule
// derives from the errors of the samples of train.
func Score(m nets.Model, train, test *data.Dataset, rule Threshold) (*Result, error) {
	o := &Result{Rule: rule}
	trainOut := make([]float64, train.N*train.D)
	if _, err := m.Evaluate(train.X, train.X, train.N, trainOut, nil); err != nil {
		return nil, err
	}
	o.TrainScores = metrics.MeanSquaredError(train.X, trainOut, train.N, train.D, nil)
	o.TrainMean, o.TrainSD = metrics.MeanSD(o.TrainScores)
	o.TrainMax = slices.Max(o.TrainScores)
	o.Threshold = rule.Of(o.TrainScores)
	o.Recon = make([]float64, test.N*test.D)
	if _, err := m.Evaluate(test.X, test.X, test.N, o.Recon, nil); err != nil {
		return nil, err
	}
	o.Scores = metrics.MeanSquaredError(test.X, o.Recon, test.N, test.D, nil)
	o.WrongPixels = metrics.WrongPixels(test.X, o.Recon, test.N, test.D, nil)
	o.Outlier = make([]bool, test.N)
	for i, s := range o.Scores {
		if s > o.Threshold {
			o.Outlier[i] = true
			o.Count++
		}
	}
	return o, nil
}
