package nets

import (
	"fmt"
	"math"
)

// Limits on the size of a net. They are checked before anything of that
// size is allocated (Spec.Check before a parameter store or a weights
// file's arrays, CheckSize before a model runs on a batch), so that a
// mistyped width or a hostile weights file is a one-line error rather than
// an exhausted memory.
const (
	// MaxParams is the most parameters a net may have: 16,777,216 float64
	// values, 128 MiB, of which training keeps about five copies (weights,
	// gradients, Adam's two moments, a snapshot).
	MaxParams = 1 << 24
	// MaxActivations bounds one pass over a batch: the batch size times
	// the sum of the widths, 33,554,432 values (256 MiB). An engine keeps
	// many such arrays: the Gorgonia engine peaked at 2.3 GB on a pass of
	// 10.6 million values (the default AE on 100,000 samples, full batch).
	// Training evaluates the whole data set in one pass.
	MaxActivations = 1 << 25
)

// widthFlags names the flags that set the widths, for the errors of the limits.
const widthFlags = "--hidden, --latent, --decoder or --layers"

// ParamCount returns the number of parameters of s, the values of
// Zeros(s), computed from the widths without building anything (math.MaxInt
// if that overflows): the weights and biases of every dense layer, a VAE's
// logσ² head beside μ, and no decoder weights with Tied (they are the
// encoder's). The widths must be > 0. TestParamCount holds it to Zeros.
func (s Spec) ParamCount() int {
	l := s.Layers()
	code := len(s.Encoder) + 1 // index of the code in l
	n := 0
	add := func(in, out int, weights bool) {
		if weights {
			n = satAdd(n, satMul(in, out))
		}
		n = satAdd(n, out)
	}
	for i := 1; i < len(l); i++ {
		add(l[i-1], l[i], !s.Tied || i <= code)
	}
	if s.IsVAE() {
		add(l[code-1], s.Latent, true)
	}
	return n
}

// checkSize reports a net with more than MaxParams parameters.
func (s Spec) checkSize() error {
	if n := s.ParamCount(); n > MaxParams {
		return fmt.Errorf("layers %s: %s parameters, above the limit of nets.MaxParams = %d; use narrower layers (%s)",
			s.LayerString(), countString(n), MaxParams, widthFlags)
	}
	return nil
}

// CheckSize reports whether s fits the limits on batches of n samples:
// MaxParams, and n × the sum of its widths within MaxActivations.
func (s Spec) CheckSize(n int) error {
	if err := s.checkSize(); err != nil {
		return err
	}
	w := 0
	for _, v := range s.Layers() {
		w = satAdd(w, v)
	}
	if s.IsVAE() {
		w = satAdd(w, satMul(3, s.Latent)) // logσ², ε and z beside μ
	}
	if a := satMul(n, w); n < 0 || a > MaxActivations {
		return fmt.Errorf("layers %s on batches of %d samples: %s values per pass, above the limit of nets.MaxActivations = %d; use narrower layers (%s) or less data",
			s.LayerString(), n, countString(a), MaxActivations, widthFlags)
	}
	return nil
}

func satAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

func satMul(a, b int) int {
	if a != 0 && b > math.MaxInt/a {
		return math.MaxInt
	}
	return a * b
}

func countString(n int) string {
	if n == math.MaxInt {
		return "more than 9.2e18"
	}
	return fmt.Sprint(n)
}
