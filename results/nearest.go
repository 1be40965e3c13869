package results

import (
	"math"
	"runtime"
	"sync"
)

// This file measures how near a VAE's prior samples come to its data.

// NearestMAE returns, for each of the ns images in samples, the mean
// absolute pixel error to the nearest of the nd images in data (d values
// each), and the mean of those over the samples.
//
// Each candidate's error is summed pixel after pixel as the plain double
// loop would, so the result is its bits; only the work is arranged for
// speed. The data is read once, a slice of it per core, each image against
// every sample while it is in cache, four samples at a time (four sums in
// flight). A sum stops early once every one of the four exceeds its
// sample's nearest so far: the terms are ≥ 0, so a sum, rounded, only
// grows, and such a candidate is nearest to none of them. The minimum does
// not depend on the order the candidates come in, and dividing by d keeps
// the order of the sums (a NaN stays a NaN, as min keeps it).
func NearestMAE(samples, data []float64, ns, nd, d int) (nearest []float64, mean float64) {
	parts := max(1, min(runtime.GOMAXPROCS(0), nd/256))
	sums := make([][]float64, parts)
	var wg sync.WaitGroup
	for w := range parts {
		from, to := w*nd/parts, (w+1)*nd/parts
		wg.Go(func() { sums[w] = nearestSums(samples, data[from*d:to*d], ns, d) })
	}
	wg.Wait()
	nearest = make([]float64, ns)
	for i := range ns {
		best := math.Inf(1)
		for _, s := range sums {
			best = min(best, s[i])
		}
		nearest[i] = best / float64(d)
		mean += nearest[i] / float64(ns)
	}
	return nearest, mean
}

// nearestSums returns, for each of the ns samples, the smallest sum of
// absolute differences to the images of data (d values each).
func nearestSums(samples, data []float64, ns, d int) []float64 {
	best := make([]float64, ns)
	for i := range best {
		best[i] = math.Inf(1)
	}
	for j := 0; j < len(data); j += d {
		img := data[j : j+d]
		i := 0
		for ; i+4 <= ns; i += 4 {
			e := sum4(img, samples[i*d:(i+4)*d], best[i:i+4])
			for k, v := range e {
				best[i+k] = min(best[i+k], v)
			}
		}
		for ; i < ns; i++ {
			e := 0.0
			for p, v := range samples[i*d : (i+1)*d] {
				e += math.Abs(v - img[p])
			}
			best[i] = min(best[i], e)
		}
	}
	return best
}

// sum4 returns the sums of absolute differences between img and each of
// the four images of s, or partial sums once all four exceed bound.
func sum4(img, s []float64, bound []float64) [4]float64 {
	const every = 64 // pixels between checks of the bounds
	d := len(img)
	var e0, e1, e2, e3 float64
	for p := 0; p < d; p += every {
		q := min(p+every, d)
		im := img[p:q]
		s0, s1, s2, s3 := s[p:q], s[d+p:d+q], s[2*d+p:2*d+q], s[3*d+p:3*d+q]
		s0, s1, s2, s3 = s0[:len(im)], s1[:len(im)], s2[:len(im)], s3[:len(im)]
		for k, v := range im {
			e0 += math.Abs(s0[k] - v)
			e1 += math.Abs(s1[k] - v)
			e2 += math.Abs(s2[k] - v)
			e3 += math.Abs(s3[k] - v)
		}
		if e0 > bound[0] && e1 > bound[1] && e2 > bound[2] && e3 > bound[3] {
			break
		}
	}
	return [4]float64{e0, e1, e2, e3}
}
