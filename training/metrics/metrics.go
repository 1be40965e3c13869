package metrics

import "math"

// WrongPixels counts, for each of the n samples of width d, the pixels where
// the output thresholded at 0.5 differs from the target thresholded at 0.5.
// It writes the counts into dst (grown if short) and returns it.
func WrongPixels(target, out []float64, n, d int, dst []int) []int {
	if cap(dst) < n {
		dst = make([]int, n)
	}
	dst = dst[:n]
	for i := range n {
		c := 0
		t, o := target[i*d:(i+1)*d], out[i*d:(i+1)*d]
		for j := range d {
			if (t[j] >= 0.5) != (o[j] >= 0.5) {
				c++
			}
		}
		dst[i] = c
	}
	return dst
}

// Wrong summarises wrong pixels per sample.
type Wrong struct {
	Max     int     // the most wrong pixels of any sample
	Mean    float64 // mean wrong pixels per sample
	Perfect int     // samples with no wrong pixel
}

// Summarize returns the summary of per-sample wrong-pixel counts.
func Summarize(wrong []int) Wrong {
	var s Wrong
	total := 0
	for _, w := range wrong {
		total += w
		if w > s.Max {
			s.Max = w
		}
		if w == 0 {
			s.Perfect++
		}
	}
	if len(wrong) > 0 {
		s.Mean = float64(total) / float64(len(wrong))
	}
	return s
}

// MeanSquaredError returns the mean squared difference between out and
// target of each of the n samples of width d, in dst (grown if short).
func MeanSquaredError(target, out []float64, n, d int, dst []float64) []float64 {
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	for i := range n {
		s := 0.0
		t, o := target[i*d:(i+1)*d], out[i*d:(i+1)*d]
		for j := range d {
			e := o[j] - t[j]
			s += e * e
		}
		dst[i] = s / float64(d)
	}
	return dst
}

// MeanSD returns the mean and the (population) standard deviation of v.
func MeanSD(v []float64) (mean, sd float64) {
	if len(v) == 0 {
		return 0, 0
	}
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	for _, x := range v {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(v)))
}
