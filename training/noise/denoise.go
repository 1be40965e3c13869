package noise

import (
	"math"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/internal/setting"
	"github.com/aenets/aenets/nets"
	"github.com/aenets/aenets/training/metrics"
)

// Eval is how well a model denoises fresh noisy copies of a dataset at
// one noise level, beside the same figures for the noisy input itself ("do
// nothing"). Wrong pixels are counted against the clean samples.
type Eval struct {
	Level                float64   `json:"level"`
	InputWrongPixels     float64   `json:"input_wrong_pixels"`      // mean per sample, noisy input
	OutputWrongPixels    float64   `json:"output_wrong_pixels"`     // mean per sample, denoised
	OutputMaxWrongPixels int       `json:"output_max_wrong_pixels"` // worst denoised sample
	WithinOnePixel       float64   `json:"within_one_pixel"`        // fraction of denoised samples with ≤ 1 wrong pixel
	InputWithinOnePixel  float64   `json:"input_within_one_pixel"`  // the same for the noisy input
	OutputPerSample      []float64 `json:"output_per_sample"`       // mean wrong pixels of each sample over the copies
	InputPerSample       []float64 `json:"input_per_sample"`

	// The first copy, for figures: its noisy inputs and their denoisings.
	Noisy    []float64 `json:"-"`
	Denoised []float64 `json:"-"`
}

// CheckEvaluation reports evaluation settings EvaluateDenoising cannot use
// with model on samples of d values (d ≤ 0: the levels are checked later,
// once the data is known), as *setting.Error.
func CheckEvaluation(model Model, levels []float64, copies, d int) error {
	switch {
	case len(levels) == 0:
		return setting.New("test-levels", "(none)", "at least one level")
	case copies <= 0:
		return setting.New("copies", copies, "> 0")
	}
	if d > 0 {
		for _, l := range levels {
			if err := model.CheckLevel(l, d); err != nil {
				return setting.Wrap("test-levels", err)
			}
		}
	}
	return nil
}

// EvaluateDenoising corrupts copies fresh copies of ds with model at each
// level, denoises them with m, and counts wrong pixels against the clean
// samples. The noise of each level comes from its own stream of seed, so a
// level's figures do not depend on which other levels are evaluated.
func EvaluateDenoising(m nets.Model, ds *data.Dataset, model Model, levels []float64, copies int, seed uint64) ([]Eval, error) {
	n, d := ds.N, ds.D
	total := copies * n
	clean := make([]float64, 0, total*d)
	for range copies {
		clean = append(clean, ds.X...)
	}
	noisy := make([]float64, total*d)
	out := make([]float64, total*d)
	var evals []Eval
	for _, level := range levels {
		if err := model.CheckLevel(level, d); err != nil {
			return nil, err
		}
		r := rng.NewKeyed(seed, rng.EvalNoise, math.Float64bits(level))
		noise := &Noise{Model: model, Level: level}
		noise.Corrupt(noisy, clean, total, d, level, r)
		if _, err := m.Evaluate(noisy, clean, total, out, nil); err != nil {
			return nil, err
		}
		in := metrics.WrongPixels(clean, noisy, total, d, nil)
		o := metrics.WrongPixels(clean, out, total, d, nil)
		e := Eval{Level: level, OutputPerSample: make([]float64, n), InputPerSample: make([]float64, n),
			Noisy: append([]float64(nil), noisy[:n*d]...), Denoised: append([]float64(nil), out[:n*d]...)}
		var inSum, outSum, inOne, outOne int
		inPer, outPer := make([]int, n), make([]int, n)
		for i := range total {
			inSum, outSum = inSum+in[i], outSum+o[i]
			inPer[i%n] += in[i]
			outPer[i%n] += o[i]
			e.OutputMaxWrongPixels = max(e.OutputMaxWrongPixels, o[i])
			if o[i] <= 1 {
				outOne++
			}
			if in[i] <= 1 {
				inOne++
			}
		}
		e.InputWrongPixels, e.OutputWrongPixels = ratio(inSum, total), ratio(outSum, total)
		e.InputWithinOnePixel, e.WithinOnePixel = ratio(inOne, total), ratio(outOne, total)
		for i := range n {
			e.InputPerSample[i], e.OutputPerSample[i] = ratio(inPer[i], copies), ratio(outPer[i], copies)
		}
		evals = append(evals, e)
	}
	return evals, nil
}

func ratio(a, b int) float64 { return float64(a) / float64(b) }
