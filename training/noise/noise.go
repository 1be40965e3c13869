package noise

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// A Model corrupts one sample at a level (a probability, a count or a
// standard deviation, as the model says). It writes into dst and never
// changes src; every draw comes from r, so a seeded r gives the same
// corruption.
type Model interface {
	Name() string
	// CheckLevel reports a level the model cannot use on samples of d values.
	CheckLevel(level float64, d int) error
	CorruptSample(dst, src []float64, level float64, r *rand.Rand)
}

// SaltPepper replaces each pixel, with probability level, by 0 or by 1 with
// equal chance. On binary data about half of the hits leave the pixel as it
// was, so level p changes about p/2 of the pixels.
type SaltPepper struct{}

func (SaltPepper) Name() string                          { return "salt-pepper" }
func (SaltPepper) CheckLevel(level float64, _ int) error { return checkProbability(level) }
func (SaltPepper) CorruptSample(dst, src []float64, p float64, r *rand.Rand) {
	for i, v := range src {
		if r.Float64() < p {
			v = float64(r.IntN(2))
		}
		dst[i] = v
	}
}

// Flip replaces each pixel, with probability level, by 1 − pixel.
type Flip struct{}

func (Flip) Name() string                          { return "flip" }
func (Flip) CheckLevel(level float64, _ int) error { return checkProbability(level) }
func (Flip) CorruptSample(dst, src []float64, p float64, r *rand.Rand) {
	for i, v := range src {
		if r.Float64() < p {
			v = 1 - v
		}
		dst[i] = v
	}
}

// FlipN flips exactly level (a whole number) distinct pixels, chosen uniformly.
type FlipN struct{}

func (FlipN) Name() string { return "flip-n" }
func (FlipN) CheckLevel(level float64, d int) error {
	if level != math.Trunc(level) || level < 0 || level > float64(d) {
		return fmt.Errorf("flip-n: %v pixels, want a whole number from 0 to %d (the sample size)", level, d)
	}
	return nil
}
func (FlipN) CorruptSample(dst, src []float64, n float64, r *rand.Rand) {
	// Selection sampling (Knuth's Algorithm S): pixel i is chosen with
	// probability (still to choose)/(still to see), which picks exactly n
	// distinct pixels, every set of n equally likely, in one pass.
	need, d := int(n), len(src)
	for i, v := range src {
		if need > 0 && r.IntN(d-i) < need {
			v = 1 - v
			need--
		}
		dst[i] = v
	}
}

// Gaussian adds N(0, level²) to each pixel and clips to [0,1].
type Gaussian struct{}

func (Gaussian) Name() string { return "gaussian" }
func (Gaussian) CheckLevel(level float64, _ int) error {
	if !(level >= 0) || math.IsInf(level, 0) {
		return fmt.Errorf("gaussian: σ %v, want ≥ 0", level)
	}
	return nil
}
func (Gaussian) CorruptSample(dst, src []float64, sigma float64, r *rand.Rand) {
	for i, v := range src {
		dst[i] = math.Min(1, math.Max(0, v+sigma*r.NormFloat64()))
	}
}

func checkProbability(p float64) error {
	if !(p >= 0 && p <= 1) {
		return fmt.Errorf("noise level %v outside [0,1]", p)
	}
	return nil
}

// Models lists the models by name.
var Models = []Model{SaltPepper{}, Flip{}, FlipN{}, Gaussian{}}

// ParseModel returns the model named name.
func ParseModel(name string) (Model, error) {
	var names []string
	for _, m := range Models {
		if m.Name() == name {
			return m, nil
		}
		names = append(names, m.Name())
	}
	return nil, fmt.Errorf("unknown noise %q (want one of %s)", name, strings.Join(names, ", "))
}

// Noise is how training corrupts its inputs: a model at a fixed level, or
// at a level drawn uniformly from [Lo, Hi] every epoch or, with PerSample,
// for every sample (whole numbers for flip-n).
type Noise struct {
	Model     Model
	Level     float64 // the level, when not Ranged
	Ranged    bool
	Lo, Hi    float64
	PerSample bool
}

// Check reports settings that cannot work on samples of d values.
func (n *Noise) Check(d int) error {
	if n.Model == nil {
		return fmt.Errorf("noise without a model")
	}
	if !n.Ranged {
		if n.PerSample {
			return fmt.Errorf("a level per sample needs a range of levels")
		}
		return n.Model.CheckLevel(n.Level, d)
	}
	if !(n.Lo <= n.Hi) {
		return fmt.Errorf("empty range of noise levels [%v, %v]", n.Lo, n.Hi)
	}
	if err := n.Model.CheckLevel(n.Lo, d); err != nil {
		return err
	}
	return n.Model.CheckLevel(n.Hi, d)
}

// String describes the noise in words: "salt-pepper 0.1",
// "flip [0, 0.15] per epoch".
func (n *Noise) String() string {
	if !n.Ranged {
		return fmt.Sprintf("%s %g", n.Model.Name(), n.Level)
	}
	per := "epoch"
	if n.PerSample {
		per = "sample"
	}
	return fmt.Sprintf("%s [%g, %g] per %s", n.Model.Name(), n.Lo, n.Hi, per)
}

func (n *Noise) draw(r *rand.Rand) float64 {
	if _, whole := n.Model.(FlipN); whole {
		return n.Lo + float64(r.IntN(int(n.Hi-n.Lo)+1))
	}
	return n.Lo + (n.Hi-n.Lo)*r.Float64()
}

// EpochLevel returns the level of an epoch: the fixed level, or one drawn
// from the range (unless levels are drawn per sample).
func (n *Noise) EpochLevel(r *rand.Rand) float64 {
	if n.Ranged && !n.PerSample {
		return n.draw(r)
	}
	return n.Level
}

// Corrupt writes into dst a corrupted copy of the k samples of width d in
// src, at the epoch's level (or at a level drawn for each sample).
func (n *Noise) Corrupt(dst, src []float64, k, d int, epochLevel float64, r *rand.Rand) {
	for i := range k {
		level := epochLevel
		if n.Ranged && n.PerSample {
			level = n.draw(r)
		}
		n.Model.CorruptSample(dst[i*d:(i+1)*d], src[i*d:(i+1)*d], level, r)
	}
}
