package noise

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/aenets/aenets/data"
	"github.com/aenets/aenets/internal/rng"
	"github.com/aenets/aenets/training/metrics"
)

// changed counts the values of a that differ from b.
func changed(a, b []float64) int {
	c := 0
	for i := range a {
		if a[i] != b[i] {
			c++
		}
	}
	return c
}

// TestNoiseRates checks each model's statistics over many draws on the
// font: the fraction of pixels changed, within 5 standard errors.
func TestNoiseRates(t *testing.T) {
	font := data.Font()
	const copies = 300
	src := make([]float64, 0, copies*font.N*font.D)
	for range copies {
		src = append(src, font.X...)
	}
	dst := make([]float64, len(src))
	total := float64(len(src))
	for _, c := range []struct {
		model Model
		level float64
		rate  float64 // expected fraction of pixels changed
	}{
		{Flip{}, 0.1, 0.1},
		{Flip{}, 0.03, 0.03},
		{SaltPepper{}, 0.1, 0.05}, // half of the hits draw the value the pixel had
		{SaltPepper{}, 0.3, 0.15},
		{Flip{}, 0, 0},
		{SaltPepper{}, 1, 0.5},
	} {
		orig := slices.Clone(src)
		n := &Noise{Model: c.model, Level: c.level}
		n.Corrupt(dst, src, copies*font.N, font.D, c.level, rand.New(rand.NewPCG(1, 2)))
		if !slices.Equal(src, orig) {
			t.Fatalf("%s changed its source", c.model.Name())
		}
		got := float64(changed(dst, src)) / total
		se := math.Sqrt(c.rate * (1 - c.rate) / total)
		if math.Abs(got-c.rate) > 5*se+1e-12 {
			t.Errorf("%s %v: %.4f of pixels changed, want %.4f ± %.4f", c.model.Name(), c.level, got, c.rate, 5*se)
		}
		for _, v := range dst {
			if v != 0 && v != 1 {
				t.Fatalf("%s made a non-binary pixel %v", c.model.Name(), v)
			}
		}
	}
}

func TestFlipNExact(t *testing.T) {
	src := make([]float64, 35)
	dst := make([]float64, 35)
	r := rand.New(rand.NewPCG(3, 3))
	hits := make([]int, 35)
	for _, k := range []int{0, 1, 3, 17, 34, 35} {
		for range 2000 {
			FlipN{}.CorruptSample(dst, src, float64(k), r)
			if c := changed(dst, src); c != k {
				t.Fatalf("flip-n %d flipped %d", k, c)
			}
			if k == 3 {
				for i, v := range dst {
					if v != 0 {
						hits[i]++
					}
				}
			}
		}
	}
	// Every pixel is as likely to be chosen: 2000·3/35 ≈ 171 each.
	for i, h := range hits {
		if h < 110 || h > 240 {
			t.Errorf("pixel %d chosen %d times of 6000, want ≈ 171", i, h)
		}
	}
	if err := (FlipN{}).CheckLevel(36, 35); err == nil || !strings.Contains(err.Error(), "0 to 35") {
		t.Errorf("more flips than pixels: %v", err)
	}
	if err := (FlipN{}).CheckLevel(2.5, 35); err == nil {
		t.Error("half a pixel accepted")
	}
}

func TestGaussian(t *testing.T) {
	const n = 100000
	src := make([]float64, n)
	for i := range src {
		src[i] = 0.5
	}
	dst := make([]float64, n)
	Gaussian{}.CorruptSample(dst, src, 0.1, rand.New(rand.NewPCG(5, 5)))
	mean, sd := metrics.MeanSD(dst)
	if math.Abs(mean-0.5) > 0.002 || math.Abs(sd-0.1) > 0.002 {
		t.Errorf("mean %v sd %v, want 0.5 and 0.1", mean, sd)
	}
	Gaussian{}.CorruptSample(dst, src, 5, rand.New(rand.NewPCG(5, 5)))
	if slices.Min(dst) != 0 || slices.Max(dst) != 1 {
		t.Errorf("not clipped to [0,1]: %v..%v", slices.Min(dst), slices.Max(dst))
	}
	if err := (Gaussian{}).CheckLevel(-0.1, 1); err == nil {
		t.Error("σ < 0 accepted")
	}
}

func TestNoiseDeterministic(t *testing.T) {
	font := data.Font()
	for _, m := range Models {
		level := 0.2
		if m.Name() == "flip-n" {
			level = 4
		}
		a, b := make([]float64, len(font.X)), make([]float64, len(font.X))
		n := &Noise{Model: m, Level: level}
		n.Corrupt(a, font.X, font.N, font.D, level, rng.New(9, rng.Noise))
		n.Corrupt(b, font.X, font.N, font.D, level, rng.New(9, rng.Noise))
		if !slices.Equal(a, b) {
			t.Errorf("%s: same seed, different noise", m.Name())
		}
		n.Corrupt(b, font.X, font.N, font.D, level, rng.New(10, rng.Noise))
		if slices.Equal(a, b) {
			t.Errorf("%s: seeds 9 and 10 give the same noise", m.Name())
		}
	}
}

func TestNoiseRanges(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	n := &Noise{Model: Flip{}, Ranged: true, Lo: 0.05, Hi: 0.15}
	seen := map[bool]bool{}
	for range 1000 {
		l := n.EpochLevel(r)
		if l < 0.05 || l > 0.15 {
			t.Fatalf("level %v outside the range", l)
		}
		seen[l < 0.1] = true
	}
	if len(seen) != 2 {
		t.Error("levels do not cover the range")
	}
	whole := &Noise{Model: FlipN{}, Ranged: true, Lo: 1, Hi: 3}
	counts := map[float64]int{}
	for range 3000 {
		counts[whole.EpochLevel(r)]++
	}
	if len(counts) != 3 || counts[1] < 900 || counts[3] < 900 {
		t.Errorf("flip-n levels drawn from [1,3]: %v", counts)
	}
	// Per sample: different samples of one batch get different levels.
	per := &Noise{Model: Gaussian{}, Ranged: true, Lo: 0, Hi: 1, PerSample: true}
	src := make([]float64, 2*5000)
	for i := range src {
		src[i] = 0.5
	}
	dst := make([]float64, len(src))
	per.Corrupt(dst, src, 2, 5000, per.EpochLevel(r), r)
	_, sd1 := metrics.MeanSD(dst[:5000])
	_, sd2 := metrics.MeanSD(dst[5000:])
	if math.Abs(sd1-sd2) < 1e-3 {
		t.Errorf("two samples got the same level (sd %v, %v)", sd1, sd2)
	}
	for _, bad := range []*Noise{
		{Model: Flip{}, Level: 1.5},
		{Model: Flip{}, Ranged: true, Lo: 0.2, Hi: 0.1},
		{Model: Flip{}, Ranged: true, Lo: -0.1, Hi: 0.1},
		{Model: Flip{}, Level: 0.1, PerSample: true},
		{Model: FlipN{}, Level: 40},
	} {
		if err := bad.Check(35); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if _, err := ParseModel("speckle"); err == nil || !strings.Contains(err.Error(), "salt-pepper, flip, flip-n, gaussian") {
		t.Errorf("unknown noise: %v", err)
	}
}
