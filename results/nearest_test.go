package results

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/aenets/aenets/data"
)

// nearestBrute is NearestMAE as it was written first: the plain double
// loop.
func nearestBrute(samples, data []float64, ns, nd, d int) (nearest []float64, mean float64) {
	nearest = make([]float64, ns)
	for i := range ns {
		s := samples[i*d : (i+1)*d]
		best := math.Inf(1)
		for j := range nd {
			e := 0.0
			for p, v := range data[j*d : (j+1)*d] {
				e += math.Abs(s[p] - v)
			}
			best = min(best, e/float64(d))
		}
		nearest[i] = best
		mean += best / float64(ns)
	}
	return nearest, mean
}

// TestNearestMAEExact: the arranged search gives the brute force's bits,
// on random images of sizes around its blocks, on the emoji (with samples
// among them: distance 0, and ties), with NaN and ±Inf values, and on
// enough images to be split over 1, 2 and 3 cores.
func TestNearestMAEExact(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	fill := func(n int, f func() float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = f()
		}
		return v
	}
	type input struct {
		name          string
		samples, data []float64
		ns, nd, d     int
	}
	emoji := data.Emoji()
	var inputs []input
	for _, d := range []int{1, 15, 16, 17, 64, 65, 100} {
		inputs = append(inputs, input{"random", fill(9*d, r.Float64), fill(300*d, r.Float64), 9, 300, d})
		coarse := func() float64 { return float64(r.IntN(3)) / 2 } // many ties
		inputs = append(inputs, input{"coarse", fill(9*d, coarse), fill(50*d, coarse), 9, 50, d})
	}
	mixed := append(fill(3*emoji.D, r.Float64), emoji.X[5*emoji.D:8*emoji.D]...)
	inputs = append(inputs, input{"emoji", mixed, emoji.X, 6, emoji.N, emoji.D})
	odd := fill(4*20, r.Float64)
	odd[25], odd[47], odd[70] = math.NaN(), math.Inf(1), math.Inf(-1)
	oddData := fill(30*20, r.Float64)
	oddData[3*20+7] = math.NaN()
	inputs = append(inputs, input{"NaN and Inf in samples", odd, fill(30*20, r.Float64), 4, 30, 20},
		input{"NaN in data", fill(4*20, r.Float64), oddData, 4, 30, 20})
	inputs = append(inputs, input{"many", fill(7*17, r.Float64), fill(2000*17, r.Float64), 7, 2000, 17})
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(procs)
		for _, in := range inputs {
			got, gotMean := NearestMAE(in.samples, in.data, in.ns, in.nd, in.d)
			want, wantMean := nearestBrute(in.samples, in.data, in.ns, in.nd, in.d)
			same := math.Float64bits(gotMean) == math.Float64bits(wantMean)
			for i := range want {
				same = same && math.Float64bits(got[i]) == math.Float64bits(want[i])
			}
			if !same {
				t.Errorf("%s, %d values, %d cores: %v (mean %v), brute force %v (mean %v)", in.name, in.d, procs, got, gotMean, want, wantMean)
			}
		}
	}
}
