package plot

import (
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkFigures60k draws every figure that grows with the number of
// samples for 60,000 MNIST-sized samples (28×28, labels 0 to 9), the scale
// of MNIST's training set; each must take well under 2 s (ns/op < 2e9):
//
//	go test ./results/plot -run '^$' -bench Figures60k -benchtime 1x
func BenchmarkFigures60k(b *testing.B) {
	const n, side = 60000, 28
	r := rand.New(rand.NewPCG(1, 2))
	im := Images{N: n, Rows: side, Cols: side, Pix: make([]float64, n*side*side), Labels: make([]string, n)}
	for i := range n {
		im.Labels[i] = strconv.Itoa(i % 10)
		for j := range side * side {
			if r.Float64() < 0.2 {
				im.Pix[i*side*side+j] = r.Float64()
			}
		}
	}
	rec := noisyCopy(r, im, false)
	codes := func(dim int) []float64 {
		c := make([]float64, n*dim)
		for i := range c {
			c[i] = r.NormFloat64() + float64(i/dim%10)
		}
		return c
	}
	c1, c2, c3, c20 := codes(1), codes(2), codes(3), codes(20)
	wrong := make([]int, n)
	errs, scores := make([]float64, n), make([]float64, n)
	for i := range n {
		wrong[i], errs[i], scores[i] = r.IntN(20), 0.05*r.ExpFloat64(), 0.01*r.ExpFloat64()
	}
	dir := b.TempDir()
	figs := map[string]func(string) error{
		"recon-gray":   func(p string) error { return Reconstructions(p, im, rec, false, "60,000 reconstructions") },
		"recon-binary": func(p string) error { return Reconstructions(p, im, rec, true, "60,000 reconstructions") },
		"denoise":      func(p string) error { return Denoising(p, im, rec, im, "60,000 denoised") },
		"latent1":      func(p string) error { return Latent(p, c1, 1, im.Labels, nil, "1-D") },
		"latent2":      func(p string) error { return LatentBox(p, c2, 2, im.Labels, nil, -2, 12, "2-D") },
		"latent2-thumbs": func(p string) error {
			return Latent(p, c2, 2, im.Labels, &im, "2-D, thumbnails asked for")
		},
		"latent20":  func(p string) error { return Latent(p, c20, 20, im.Labels, nil, "20-D") },
		"latent3d":  func(p string) error { return Latent3D(p, c3, im.Labels, &im, "3-D") },
		"wrong":     func(p string) error { return WrongPixels(p, im.Labels, wrong, "wrong pixels") },
		"errorbars": func(p string) error { return ErrorBars(p, im.Labels, errs, "errors") },
		"outliers":  func(p string) error { return Outliers(p, im.Labels, scores, 0.05, nil, scores[:1000], "outliers") },
	}
	for name, draw := range figs {
		b.Run(name, func(b *testing.B) {
			for range b.N {
				if err := draw(filepath.Join(dir, name+".png")); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
